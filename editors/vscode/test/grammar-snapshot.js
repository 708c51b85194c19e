// Highlighting snapshot: tokenizes every shipped rulebook
// (rulebooks/*.kimon) with the extension's TextMate grammar, using the
// engine VS Code itself uses (vscode-textmate + vscode-oniguruma), and
// compares a compact summary with test/grammar-snapshot.expected.txt:
// per file the count of each innermost scope, and the tokens of the first
// lines of the core rulebook. Any word left without a scope fails.
// Usage: node test/grammar-snapshot.js [--update]
'use strict';

const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const here = __dirname;
const repo = path.resolve(here, '../../..');
const grammarPath = path.join(here, '../syntaxes/kimon.tmLanguage.json');
const expectedPath = path.join(here, 'grammar-snapshot.expected.txt');
const FIRST_LINES = 40;

async function main() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s) => new oniguruma.OnigScanner(s),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'source.kimon'
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
        : null,
  });
  const grammar = await registry.loadGrammar('source.kimon');
  const dir = path.join(repo, 'rulebooks');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.kimon')).sort();
  if (files.length === 0) throw new Error(`no rulebooks in ${dir}`);
  const out = [];
  const unscoped = [];
  for (const file of files) {
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    const counts = new Map();
    const shown = [];
    let stack = vsctm.INITIAL;
    lines.forEach((line, i) => {
      const r = grammar.tokenizeLine(line, stack);
      stack = r.ruleStack;
      const parts = [];
      for (const t of r.tokens) {
        const text = line.slice(t.startIndex, t.endIndex);
        if (text.trim() === '') continue;
        const scope = t.scopes.length > 1 ? t.scopes[t.scopes.length - 1] : '(none)';
        if (scope === '(none)') unscoped.push(`${file}:${i + 1}: \`${text}\``);
        counts.set(scope, (counts.get(scope) || 0) + 1);
        if (file === 'kern.kimon' && i < FIRST_LINES) parts.push(`${text.trim()}=${scope.replace(/\.kimon$/, '')}`);
      }
      if (parts.length) shown.push(`  ${i + 1}: ${parts.join(' | ')}`);
    });
    out.push(`== ${file} (${lines.length} lines)`);
    for (const [scope, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) out.push(`  ${scope} ${n}`);
    if (shown.length) out.push(`-- first ${FIRST_LINES} lines of ${file}`, ...shown);
  }
  const actual = out.join('\n') + '\n';
  if (unscoped.length) {
    console.error(`words without a scope:\n${unscoped.slice(0, 20).join('\n')}`);
    process.exit(1);
  }
  if (process.argv.includes('--update')) {
    fs.writeFileSync(expectedPath, actual);
    console.log(`wrote ${path.relative(repo, expectedPath)}`);
    return;
  }
  const expected = fs.existsSync(expectedPath) ? fs.readFileSync(expectedPath, 'utf8') : '';
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const diff = [];
    for (let i = 0; i < Math.max(a.length, e.length) && diff.length < 40; i++) {
      if (a[i] !== e[i]) diff.push(`line ${i + 1}:\n  expected: ${e[i] ?? '(none)'}\n  actual:   ${a[i] ?? '(none)'}`);
    }
    console.error(`grammar snapshot differs (run with --update after reviewing):\n${diff.join('\n')}`);
    process.exit(1);
  }
  console.log(`grammar snapshot ok: ${files.length} rulebooks`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
