/**
 * The contestants. Each tool loads its modules only when asked, so a memory child process holds
 * the modules of its own tool and nothing else. `run` returns the number of findings, which keeps
 * the work observable (nothing for the optimiser to drop) and lets the report check that every
 * tool really validated.
 */
import type * as AslLanguageService from 'amazon-states-language-service';

export type ToolId = 'json-parse' | 'jsonc-tree' | 'ours' | 'asl-ls' | 'asl-validator';

export type RunTool = (text: string) => number | Promise<number>;

export interface Tool {
  id: ToolId;
  label: string;
  /** A peer is compared with ours; the others are floors. */
  peer: boolean;
  load(): RunTool;
}

export const TOOLS: readonly Tool[] = [
  {
    id: 'json-parse',
    label: 'JSON.parse',
    peer: false,
    load: () => (text) => (JSON.parse(text) === null ? 0 : 1),
  },
  {
    id: 'jsonc-tree',
    label: 'jsonc parseTree',
    peer: false,
    load() {
      const { parseTree } = require('jsonc-parser') as typeof import('jsonc-parser');
      return (text) => {
        const errors: import('jsonc-parser').ParseError[] = [];
        parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
        return errors.length;
      };
    },
  },
  {
    id: 'ours',
    label: 'ours (analyze)',
    peer: false,
    load() {
      const { analyze } = require('../server/src/core/validate') as typeof import('../server/src/core/validate');
      return (text) => analyze(text).diagnostics.length;
    },
  },
  {
    id: 'asl-ls',
    label: 'amazon-states-language-service',
    peer: true,
    load() {
      const asl = require('amazon-states-language-service') as typeof AslLanguageService;
      const service = asl.getLanguageService({});
      let version = 0;
      return async (text) => {
        // What its VS Code integration does per change: a document, its parse, then validation.
        const doc = asl.TextDocument.create('file:///bench.asl.json', 'json', ++version, text);
        const diagnostics = await service.doValidation(doc, service.parseJSONDocument(doc));
        return diagnostics.length;
      };
    },
  },
  {
    id: 'asl-validator',
    label: 'asl-validator',
    peer: true,
    load() {
      const validator = require('asl-validator') as typeof import('asl-validator');
      // It takes an object and writes into it (QueryLanguage defaults), so each run parses afresh.
      return (text) => validator(JSON.parse(text)).errors.length;
    },
  },
];

export function toolById(id: string): Tool {
  const tool = TOOLS.find((t) => t.id === id);
  if (!tool) throw new Error(`unknown tool "${id}"; one of ${TOOLS.map((t) => t.id).join(', ')}`);
  return tool;
}
