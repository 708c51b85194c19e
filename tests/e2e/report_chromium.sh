#!/usr/bin/env bash
# End-to-end check of `kimon report`: render the shipped example's report,
# open it in headless Chromium, and fail if the screenshot is missing or
# empty or if the browser's DOM holds fewer <svg> charts than the report
# says it contains (<meta name="kimon-charts" content="N">; district maps
# count as charts), or if a district map in the DOM has no drawn unit
# (<path> inside <figure class="chart chart-map">).
# Usage: tests/e2e/report_chromium.sh [path/to/kimon]
set -euo pipefail
cd "$(dirname "$0")/../.."
KIMON="${1:-target/release/kimon}"

if ! command -v chromium >/dev/null 2>&1; then
  apt-get install -y chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
fi

work="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$work" "$profile"' EXIT

for audience in verwaltung politik oeffentlichkeit; do
  html="$work/bericht-$audience.html"
  png="$work/bericht-$audience.png"
  "$KIMON" report rulebooks/kern.kimon --audience "$audience" --out "$html" --quiet
  flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --user-data-dir="$profile" --window-size=1240,1754)
  timeout 120 chromium "${flags[@]}" --screenshot="$png" "file://$html" >/dev/null 2>&1 || true
  if [ ! -s "$png" ]; then
    echo "report_chromium: no screenshot for $audience" >&2
    exit 1
  fi
  dom="$(timeout 120 chromium "${flags[@]}" --dump-dom "file://$html" 2>/dev/null || true)"
  expected="$(grep -o '<meta name="kimon-charts" content="[0-9]*">' "$html" | grep -o '[0-9]\+' || echo missing)"
  rendered="$(printf '%s' "$dom" | grep -o '<svg' | wc -l)"
  if [ "$expected" = missing ] || [ "$rendered" -lt "$expected" ]; then
    echo "report_chromium: $audience: $rendered <svg> rendered, report says $expected charts" >&2
    exit 1
  fi
  # Every map figure must hold an <svg> with at least one unit path.
  maps_html="$(grep -c 'class="chart chart-map"' "$html" || true)"
  maps_drawn="$(printf '%s' "$dom" | awk '/<figure class="chart chart-map">/{m=1; p=0} m && /<path/{p=1} m && /<\/figure>/{if (p) n++; m=0} END{print n+0}')"
  if [ "$maps_drawn" -lt "$maps_html" ]; then
    echo "report_chromium: $audience: $maps_drawn of $maps_html maps drawn with units" >&2
    exit 1
  fi
  echo "report_chromium: $audience ok ($rendered of $expected charts rendered, $maps_drawn of $maps_html maps drawn, screenshot $(stat -c %s "$png") bytes)"
done

# The web site (`kimon site`): its overview and one indicator page load
# from file:// with every chart drawn (the pages link their style sheet
# and each other relatively, so a plain folder is all they need).
site="$work/site"
"$KIMON" site rulebooks/kern.kimon --out "$site" --no-ledger --quiet
for page in index.html indikatoren/arbeitslosigkeit.html; do
  html="$site/$page"
  png="$work/site-$(basename "$page" .html).png"
  timeout 120 chromium "${flags[@]}" --screenshot="$png" "file://$html" >/dev/null 2>&1 || true
  if [ ! -s "$png" ]; then
    echo "report_chromium: no screenshot for site page $page" >&2
    exit 1
  fi
  dom="$(timeout 120 chromium "${flags[@]}" --dump-dom "file://$html" 2>/dev/null || true)"
  expected="$(grep -o '<meta name="kimon-charts" content="[0-9]*">' "$html" | grep -o '[0-9]\+' || echo missing)"
  rendered="$(printf '%s' "$dom" | { grep -o '<svg' || true; } | wc -l)"
  if [ "$expected" = missing ] || [ "$rendered" -lt "$expected" ] || ! printf '%s' "$dom" | grep -q '<h1>'; then
    echo "report_chromium: site $page: $rendered <svg> rendered, page says $expected charts" >&2
    exit 1
  fi
  echo "report_chromium: site $page ok ($rendered of $expected charts rendered)"
done
