-- glossa team server, schema 1: the glossary (one JSON body per entry,
-- in glossary order), its change counter and history, and the
-- translation memory with a trigram index for fuzzy candidates.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row: the glossary's version, bumped by every write that changes an
-- entry; servers compare it to know when to rebuild their lookup index.
CREATE TABLE glossary_meta (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO glossary_meta VALUES (1, 0);

CREATE TABLE entry (
  id text PRIMARY KEY,
  pos bigint NOT NULL,
  body jsonb NOT NULL,
  rev bigint NOT NULL DEFAULT 1,
  updated timestamptz NOT NULL DEFAULT now(),
  updated_by text
);
CREATE INDEX entry_pos ON entry (pos);

-- Every change to an entry: who, when, the old and new values.
CREATE TABLE entry_history (
  seq bigserial PRIMARY KEY,
  entry_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor text,
  action text NOT NULL CHECK (action IN ('add', 'edit', 'delete')),
  old jsonb,
  new jsonb
);
CREATE INDEX entry_history_entry ON entry_history (entry_id, seq);

CREATE TABLE tm_import (
  id bigserial PRIMARY KEY,
  path text NOT NULL,
  header text,
  imported text NOT NULL
);

-- As the SQLite TM's `unit` table; `fold` is the folded French source
-- of a French -> English unit ('' otherwise), trigram-indexed.
CREATE TABLE tm_unit (
  id bigserial PRIMARY KEY,
  hash bigint NOT NULL UNIQUE,
  source_lang text NOT NULL,
  target_lang text NOT NULL,
  source text NOT NULL,
  target text NOT NULL,
  origin text,
  created text,
  note text,
  import_id bigint REFERENCES tm_import (id),
  tmx text,
  fold text NOT NULL DEFAULT ''
);
CREATE INDEX tm_unit_fold_trgm ON tm_unit USING gin (fold gin_trgm_ops);
