import { isPlaceholderNode } from '../parse';
import type { Rule } from './rule';

/** Resource suffixes of the integration patterns Express workflows lack. */
const SYNC = /\.sync(:\d+)?$/;
const TOKEN = /\.waitForTaskToken$/;
const ACTIVITY = /^arn:[^:]+:states:[^:]*:[^:]*:activity:/;

/**
 * When the machine is known to be EXPRESS: AWS's integration docs ("Express Workflows do not
 * support Run a Job (.sync) or Wait for Callback (.waitForTaskToken)", connect-supported-services)
 * and activities, which only Standard workflows run. Nothing is reported when the type is not known.
 */
export const expressRule: Rule = {
  id: 'express-unsupported',
  run(ctx) {
    if (ctx.options.machineType !== 'EXPRESS') return;
    for (const state of ctx.machine.states) {
      if (state.type !== 'Task') continue;
      const node = state.tree.get(state.index, 'Resource');
      const arn = state.tree.string(node);
      if (arn === undefined || isPlaceholderNode(ctx.doc, node)) continue;
      const what = SYNC.test(arn)
        ? 'the Run a Job (.sync) integration pattern'
        : TOKEN.test(arn)
          ? 'the Wait for Callback (.waitForTaskToken) integration pattern'
          : ACTIVITY.test(arn)
            ? 'activities'
            : undefined;
      if (!what) continue;
      ctx.report({
        code: 'express-unsupported',
        node,
        message: `Express workflows do not support ${what}: deploy this machine as STANDARD, or use a request-response integration in "${state.name}".`,
      });
    }
  },
};
