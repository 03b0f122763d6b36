// Browser end-to-end test of `glossa serve` (issue 7), in Debian's
// chromium driven by playwright-core. Started by tests/web_api.rs
// (issue_7_browser_e2e) with: BASE_URL SHOTS_DIR FR_FILE EN_DRAFT_FILE
// XSS_ID PROPOSED_FR. Runs every step, exits non-zero if any failed;
// saves one screenshot per page into SHOTS_DIR.
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const [base, shots, frFile, enFile, xssId, proposedFr] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({
  viewport: { width: 1280, height: 900 }, acceptDownloads: true,
});
const page = await context.newPage();
const dialogs = [];
page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
const failures = [];
page.on("pageerror", (e) => failures.push("page error: " + e.message));

function expect(ok, what) {
  if (!ok) throw new Error("expected: " + what);
  console.log("ok - " + what);
}
const shot = (name) => page.screenshot({ path: join(shots, name + ".png"), fullPage: true });

const failed = [];
async function step(name, f) {
  try { await f(); } catch (e) {
    console.error("FAIL [" + name + "]: " + e.message.split("\n")[0]);
    failed.push(name);
    await shot("failure-" + name).catch(() => {});
  }
}

await step("lookup", async () => {
  // 1. Lookup: a misspelt French term finds its English equivalent.
  await page.goto(base + "/");
  await page.keyboard.type("fond spéculatifs", { delay: 30 });
  // Results of the whole query, not of a prefix typed on the way.
  await page.waitForFunction(() => document.querySelector("#lookup-status").dataset.q === "fond spéculatifs", null, { timeout: 30000 });
  await page.waitForSelector("#results li.result", { timeout: 30000 });
  const first = await page.textContent("#results li.result");
  expect(/hedge fund/.test(first), "typing 'fond spéculatifs' shows 'hedge fund' first: " + first.slice(0, 120));
  // TM matches for the entry's context sentence (the article is in the TM).
  await page.waitForFunction(() => /TM \d+%/.test(document.querySelector("#results .tm")?.textContent || ""), null, { timeout: 30000 });
  expect(true, "a TM match for the context sentence is shown: " + (await page.textContent("#results .tm")).slice(0, 80));
  // Keyboard: ↓ moves into the results.
  await page.keyboard.press("ArrowDown");
  expect(await page.evaluate(() => document.activeElement.classList.contains("result")), "ArrowDown focuses the first result");
  await shot("lookup");
});

await step("xss", async () => {
  // 2. The XSS term renders as text, in lookup results and on its page.
  await page.fill("#q", "<script>alert(1)</script>");
  await page.waitForFunction(() => document.querySelector("#lookup-status").dataset.q === "<script>alert(1)</script>", null, { timeout: 30000 });
  expect(await page.textContent("#results li.result .term") === "<script>alert(1)</script>", "the XSS term is found by lookup");
  expect(await page.locator("#results script, #results img").count() === 0, "the XSS term is shown as text in the results");
  await shot("lookup-xss");
  await page.goto(base + "/entries/" + xssId);
  const h1 = await page.textContent("h1");
  expect(h1.includes("<script>alert(1)</script>"), "the XSS term shows as text in the entry title");
  expect(await page.locator("script:not([src])").count() === 0, "no inline script reached the DOM");
  await shot("entry");
});

await step("entry-form", async () => {
  // 3. Entry form: an empty term is refused inline, nothing saved.
  await page.goto(base + "/entries/new");
  await page.fill("#t1-text", "something");
  await page.click("button[type=submit]");
  await page.waitForSelector("fieldset.term .field-error:not([hidden])", { timeout: 30000 });
  const err = await page.textContent("fieldset.term .field-error:not([hidden])");
  expect(/empty fr term/.test(err), "an empty French term is flagged next to it: " + err);
  await shot("entry-new-error");
});

await step("review-export", async () => {
  // 4. Review: accept the proposed entry, then find it in a downloaded TBX.
  await page.goto(base + "/review");
  await shot("review");
  const card = page.locator("li.card", { hasText: proposedFr });
  expect(await card.count() === 1, "the proposed entry is listed for review");
  await card.locator("button[data-action=accept]").click();
  await page.waitForFunction((fr) => ![...document.querySelectorAll("li.card")].some((c) => c.textContent.includes(fr)), proposedFr, { timeout: 30000 });
  expect(true, "accepting removes the card");
  await page.goto(base + "/exchange");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click("a[data-export=tbx]"),
  ]);
  const tbx = readFileSync(await download.path(), "utf8");
  expect(tbx.includes("<martif") && tbx.includes(proposedFr), "the downloaded TBX v2 holds the accepted entry");
});

await step("import", async () => {
  await page.goto(base + "/exchange");
  // Import: a one-line OmegaT TSV is added and summarised.
  await page.setInputFiles("#import-file", {
    name: "omegat.utf8", mimeType: "text/plain",
    buffer: Buffer.from("capital-risque\tventure capital\tfinance\n"),
  });
  await page.selectOption("#import-format", "tsv");
  await page.click("#import-form button[type=submit]");
  await page.waitForFunction(() => /added/.test(document.querySelector("#import-result").textContent), null, { timeout: 30000 });
  const summary = await page.textContent("#import-result");
  expect(/1 added/.test(summary), "import summary: " + summary);
  await shot("exchange");
});

await step("check", async () => {
  // 5. Check: the DeepSeek pair with one wrong term shows that finding,
  //    and clicking it jumps to the highlighted place in the draft.
  await page.goto(base + "/check");
  await page.fill("#source", readFileSync(frFile, "utf8"));
  await page.fill("#target", readFileSync(enFile, "utf8"));
  await page.click("#check-form button[type=submit]");
  await page.waitForSelector("#findings li", { timeout: 60000 });
  const findings = await page.textContent("#findings");
  expect(/hedge fund/.test(findings), "a finding names the expected 'hedge fund'");
  const btn = page.locator("#findings button", { hasText: "hedge fund" }).first();
  await btn.click();
  const jumped = await page.evaluate(() => {
    const m = document.activeElement;
    return m && m.tagName === "MARK" && m.classList.contains("current") ? m.textContent : null;
  });
  expect(jumped !== null, "clicking the finding focuses its mark in the draft: " + jumped);
  await shot("check");
});

await step("final", async () => {
  await page.goto(base + "/entries");
  await shot("entries");
  expect(dialogs.length === 0, "no script dialog ever opened (" + dialogs.join(", ") + ")");
  expect(failures.length === 0, "no page errors (" + failures.join("; ") + ")");
});

await browser.close();
if (failed.length) {
  console.error("failed steps: " + failed.join(", "));
  process.exit(1);
}
