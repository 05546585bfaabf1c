/**
 * Sizes shared by the layout and the renderer, in px: the layout makes boxes of these sizes and
 * the renderer draws inside them. Kept apart from layout.ts so that the panel's bundle, which
 * only renders, does not pull in the layout library.
 */
import { LINE_HEIGHT, NAME_FONT, SMALL_FONT } from './text';

/** Catch edges into a handler this many states of a scope share are drawn as references (layout.ts). */
export const REFERENCE_FAN_IN = 4;

// Sizes in px. The renderer draws inside these boxes with the same constants.
export const NODE_PAD_X = 12;
export const NODE_PAD_Y = 7;
export const NODE_MIN_WIDTH = 110;
export const NODE_MAX_WIDTH = 230;
export const NAME_LINE = Math.ceil(NAME_FONT * LINE_HEIGHT);
export const TYPE_LINE = Math.ceil(SMALL_FONT * LINE_HEIGHT);
export const MAX_NAME_LINES = 3;
export const START_SIZE = 18;
export const END_SIZE = 22;
/** Inside a Parallel or Map: padding around the frames, gap between them, a frame's title strip. */
export const CONTAINER_PAD = 10;
export const FRAME_GAP = 12;
export const FRAME_TITLE = 18;
/** Margin around the contents of every scope. */
export const SCOPE_PAD = 12;
export const LABEL_MAX_WIDTH = 150;
export const LABEL_PAD = 3;
export const REF_GAP = 6;
export const REF_ARROW_MIN = 30;
export const REF_HEIGHT = 22;
export const REF_ROW = 28;
export const REF_MAX_TEXT = 150;
