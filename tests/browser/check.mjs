// Drives headless Chromium through the newskg web page and checks the DOM it builds.
// Usage: node check.mjs URL CHROMIUM OUT_DIR   (run.sh starts the server and calls this)
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [base, executablePath, outDir] = process.argv.slice(2);
if (!base || !executablePath || !outDir) {
  console.error("usage: node check.mjs URL CHROMIUM OUT_DIR");
  process.exit(2);
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

const profile = mkdtempSync(join(tmpdir(), "newskg-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(20000);
page.on("pageerror", (e) => check(false, `no JavaScript error (${e.message})`));
// The page must work offline: anything but our server is a failure (no CDN).
page.on("request", (r) => {
  if (!r.url().startsWith(base) && !r.url().startsWith("data:")) check(false, `no request outside the server (${r.url()})`);
});

try {
  // 1. Query editor: an example question fills the editor and fills the results table.
  await page.goto(base + "/#query");
  await page.waitForFunction(() => document.querySelectorAll("#examples option").length > 2);
  await page.selectOption("#examples", { label: "Who called for a ceasefire?" });
  await page.waitForSelector("#results tbody tr");
  const rows = await page.$$eval("#results tbody tr", (trs) => trs.map((tr) => tr.innerText));
  check(rows.length >= 2, `ceasefire question answers rows (${rows.length})`);
  check(rows.some((r) => /Russie|Russia/.test(r)), "Russia is among those who called for a ceasefire");
  check(/\d+ rows? in \d+ ms/.test(await page.textContent("#query-status")), "the status line counts the rows");
  check(await page.$eval("#query", (t) => t.value.includes("nkg:calledFor")), "the example is in the editor");
  // A query typed by hand, run with Ctrl+Enter.
  await page.fill("#query", "SELECT ?kind (COUNT(?e) AS ?n) WHERE { ?e a ?kind FILTER(?kind IN (nkg:Appeal, nkg:Contact)) } GROUP BY ?kind ORDER BY ?kind");
  await page.press("#query", "Control+Enter");
  await page.waitForFunction(() => document.querySelectorAll("#results tbody tr").length === 2);
  const headers = await page.$$eval("#results thead th", (ths) => ths.map((th) => th.textContent));
  check(headers.join(",") === "kind,n", `typed query: columns kind,n (${headers})`);
  await page.screenshot({ path: join(outDir, "query.png"), fullPage: true });
  // An update is refused, and the page says why.
  await page.fill("#query", "INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }");
  await page.click("#run");
  await page.waitForSelector("#query-status.error");
  check(/read-only/.test(await page.textContent("#query-status")), "an update is refused as read-only");

  // 2. The call graph by country, drawn by Graphviz on the server.
  await page.goto(base + "/#graph?by=country&kind=appeal");
  await page.waitForSelector("#graph svg g.node");
  const nodes = await page.$$eval("#graph svg g.node title", (ts) => ts.map((t) => t.textContent));
  check(nodes.length >= 3, `the country graph has nodes (${nodes.length})`);
  check(nodes.includes("country/RUS"), "Russia is a node of the country graph");
  check((await page.$$("#graph svg g.edge")).length >= 2, "the graph has edges");
  check((await page.$eval("#graph-form select[name=by]", (s) => s.value)) === "country", "the filter controls show the view");
  await page.screenshot({ path: join(outDir, "graph.png"), fullPage: true });
  // A filter: only contacts of Lavrov.
  await page.selectOption("#graph-form select[name=by]", "actor");
  await page.selectOption("#graph-form select[name=kind]", "contact");
  await page.fill("#graph-form input[name=actor]", "lavrov");
  await page.click("#graph-form button[type=submit]");
  await page.waitForSelector('#graph[data-params*="actor=lavrov"] svg g.node');
  const lavrovNodes = await page.$$eval("#graph svg g.node title", (ts) => ts.map((t) => t.textContent));
  check(lavrovNodes.some((t) => t.includes("lavrov")), `the actor filter keeps Lavrov (${lavrovNodes.join(" ")})`);

  // 3. Events: sentences with caller, addressee and demand highlighted.
  await page.goto(base + "/#events");
  await page.waitForSelector("#events article.event");
  const counts = await page.evaluate(() => ({
    events: document.querySelectorAll("#events article.event").length,
    caller: document.querySelectorAll("#events mark.caller").length,
    addressee: document.querySelectorAll("#events mark.addressee").length,
    demand: document.querySelectorAll("#events mark.demand").length,
    participant: document.querySelectorAll("#events mark.participant").length,
  }));
  check(counts.events > 5, `events are listed (${counts.events})`);
  for (const role of ["caller", "addressee", "demand", "participant"]) check(counts[role] > 0, `${role}s are highlighted (${counts[role]})`);
  // Each highlight is a stretch of its own sentence.
  const marksInside = await page.$$eval("#events article.event", (arts) =>
    arts.every((a) => [...a.querySelectorAll("mark")].every((m) => a.querySelector(".sentence").textContent.includes(m.textContent))),
  );
  check(marksInside, "highlights are inside their sentences");
  await page.screenshot({ path: join(outDir, "events.png"), fullPage: false });

  // 4. Entity page, reached by clicking a highlighted caller.
  await page.click("#events mark.caller a");
  await page.waitForFunction(() => location.hash.startsWith("#entity") && document.querySelector("#entity-title").textContent !== "…");
  check((await page.$$("#entity-events article.event")).length > 0, "the entity page lists the entity's events");
  await page.goto(base + "/#entity?iri=" + encodeURIComponent("https://w3id.org/newskg/resource/entity/country/RUS"));
  await page.waitForSelector("#entity-facts a.wikidata");
  const langs = await page.$$eval("#entity-facts span.label", (ls) => ls.map((l) => l.lang));
  check(langs.includes("fr") && langs.includes("en"), `labels in both languages (${langs})`);
  check((await page.getAttribute("#entity-facts a.wikidata", "href")) === "https://www.wikidata.org/wiki/Q159", "Wikidata link Q159");
  await page.waitForSelector("#entity-events article.event");
  await page.screenshot({ path: join(outDir, "entity.png"), fullPage: false });
} catch (e) {
  check(false, `the page behaves (${e.message.split("\n")[0]})`);
  try { await page.screenshot({ path: join(outDir, "failure.png"), fullPage: true }); } catch {}
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`browser test: ${failures.length} failure(s); screenshots in ${outDir}`);
  process.exit(1);
}
console.log(`browser test: all checks passed; screenshots in ${outDir}`);
