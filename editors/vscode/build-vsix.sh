#!/usr/bin/env bash
# Builds the VS Code extension: installs the pinned npm packages
# (package-lock.json; the language client, vsce, and the TextMate engine
# for the test), checks that the grammar still highlights the shipped
# rulebooks as test/grammar-snapshot.expected.txt says, and packages
# editors/vscode/kimon.vsix with @vscode/vsce.
# Usage: editors/vscode/build-vsix.sh   (needs node >= 20 and npm)
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
node test/grammar-snapshot.js
npx --no-install vsce package --skip-license --out kimon.vsix >/dev/null
# The package must hold the grammar, the client and its runtime modules.
listing="$(npx --no-install vsce ls)"
for f in extension.js syntaxes/kimon.tmLanguage.json language-configuration.json \
  node_modules/vscode-languageclient/node.js; do
  grep -qx "$f" <<<"$listing" || { echo "kimon.vsix lacks $f" >&2; exit 1; }
done
echo "editors/vscode/kimon.vsix: $(wc -c <kimon.vsix) bytes"
