// Where the core's tsconfig sends `vscode` and `vscode-*` (`paths`): this file is no module, so an
// import of the editor's or the language server's API from the core fails with TS2306.
