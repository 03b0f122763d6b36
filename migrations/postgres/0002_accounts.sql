-- glossa team server, schema 2: accounts with a role, and their
-- credentials (sign-in sessions and API tokens), kept as SHA-256 digests
-- of the random secrets handed out, never the secrets themselves.
CREATE TABLE account (
  name text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('translator', 'terminologist', 'admin')),
  password text NOT NULL,
  created timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE credential (
  digest text PRIMARY KEY,
  account text NOT NULL REFERENCES account (name) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('session', 'token')),
  label text,
  created timestamptz NOT NULL DEFAULT now(),
  expires timestamptz
);
CREATE INDEX credential_account ON credential (account);
