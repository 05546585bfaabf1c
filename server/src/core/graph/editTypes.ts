/**
 * The edits the graph panel can ask for (edit.ts makes them): plain data with no imports, so the
 * protocol, the extension and the webview bundle use the types and lists without the core.
 */
import type { TextEdit } from '../language/types';

/** The state types the palette offers. */
export const PALETTE_TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Parallel', 'Map', 'Succeed', 'Fail'] as const;
export type PaletteType = (typeof PALETTE_TYPES)[number];

/** The fields the side form edits, on any state that has them (`Type` and the transitions have gestures of their own). */
export const FORM_FIELDS = [
  'Comment',
  'Resource',
  'Seconds',
  'TimeoutSeconds',
  'Error',
  'Cause',
  'InputPath',
  'OutputPath',
  'ResultPath',
  'Output',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export type GraphEdit =
  | { op: 'rename'; node: string; name: string }
  | { op: 'delete'; node: string }
  /** A new state of `type` after the state `after`, or on the transition `edge`. */
  | { op: 'add'; type: PaletteType; after?: string; edge?: string }
  /** `from` goes to `to`: its Next (or a new Choice rule); with `edge`, that transition is moved to `to`. */
  | { op: 'connect'; from: string; to: string; edge?: string }
  /** Sets a field of the state; `value` undefined removes it. */
  | { op: 'setField'; node: string; key: FormField; value?: string | number };

export type GraphEditResult =
  | {
      edits: TextEdit[];
      /** what the user should know (transitions left dangling) */ note?: string;
      /** the state to select afterwards */ select?: string;
    }
  | { error: string };
