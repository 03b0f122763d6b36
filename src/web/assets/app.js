// glossa web app: a little vanilla JavaScript on server-rendered pages.
// Every glossary string goes into the page through textContent (never
// innerHTML), so terms like <script>alert(1)</script> show as text.
"use strict";

const CSRF = document.querySelector('meta[name="csrf-token"]').content;

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) {
    if (k === null || k === undefined) continue;
    e.append(typeof k === "string" ? document.createTextNode(k) : k);
  }
  return e;
}

async function api(method, url, body, raw) {
  const opts = { method, headers: { "X-CSRF-Token": CSRF } };
  if (body !== undefined) {
    if (raw) opts.body = body;
    else {
      opts.body = JSON.stringify(body);
      opts.headers["Content-Type"] = "application/json";
    }
  }
  const r = await fetch(url, opts);
  let data = null;
  try { data = await r.json(); } catch (_) { data = { error: r.statusText }; }
  if (!r.ok) {
    const err = new Error((data && data.error) || r.statusText);
    err.status = r.status;
    err.problems = (data && data.problems) || [];
    throw err;
  }
  return data;
}

document.addEventListener("keydown", (ev) => {
  const q = document.getElementById("q");
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName);
  if (ev.key === "/" && q && !typing) { ev.preventDefault(); q.focus(); q.select(); }
});

// ---------------------------------------------------------------- lookup
function lookupPage() {
  const q = document.getElementById("q");
  const lang = document.getElementById("lang");
  const list = document.getElementById("results");
  const status = document.getElementById("lookup-status");
  let timer = 0, seq = 0;
  const run = async () => {
    const text = q.value.trim();
    const mine = ++seq;
    if (!text) { list.replaceChildren(); status.textContent = ""; return; }
    const url = "/api/lookup?limit=10&lang=" + encodeURIComponent(lang.value) +
      "&q=" + encodeURIComponent(text);
    try {
      const data = await api("GET", url);
      if (mine !== seq) return;
      const rs = data.results || [];
      status.textContent = rs.length ? rs.length + " result" + (rs.length > 1 ? "s" : "")
        : "No entry matches “" + text + "”.";
      list.replaceChildren(...rs.map(renderResult));
      status.dataset.q = text;
      history.replaceState(null, "", "/?q=" + encodeURIComponent(text));
    } catch (e) {
      if (mine === seq) { status.textContent = e.message; list.replaceChildren(); }
    }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(run, 120); };
  q.addEventListener("input", later);
  lang.addEventListener("change", run);
  document.getElementById("lookup-form").addEventListener("submit", (e) => { e.preventDefault(); run(); });
  q.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && list.firstElementChild) { e.preventDefault(); list.firstElementChild.focus(); }
  });
  list.addEventListener("keydown", (e) => {
    const li = e.target.closest("li.result");
    if (!li) return;
    if (e.key === "ArrowDown" && li.nextElementSibling) { e.preventDefault(); li.nextElementSibling.focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (li.previousElementSibling || q).focus(); }
    if (e.key === "Enter" && e.target === li) { li.querySelector("a.open").click(); }
  });
  const start = new URLSearchParams(location.search).get("q");
  if (start) { q.value = start; run(); }
  suggestEnglish(q, lang);
}

// English candidates for a French term (GET /api/translate).
function suggestEnglish(q, lang) {
  const box = document.getElementById("suggest");
  const btn = document.getElementById("suggest-btn");
  const list = document.getElementById("suggestions");
  const status = document.getElementById("suggest-status");
  const sync = () => {
    box.hidden = !q.value.trim() || lang.value === "en";
    list.replaceChildren();
    status.textContent = "";
  };
  q.addEventListener("input", sync);
  lang.addEventListener("change", sync);
  sync();
  btn.addEventListener("click", async () => {
    const text = q.value.trim();
    if (!text) return;
    status.textContent = "Looking for English…";
    try {
      const data = await api("GET", "/api/translate?limit=5&q=" + encodeURIComponent(text));
      const cs = data.candidates || [];
      status.textContent = cs.length ? "" : "No English candidate for “" + text + "”.";
      list.replaceChildren(...cs.map((c) => el("li", { class: "result" },
        el("div", { class: "head" },
          el("span", { class: "equiv", lang: "en", text: c.en }),
          el("span", { class: "lbl", text: c.score.toFixed(2) })),
        el("ul", { class: "evidence" }, ...c.evidence.map((e) => el("li", { text: evidenceText(e) }))))));
    } catch (e) {
      status.textContent = e.message;
    }
  });
}

function evidenceText(e) {
  switch (e.kind) {
    case "glossary": return "glossary " + e.entry + ": " + e.fr + (e.preferred ? " (preferred)" : " (variant)");
    case "memory": return "memory: " + e.sentences + " of " + e.of + " sentences, e.g. «" + e.fr_example + "» → «" + e.en_example + "»";
    case "learned": return "learned: association " + e.dice.toFixed(2) + " over " + e.both + " pairs";
    case "composition": return "composition: " + e.parts.map((p) => p.fr + " → " + p.en + " (" + p.source + ")").join(", ");
    default: return e.kind;
  }
}

function termsIn(entry, lang) {
  const rank = { preferred: 0, admitted: 1, deprecated: 2, superseded: 3 };
  return (entry.terms || []).filter((t) => t.lang.split("-")[0] === lang)
    .sort((a, b) => rank[a.status] - rank[b.status]);
}

function renderResult(r) {
  const entry = r.entry || { terms: [] };
  const other = r.lang && r.lang.startsWith("fr") ? "en" : "fr";
  const matched = (entry.terms || []).find((t) => t.text === r.term) || {};
  const equivs = r.translations && r.translations.length ? r.translations
    : termsIn(entry, other).map((t) => t.text);
  const head = el("div", { class: "head" },
    el("span", { class: "term", lang: r.lang, text: r.term }),
    el("span", { class: "lbl", text: r.lang || "" }),
    "→",
    el("span", { class: "equiv", lang: other, text: equivs.join(", ") }),
    el("span", { class: "badge " + (r.kind || ""), text: (r.kind || "") + (r.score !== undefined ? " " + r.score : "") }),
    matched.status ? el("span", { class: "badge " + matched.status, text: matched.status }) : null,
    entry.state === "proposed" ? el("span", { class: "badge proposed", text: "proposed" }) : null,
    entry.subject ? el("span", { class: "hint", text: "[" + entry.subject + "]" }) : null);
  const body = el("div", {});
  const why = r.explanation || r.explain || r.why;
  if (why) body.append(el("div", { class: "explain", text: why }));
  if (r.replacement) body.append(el("div", { class: "error", text: "Do not use; use “" + r.replacement + "”" }));
  const bad = termsIn(entry, other).filter((t) => t.status === "deprecated" || t.status === "superseded");
  if (bad.length) body.append(el("div", { class: "hint", text: "Do not use: " + bad.map((t) => t.text).join(", ") }));
  if (entry.definition) body.append(el("p", {}, el("span", { class: "lbl", text: "Definition" }), entry.definition));
  let frContext = "";
  for (const t of entry.terms || []) {
    if (!t.context) continue;
    if (t.lang.startsWith("fr") && !frContext) frContext = t.context;
    body.append(el("blockquote", { lang: t.lang },
      el("span", { class: "lbl", text: t.lang + " context" }), t.context,
      t.context_source ? el("cite", { text: " — " + t.context_source }) : null));
  }
  const tm = el("div", { class: "tm" });
  body.append(tm);
  if (frContext) tmFor(frContext, tm);
  const li = el("li", { class: "result", tabindex: "0" }, head, body,
    el("a", { class: "open", href: "/entries/" + encodeURIComponent(r.entry_id || entry.id), text: "Open entry " + (r.entry_id || entry.id) }));
  return li;
}

async function tmFor(sentence, box) {
  try {
    const data = await api("GET", "/api/tm/search?limit=2&min=60&q=" + encodeURIComponent(sentence));
    for (const m of data.matches || []) {
      box.append(el("p", {}, el("span", { class: "badge", text: "TM " + m.score + "%" }), " ",
        el("span", { lang: "fr", text: m.source }), " → ", el("span", { lang: "en", text: m.target })));
    }
  } catch (_) { /* no TM yet: nothing to show */ }
}

// ----------------------------------------------------------------- entry
function entryPage() {
  const form = document.getElementById("entry-form");
  if (!form) return;
  const terms = document.getElementById("terms");
  const errors = document.getElementById("form-errors");
  const status = document.getElementById("form-status");
  const renumber = () => terms.querySelectorAll("fieldset.term legend")
    .forEach((l, i) => { l.textContent = "Term " + (i + 1); });
  form.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-action]");
    if (!b) return;
    const fs = b.closest("fieldset.term");
    if (b.dataset.action === "add-term") {
      const t = document.getElementById("term-template").content.cloneNode(true);
      const n = terms.children.length;
      t.querySelectorAll("[id]").forEach((x) => { x.id = x.id.replace(/^t99-/, "t" + n + "-"); });
      t.querySelectorAll("label[for]").forEach((x) => { x.htmlFor = x.htmlFor.replace(/^t99-/, "t" + n + "-"); });
      terms.append(t);
      renumber();
      terms.lastElementChild.querySelector('[data-k="text"]').focus();
    } else if (b.dataset.action === "remove-term" && fs) {
      fs.remove(); renumber();
    } else if (b.dataset.action === "deprecate" && fs) {
      fs.querySelector('[data-k="status"]').value = "deprecated";
      status.textContent = "Marked deprecated; press Save to keep it.";
    }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    errors.hidden = true;
    form.querySelectorAll(".field-error").forEach((p) => { p.hidden = true; });
    const entry = {};
    for (const k of ["subject", "definition", "source", "note", "state"]) entry[k] = form.elements[k].value;
    entry.terms = [...terms.querySelectorAll("fieldset.term")].map((fs) => {
      const t = {};
      fs.querySelectorAll("[data-k]").forEach((x) => {
        const k = x.dataset.k;
        if (x.type === "checkbox") t[k] = x.checked;
        else if (x.value !== "" || k === "text") t[k] = x.value;
      });
      return t;
    });
    const id = form.dataset.id;
    try {
      status.textContent = "Saving…";
      if (form.dataset.new === "true") {
        const r = await api("POST", "/api/entries", entry);
        location.href = "/entries/" + encodeURIComponent(r.id);
        return;
      }
      await api("PUT", "/api/entries/" + encodeURIComponent(id), entry);
      status.textContent = "Saved.";
    } catch (err) {
      status.textContent = "";
      showProblems(err, terms, errors);
    }
  });
}

function showProblems(err, terms, errors) {
  const rest = [];
  const problems = err.problems.length ? err.problems : [err.message];
  for (const p of problems) {
    // "empty fr term" / "term \"x\" contains…": show it by the term's fields.
    let placed = false;
    const m = /^empty (\S+) term/.exec(p);
    for (const fs of terms.querySelectorAll("fieldset.term")) {
      const lang = fs.querySelector('[data-k="lang"]').value;
      const text = fs.querySelector('[data-k="text"]').value;
      if ((m && lang === m[1] && !text.trim()) || (!m && text && p.includes(JSON.stringify(text)))) {
        const pe = fs.querySelector(".field-error");
        pe.textContent = p; pe.hidden = false;
        fs.querySelector('[data-k="text"]').setAttribute("aria-invalid", "true");
        if (!placed) fs.querySelector('[data-k="text"]').focus();
        placed = true;
        break;
      }
    }
    if (!placed) rest.push(p);
  }
  if (rest.length) { errors.textContent = rest.join(" · "); errors.hidden = false; errors.focus(); }
}

// ---------------------------------------------------------------- review
function reviewPage() {
  const list = document.getElementById("review-list");
  const count = document.getElementById("review-count");
  list.addEventListener("click", async (e) => {
    const b = e.target.closest("button[data-action]");
    if (!b) return;
    const card = b.closest("li.card");
    const note = card.querySelector("[role=status]");
    const id = card.dataset.id;
    try {
      await api("POST", "/api/entries/" + encodeURIComponent(id) + "/" + b.dataset.action);
      const next = card.nextElementSibling || card.previousElementSibling;
      card.remove();
      const left = list.children.length;
      count.textContent = left + " proposed entries awaiting review. " +
        (b.dataset.action === "accept" ? "Accepted " : "Rejected ") + id + ".";
      if (next) { const nb = next.querySelector("button"); if (nb) nb.focus(); }
    } catch (err) { note.textContent = err.message; note.className = "error"; }
  });
}

// ----------------------------------------------------------------- check
function checkPage() {
  const form = document.getElementById("check-form");
  const status = document.getElementById("check-status");
  document.querySelectorAll("input[type=file][data-into]").forEach((inp) => {
    inp.addEventListener("change", async () => {
      if (inp.files[0]) document.getElementById(inp.dataset.into).value = await inp.files[0].text();
    });
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const source = document.getElementById("source").value;
    const target = document.getElementById("target").value;
    status.textContent = "Checking…";
    try {
      const data = await api("POST", "/api/check", { source, target });
      renderCheck(target, data);
      const n = (data.findings || []).length;
      status.textContent = n ? n + " finding" + (n > 1 ? "s" : "") : "No findings: the draft follows the glossary.";
    } catch (err) { status.textContent = err.message; }
  });
}

// Character offset (in code points) of a 1-based line/column in `text`.
function offsetOf(lines, line, col) {
  let off = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) off += lines[i].length + 1;
  return off + Math.max(0, col - 1);
}

function renderCheck(target, data) {
  const chars = Array.from(target);
  const lines = target.split("\n").map((l) => Array.from(l));
  const spans = [];
  const findings = data.findings || [];
  const starts = [];
  findings.forEach((f, i) => {
    if (f.line && f.column && (!f.file || !/source/.test(f.file))) {
      const s = offsetOf(lines, f.line, f.column);
      const e = offsetOf(lines, f.end_line || f.line, f.end_column || f.column + 1);
      starts[i] = s;
      spans.push({ s, e: Math.max(e, s + 1), cls: f.severity, i, title: f.message });
    }
  });
  for (const h of data.highlights || []) {
    const s = offsetOf(lines, h.line, h.column);
    spans.push({ s, e: offsetOf(lines, h.end_line, h.end_column), cls: "term", title: h.title || "" });
  }
  spans.sort((a, b) => a.s - b.s || (a.i === undefined) - (b.i === undefined));
  const draft = document.getElementById("draft");
  const parts = [];
  let at = 0;
  for (const sp of spans) {
    if (sp.s < at) continue;
    parts.push(chars.slice(at, sp.s).join(""));
    const m = el("mark", { class: sp.cls, title: sp.title, tabindex: "-1", id: sp.i !== undefined ? "finding-" + sp.i : null, "data-s": sp.s, "data-e": sp.e },
      chars.slice(sp.s, sp.e).join(""));
    parts.push(m);
    at = sp.e;
  }
  parts.push(chars.slice(at).join(""));
  draft.replaceChildren(...parts);
  const list = document.getElementById("findings");
  list.replaceChildren(...findings.map((f, i) => {
    const b = el("button", { type: "button" },
      el("span", { class: "sev-" + f.severity, text: f.severity }), " ",
      f.line ? "line " + f.line + ":" + f.column + " — " : "", f.message);
    b.addEventListener("click", () => {
      // A finding inside another one's mark jumps to that mark.
      const m = document.getElementById("finding-" + i) || [...draft.querySelectorAll("mark")]
        .find((x) => +x.dataset.s <= starts[i] && starts[i] < +x.dataset.e);
      if (!m) return;
      draft.querySelectorAll("mark.current").forEach((x) => x.classList.remove("current"));
      m.classList.add("current");
      m.scrollIntoView({ block: "center" });
      m.focus();
    });
    return el("li", {}, b);
  }));
  document.getElementById("check-result").hidden = false;
}

// -------------------------------------------------------------- exchange
function exchangePage() {
  const box = document.getElementById("include-proposed");
  box.addEventListener("change", () => {
    document.querySelectorAll("a[data-export]").forEach((a) => {
      a.href = "/api/export?format=" + a.dataset.export + (box.checked ? "&include_proposed=1" : "");
    });
  });
  const form = document.getElementById("import-form");
  const out = document.getElementById("import-result");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = document.getElementById("import-file").files[0];
    if (!file) return;
    const fmt = document.getElementById("import-format").value;
    out.textContent = "Importing…";
    try {
      const r = await api("POST", "/api/import?format=" + fmt + "&name=" + encodeURIComponent(file.name),
        await file.arrayBuffer(), true);
      const rej = r.rejected || [];
      out.replaceChildren(
        el("p", { text: r.file + ": " + (r.added || 0) + " added, " + (r.merged || 0) +
          " merged with existing entries, " + rej.length + " rejected." }),
        rej.length ? el("ul", {}, ...rej.map((x) => el("li", { text: (x.entry || "?") + ": " + x.why }))) : "");
    } catch (err) { out.replaceChildren(el("p", { class: "error", text: err.message })); }
  });
}

const hooks = { lookup: lookupPage, entry: entryPage, review: reviewPage, check: checkPage, exchange: exchangePage };
const hook = hooks[document.body.dataset.page];
if (hook) hook();
