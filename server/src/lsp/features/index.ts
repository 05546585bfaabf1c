import type { ServerCapabilities } from 'vscode-languageserver';
import { CODE_ACTION_KINDS, registerCodeActions } from './codeActions';
import { COMPLETION_TRIGGERS, registerCompletion } from './completion';
import type { FeatureContext } from './context';
import { registerFormatting } from './format';
import { registerHover } from './hover';
import { registerNavigation } from './navigation';
import { registerRename } from './rename';
import { registerStructure } from './structure';

export type { FeatureContext } from './context';

/** The editing features the server announces in its InitializeResult. */
export const FEATURE_CAPABILITIES: ServerCapabilities = {
  completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
  documentSymbolProvider: true,
  foldingRangeProvider: true,
  selectionRangeProvider: true,
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
};

/** One thin handler per feature; each calls the core on the document's cached parse. */
export function registerFeatures(ctx: FeatureContext, foldingLimit: () => number | undefined): void {
  registerCompletion(ctx);
  registerHover(ctx);
  registerNavigation(ctx);
  registerRename(ctx);
  registerCodeActions(ctx);
  registerStructure(ctx, foldingLimit);
  registerFormatting(ctx);
}
