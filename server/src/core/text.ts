import type { Position, Range } from './types';
import { CharCode } from './chars';

/**
 * Maps offsets to line/character positions with a binary search over line starts. The line
 * starts are computed on first use: a valid document with nothing to report never needs them.
 */
export class LineIndex {
  constructor(
    private readonly text: string,
    /** Line starts already known (the parser notes them), else computed on first use. */
    private starts?: number[],
  ) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.text;
    const starts = [0];
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === CharCode.LineFeed) starts.push(i + 1);
        else if (c === CharCode.CarriageReturn) {
          if (text.charCodeAt(i + 1) === CharCode.LineFeed) i++;
          starts.push(i + 1);
        }
      }
    }
    return (this.starts = starts);
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts();
    const line = Math.max(0, Math.min(position.line, starts.length - 1));
    return starts[line] + position.character;
  }

  rangeOf(offset: number, length: number): Range {
    return { start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }
}

/** The whitespace that starts the line holding `offset` (what a new line beside it should indent by). */
export function indentOf(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let i = start;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text.slice(start, i);
}
