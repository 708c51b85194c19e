#!/usr/bin/env bash
# End-to-end check of `kimon report` and `kimon site` in headless Chromium:
# renders the core example's report for every audience, the large city's
# for Politik (its district maps), and the core example's web site, then
# runs tests/e2e/browse.mjs over them (puppeteer-core drives the system's
# Chromium, axe-core checks accessibility): every page loads without a
# console error, makes no request outside its folder, every link resolves,
# every chart and map is drawn, 0 axe violations, nothing wider than an
# 800 px window, the site's search filters, and each report's front page
# fits one A4 page (page counts are printed). The peers' catalogue
# (`kimon catalogue`, German and English) gets the same page checks.
# Usage: tests/e2e/report_chromium.sh [path/to/kimon]
set -euo pipefail
cd "$(dirname "$0")/../.."
KIMON="${1:-target/release/kimon}"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ "${#need[@]}" -gt 0 ]; then
  apt-get install -y "${need[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y "${need[@]}" >/dev/null; }
fi
# puppeteer-core and axe-core, pinned by tests/e2e/package-lock.json.
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

reports=()
for audience in verwaltung politik oeffentlichkeit; do
  "$KIMON" report rulebooks/kern.kimon --audience "$audience" --out "$work/kern-$audience.html" --quiet --no-ledger
  reports+=(--report "$work/kern-$audience.html")
done
"$KIMON" report rulebooks/grossstadt.kimon --audience politik --out "$work/grossstadt-politik.html" --quiet --no-ledger
reports+=(--report "$work/grossstadt-politik.html")
"$KIMON" site rulebooks/kern.kimon --out "$work/site" --no-ledger --quiet

# The catalogue over the shipped rulebooks and the two peer variants of the tests.
"$KIMON" catalogue rulebooks tests/fixtures/peers --out "$work/katalog.html"
"$KIMON" catalogue rulebooks tests/fixtures/peers --lang en --out "$work/catalogue-en.html"

node tests/e2e/browse.mjs "${reports[@]}" --site "$work/site" --page "$work/katalog.html" --page "$work/catalogue-en.html"
