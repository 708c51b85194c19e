// The kimon extension: highlighting comes from the TextMate grammar in
// syntaxes/; everything else (diagnostics, hover, definitions, completion,
// formatting, quick fixes) from `kimon lsp`, started here over stdio.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('kimon').get('server.path') || 'kimon';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'kimon' }, { scheme: 'untitled', language: 'kimon' }],
  };
  client = new LanguageClient('kimon', 'kimon', serverOptions, clientOptions);
  client.start().catch((err) => {
    vscode.window.showErrorMessage(
      `kimon lsp konnte nicht gestartet werden (${err.message}). ` +
        'Ist `kimon` installiert (`cargo install --path cli`) oder `kimon.server.path` gesetzt?'
    );
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
