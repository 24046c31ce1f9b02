// A minimal VS Code client for `skalint lsp`: starts the server for Markdown and plain-text
// files and tells it when a skalint.toml changes. All checking happens in skalint itself.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("skalint").get("path") || "skalint";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "skalint",
    "skalint",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "markdown" },
        { scheme: "file", language: "plaintext" },
        { scheme: "untitled", language: "markdown" },
      ],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/skalint.toml"),
      },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
