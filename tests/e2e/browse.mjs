// Browser checks of kimon's report and site in the system's headless
// Chromium (driven by puppeteer-core; no browser is downloaded):
//
// - every page loads without a console error or page error;
// - no request leaves the folder (anything but file:// or data: fails);
// - every link resolves: files exist, anchors exist on their page;
// - every chart the page announces (<meta name="kimon-charts">) is drawn,
//   and every district map has drawn units;
// - axe-core finds 0 accessibility violations (WCAG 2.1 A and AA);
// - at 800 px width no table or page is wider than the window;
// - the site's search filters the list from `suche.html?q=…`;
// - each report's front page fits one A4 page in print-to-PDF; the page
//   counts are printed.
//
// Other pages (`--page`, e.g. `kimon catalogue`) get the page checks only
// (load, no external request, links, charts announced, width, axe).
//
// Usage: node browse.mjs [--report FILE.html]... [--site DIR]... [--page FILE.html]...
// Exits 1 with a list of failures, 0 when all pass.
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import { createRequire } from "node:module";
import { pathToFileURL, fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

function args() {
  const out = { reports: [], sites: [], pages: [] };
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] === "--report") out.reports.push(path.resolve(a[i + 1]));
    else if (a[i] === "--site") out.sites.push(path.resolve(a[i + 1]));
    else if (a[i] === "--page") out.pages.push(path.resolve(a[i + 1]));
    else throw new Error(`unknown argument ${a[i]}`);
  }
  return out;
}

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

function chromium() {
  for (const p of [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error("no chromium found (set CHROMIUM)");
}

// Opens `url` with the guards on; returns the page and what it did.
async function open(browser, url, width = 800) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 1100 });
  const seen = { errors: [], external: [], broken: [] };
  page.on("console", (m) => {
    if (m.type() === "error") seen.errors.push(m.text());
  });
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    const u = r.url();
    if (u.startsWith("file://") || u.startsWith("data:")) r.continue();
    else {
      seen.external.push(u);
      r.abort();
    }
  });
  page.on("requestfailed", (r) => {
    if (r.url().startsWith("file://")) seen.broken.push(r.url());
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, seen };
}

// Links of the page: every file:// target exists, every anchor is an id
// of its target page.
async function checkLinks(page, where) {
  const links = await page.$$eval("a[href], link[href], script[src]", (els) =>
    els.map((e) => e.href || e.src),
  );
  for (const href of links) {
    const u = new URL(href);
    if (u.protocol !== "file:") {
      fail(where, `link leaves the folder: ${href}`);
      continue;
    }
    const file = fileURLToPath(u);
    if (!fs.existsSync(file)) {
      fail(where, `link to a missing file: ${href}`);
      continue;
    }
    if (u.hash.length > 1 && file.endsWith(".html")) {
      const id = decodeURIComponent(u.hash.slice(1));
      if (!fs.readFileSync(file, "utf8").includes(`id="${id}"`)) fail(where, `anchor not found: ${href}`);
    }
  }
  return links.length;
}

async function checkPage(browser, file, label) {
  const { page, seen } = await open(browser, pathToFileURL(file).href);
  const where = label;
  for (const e of seen.errors) fail(where, `console error: ${e}`);
  for (const u of seen.external) fail(where, `external request: ${u}`);
  for (const u of seen.broken) fail(where, `failed to load: ${u}`);
  const drawn = await page.evaluate(() => {
    const meta = document.querySelector('meta[name="kimon-charts"]');
    const svgs = [...document.querySelectorAll("figure.chart svg")];
    const visible = svgs.filter((s) => {
      const r = s.getBoundingClientRect();
      return r.width > 50 && r.height > 30 && s.querySelector("path, rect, line, circle");
    }).length;
    const maps = [...document.querySelectorAll("figure.chart-map")];
    const mapsDrawn = maps.filter((f) => f.querySelector("svg path")).length;
    return { expected: meta ? Number(meta.content) : -1, visible, maps: maps.length, mapsDrawn };
  });
  if (drawn.expected < 0) fail(where, "no kimon-charts meta");
  if (drawn.visible < drawn.expected) fail(where, `${drawn.visible} of ${drawn.expected} charts drawn`);
  if (drawn.mapsDrawn < drawn.maps) fail(where, `${drawn.mapsDrawn} of ${drawn.maps} maps drawn`);
  const links = await checkLinks(page, where);
  // 800 px: neither the page nor a table is wider than the window.
  const wide = await page.evaluate(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) out.push(`page ${doc.scrollWidth}px`);
    for (const t of document.querySelectorAll("table")) {
      const r = t.getBoundingClientRect();
      if (r.right > window.innerWidth + 1) {
        out.push(`table „${(t.caption && t.caption.textContent) || t.className}“ ends at ${Math.round(r.right)}px`);
      }
    }
    return out;
  });
  for (const w of wide) fail(where, `wider than 800 px: ${w}`);
  await page.addScriptTag({ content: AXE });
  const axe = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] });
    return r.violations.map((v) => `${v.id} (${v.nodes.length}×): ${v.help} — ${v.nodes[0] && v.nodes[0].target}`);
  });
  for (const v of axe) fail(where, `accessibility: ${v}`);
  await page.close();
  return { charts: drawn.visible, maps: drawn.mapsDrawn, links };
}

// The site's search, driven from the address: a word from the first
// entry's title leaves fewer entries visible and says how many.
async function checkSearch(browser, dir) {
  const file = path.join(dir, "suche.html");
  if (!fs.existsSync(file)) return fail(dir, "no suche.html");
  const base = await open(browser, pathToFileURL(file).href);
  const all = await base.page.$$eval("#suche-liste li", (l) => l.map((li) => li.textContent));
  await base.page.close();
  const word = (all[0] || "").split(/\s+/).find((w) => w.length > 5) || "";
  const { page, seen } = await open(browser, `${pathToFileURL(file).href}?q=${encodeURIComponent(word)}`);
  const r = await page.evaluate(() => ({
    shown: [...document.querySelectorAll("#suche-liste li")].filter((li) => !li.hidden).length,
    status: document.getElementById("suche-status").textContent,
  }));
  await page.close();
  for (const e of seen.errors) fail("suche.html", `console error: ${e}`);
  if (!(r.shown >= 1 && r.shown < all.length && r.status.includes(String(r.shown)))) {
    fail("suche.html", `search for „${word}“ shows ${r.shown} of ${all.length}, status „${r.status}“`);
  }
  return `${r.shown} of ${all.length} for „${word}“`;
}

async function pdfPages(browser, file) {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.close();
  return (Buffer.from(pdf).toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g) || []).length;
}

// The front page alone: the report up to the section after
// „Auf einen Blick“, then the end of <main> (as report_pages.sh cuts it).
async function frontPages(browser, file, tmp) {
  const s = fs.readFileSync(file, "utf8");
  const end = s.indexOf("</main>");
  const front = s.indexOf('<section id="auf-einen-blick"');
  const next = s.indexOf("<section id=", front + 1);
  if (front < 0 || next < 0 || end < 0) return -1;
  const cut = path.join(tmp, `front-${path.basename(file)}`);
  fs.writeFileSync(cut, s.slice(0, next) + s.slice(end));
  return pdfPages(browser, cut);
}

const { reports, sites, pages: extraPages } = args();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kimon-e2e-"));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kimon-e2e-profile-"));
// Chromium sometimes dies while starting on a loaded CI machine (seen once:
// „Failed to launch the browser process: Code: null“, passing on the next
// try). Starting is retried twice; every check after the start is not.
async function launch() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await puppeteer.launch({
        executablePath: chromium(),
        headless: true,
        userDataDir: fs.mkdtempSync(path.join(profile, `attempt${attempt}-`)),
        // A loaded machine (builds beside the run) can take longer than
        // puppeteer's 30 s to start Chromium.
        timeout: 180000,
        args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync"],
      });
    } catch (e) {
      if (attempt >= 3) throw e;
      console.error(`browse: Chromium did not start (attempt ${attempt}): ${String(e.message).split("\n")[0]}; retrying`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
}
const browser = await launch();
try {
  for (const file of reports) {
    const r = await checkPage(browser, file, path.basename(file));
    const front = await frontPages(browser, file, tmp);
    const total = await pdfPages(browser, file);
    if (front !== 1) fail(path.basename(file), `front page takes ${front} A4 pages`);
    console.log(`browse: ${path.basename(file)}: ${r.charts} charts, ${r.maps} maps, ${r.links} links; front ${front} page, total ${total} pages`);
  }
  for (const dir of sites) {
    const pages = htmlFiles(dir);
    let charts = 0, maps = 0, links = 0;
    for (const file of pages) {
      const r = await checkPage(browser, file, path.relative(dir, file));
      charts += r.charts; maps += r.maps; links += r.links;
    }
    const search = await checkSearch(browser, dir);
    console.log(`browse: site ${path.basename(dir)}: ${pages.length} pages, ${charts} charts, ${maps} maps, ${links} links; search ${search}`);
  }
  for (const file of extraPages) {
    const r = await checkPage(browser, file, path.basename(file));
    console.log(`browse: ${path.basename(file)}: ${r.links} links`);
  }
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(`browse: ${failures.length} failures`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log("browse: all checks passed");
