import type { Rule } from './rule';

/** Garbage can hold an error per character; past this many, one summary line says how many more. */
const MAX_SYNTAX_ERRORS = 100;

/** Every JSON error, at its own range; the other rules still check whatever parsed. */
export const jsonSyntaxRule: Rule = {
  id: 'json-syntax',
  run(ctx) {
    const { doc } = ctx;
    if (doc.text.trim() === '') {
      ctx.report({
        code: 'json-syntax',
        offset: 0,
        length: 0,
        awsCode: 'MISSING_DESCRIPTION',
        message: 'The file is empty: a state machine is a JSON object with "StartAt" and "States".',
      });
      return;
    }
    const shown = doc.syntaxErrors.slice(0, MAX_SYNTAX_ERRORS);
    for (const e of shown) {
      ctx.report({ code: 'json-syntax', offset: e.offset, length: Math.max(e.length, 1), message: e.message });
    }
    const hidden = doc.syntaxErrors.length - shown.length;
    if (hidden > 0) {
      const last = shown[shown.length - 1];
      ctx.report({
        code: 'json-syntax',
        offset: last.offset,
        length: Math.max(last.length, 1),
        message: `${hidden} more JSON syntax errors follow; fix the ones above first.`,
      });
    }
    const rootKind = doc.tree?.kindOf(0);
    if (rootKind && rootKind !== 'object') {
      ctx.report({
        code: 'json-syntax',
        node: 0,
        message: `A state machine definition must be a JSON object, not ${rootKind === 'array' ? 'an array' : `a ${rootKind}`}.`,
      });
    }
  },
};
