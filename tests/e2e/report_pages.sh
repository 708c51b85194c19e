#!/usr/bin/env bash
# Printed length of the shipped reports: renders every rulebook for
# Politik and the public, prints the main part (everything before the
# appendix, `<section id="anhang"`), the front page alone and the whole report with headless
# Chromium to PDF, and prints the page counts. The estimator in
# `engine/src/report/doc/measure.rs` is calibrated against these numbers.
# Usage: tests/e2e/report_pages.sh [path/to/kimon]
set -euo pipefail
cd "$(dirname "$0")/../.."
KIMON="${1:-target/release/kimon}"
work="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$work" "$profile"' EXIT
pages() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$2" "file://$1" >/dev/null 2>&1 || true
  python3 -c 'import re,sys; print(len(re.findall(rb"/Type\s*/Page(?![a-z])", open(sys.argv[1], "rb").read())))' "$2"
}
for rb in kern grossstadt landkreis; do
  for audience in politik oeffentlichkeit; do
    html="$work/$rb-$audience.html"
    "$KIMON" report "rulebooks/$rb.kimon" --audience "$audience" --out "$html" --quiet --no-ledger
    python3 - "$html" "$work/main.html" "$work/front.html" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
end = s.find("</main>")
def cut(a):
    return s[:a] + s[end:] if 0 <= a < end else s
open(sys.argv[2], "w", encoding="utf-8").write(cut(s.find('<section id="anhang"')))
front = s.find('<section id="auf-einen-blick"')
open(sys.argv[3], "w", encoding="utf-8").write(cut(s.find("<section id=", front + 1)))
PY
    echo "$rb $audience front $(pages "$work/front.html" "$work/front.pdf") main $(pages "$work/main.html" "$work/main.pdf") total $(pages "$html" "$work/all.pdf")"
  done
done
