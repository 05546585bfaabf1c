import { isPlaceholderNode } from '../parse';
import type { Rule } from './rule';

/**
 * A Map's "Label" names its Map Runs. AWS's Distributed Map documentation ("Label (Optional)"):
 * "Labels can't exceed 40 characters in length, must be unique within a state machine definition,
 * and can't contain any of the following characters: whitespace, wildcard characters (? *),
 * bracket characters (< > { } [ ]), special characters (: ; , \ | ^ ~ $ # % & ` "), control
 * characters (\u0000 - \u001f or \u007f - \u009f)". AWS's validator codes: INVALID_LABEL_NAME,
 * DUPLICATE_LABEL_NAME. An empty label names nothing and is rejected too (issue #11).
 */
export const mapLabelRule: Rule = {
  id: 'map-label',
  run(ctx) {
    const seen = new Map<string, number>();
    for (const state of ctx.machine.states) {
      if (state.type !== 'Map') continue;
      const node = state.tree.get(state.index, 'Label');
      const label = state.tree.string(node);
      if (label === undefined || isPlaceholderNode(ctx.doc, node)) continue; // a non-string is the schema's
      const problem = labelProblem(label);
      if (problem) {
        ctx.report({
          code: 'invalid-value',
          node,
          awsCode: 'INVALID_LABEL_NAME',
          message: `Invalid "Label" in Map state "${state.name}": ${problem}`,
        });
        continue;
      }
      const first = seen.get(label);
      if (first !== undefined) {
        const line = ctx.doc.lines.positionAt(state.tree.offset[first]).line + 1;
        ctx.report({
          code: 'invalid-value',
          node,
          awsCode: 'DUPLICATE_LABEL_NAME',
          message: `The Map label "${label}" is already used on line ${line}: labels must be unique within a state machine.`,
        });
      } else seen.set(label, node);
    }
  },
};

const MAX_LABEL = 40;
const FORBIDDEN = /[\s?*<>{}[\]:;,\\|^~$#%&`"\u0000-\u001f\u007f-\u009f]/u;

function labelProblem(label: string): string | undefined {
  if (label === '') return 'it is empty; give a name, or leave "Label" out and Step Functions generates one.';
  const length = [...label].length;
  if (length > MAX_LABEL) return `it has ${length} characters; a label can have at most ${MAX_LABEL}.`;
  const bad = FORBIDDEN.exec(label);
  if (bad) {
    const ch = bad[0];
    const shown = /\s/u.test(ch)
      ? 'whitespace'
      : ch.charCodeAt(0) < 0x20 || (ch.charCodeAt(0) >= 0x7f && ch.charCodeAt(0) <= 0x9f)
        ? 'a control character'
        : `"${ch}"`;
    return `it contains ${shown}. A label cannot contain whitespace, ? * < > { } [ ] : ; , \\ | ^ ~ $ # % & \` " or control characters.`;
  }
  return undefined;
}
