// The web UI in a real browser: Debian's chromium driven by playwright-core (no browser
// download). Run by crates/cli/tests/serve.rs against `attache serve` over the sample store:
//   node ui.mjs http://127.0.0.1:PORT/ OUT_DIR
// Loads the list, filters by a state, opens an event, checks the evidence is highlighted inside
// the source text (Arabic right to left, Bengali, Chinese), visits the timeline, the network and
// an actor page, and leaves a screenshot of each in OUT_DIR. Any failed check, page error or
// console error exits non-zero with the reason.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error("usage: node ui.mjs BASE_URL OUT_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const profile = mkdtempSync(join(tmpdir(), "attache-chromium-"));
const errors = [];
const log = (...a) => console.log("ui:", ...a);
function check(cond, what) {
  if (!cond) throw new Error("check failed: " + what);
  log("ok -", what);
}

const ctx = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let code = 0;
try {
  const page = ctx.pages()[0] || (await ctx.newPage());
  page.setDefaultTimeout(15000);
  page.on("pageerror", (e) => errors.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  page.on("requestfailed", (r) => errors.push("request failed: " + r.url()));
  const api = async (path) => (await page.request.get(new URL(path, base).href)).json();
  const ready = (hash) => page.waitForFunction((h) => document.body.dataset.ready === h, hash);

  // 1. The list shows every sample event.
  await page.goto(base + "#/");
  await ready("/");
  const all = await api("/api/events?per_page=500");
  check(all.total > 0, `the store has events (${all.total})`);
  await page.waitForSelector("[data-testid=event-row]");
  check((await page.locator("[data-testid=event-row]").count()) === Math.min(all.total, 50), "the list shows the first page");
  check((await page.textContent("[data-testid=total]")).startsWith(`${all.total} event`), "the list shows the total");
  await page.screenshot({ path: join(out, "list.png"), fullPage: true });

  // 2. Filter by a state through the form.
  await page.selectOption("[data-testid=filter-country]", "RUS");
  await ready("/?country=RUS");
  const rus = await api("/api/events?country=RUS&per_page=500");
  const rows = page.locator("[data-testid=event-row]");
  check((await rows.count()) === rus.total && rus.total > 0 && rus.total < all.total, `filtering by RUS shows its ${rus.total} events`);
  for (const t of await rows.allTextContents()) check(t.includes("RUS"), "a filtered row involves RUS");
  await page.screenshot({ path: join(out, "list-rus.png"), fullPage: true });

  // 3. Open an event from the list: evidence highlighted inside the source text.
  const first = rus.events[0];
  await rows.first().locator("a").first().click();
  await ready("/event/" + first.id);
  check((await page.textContent("[data-testid=event-title]")).includes(first.id), "the event page opens");
  const marks = page.locator("[data-testid=doctext] mark.evidence");
  check((await marks.count()) >= 1, "the evidence is highlighted in the text");
  const evText = first.sources[0].evidence[0].text;
  check((await marks.first().textContent()) === evText, "the highlight is exactly the evidence span");
  await page.screenshot({ path: join(out, "event.png"), fullPage: true });

  // 4. Every script: right-to-left Arabic, Bengali, Chinese, highlighted where the offsets say.
  for (const [lang, file] of [["ar", "event-ar.png"], ["bn", "event-bn.png"], ["zh", "event-zh.png"]]) {
    const e = all.events.find((x) => x.sources.some((s) => s.lang === lang));
    if (!e) throw new Error(`no ${lang} event in the sample store`);
    await page.goto(base + "#/event/" + e.id);
    await ready("/event/" + e.id);
    const box = page.locator(`[data-testid=doctext][lang=${lang}]`).first();
    const mark = box.locator("mark.evidence").first();
    const src = e.sources.find((s) => s.lang === lang);
    check((await mark.textContent()) === src.evidence[0].text, `${lang}: the highlight is the evidence`);
    const dir = await box.evaluate((el) => getComputedStyle(el).direction);
    check(lang === "ar" ? dir === "rtl" : dir === "ltr", `${lang}: text direction ${dir}`);
    await mark.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, file), fullPage: true });
  }

  // 5. Timeline, network, actor page.
  await page.goto(base + "#/timeline");
  await ready("/timeline");
  check((await page.locator("[data-testid=timeline] rect.bar").count()) > 0, "the timeline draws bars");
  await page.screenshot({ path: join(out, "timeline.png"), fullPage: true });
  await page.goto(base + "#/network");
  await ready("/network");
  check((await page.locator("[data-testid=network] g.node").count()) > 1, "the network draws states");
  await page.screenshot({ path: join(out, "network.png"), fullPage: true });
  const actor = (await api("/api/actors?per_page=1")).actors[0];
  await page.goto(base + "#/actor/" + encodeURIComponent(actor.id));
  await ready("/actor/" + encodeURIComponent(actor.id));
  check((await page.textContent("[data-testid=actor-name]")) === (actor.name || actor.id), "the actor page opens");
  await page.screenshot({ path: join(out, "actor.png"), fullPage: true });

  // 6. A bad filter is explained, not a blank page.
  await page.goto(base + "#/?country=ZZZ");
  await ready("/?country=ZZZ");
  check((await page.textContent("[role=alert]")).includes("unknown state"), "an unknown state is explained");
  errors.splice(0, errors.length, ...errors.filter((e) => !e.includes("400")));

  check(errors.length === 0, "no page or console errors" + (errors.length ? ": " + errors.join("; ") : ""));
} catch (e) {
  console.error("ui: FAILED:", e.message);
  code = 1;
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
