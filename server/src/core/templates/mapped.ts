/**
 * A text built from pieces of another (a `DefinitionString` from `Fn::Sub` / `Fn::Join` pieces),
 * with a position map back into the host file: every character of the built text knows the host
 * range it came from. A character copied from a host string maps to its own source character
 * (escapes and YAML quoting included); a placeholder or a substituted value maps to the whole
 * host range it stands for, so a finding inside it lands on that piece.
 */
import { stringOffsets } from '../strings';
import { CharCode } from '../chars';

export interface HostRange {
  offset: number;
  length: number;
}

export class MappedText {
  private readonly parts: string[] = [];
  private size = 0;
  /** Host offset where each built character starts and ends. */
  private starts: number[] = [];
  private ends: number[] = [];
  /** For a character of a span: the span's first built index; -1 otherwise. */
  private spanFirst: number[] = [];
  /** Where the built text's mapping falls back to when it is empty. */
  constructor(private readonly fallback: HostRange) {}

  /** Appends `s`, character i of which comes from host offsets at(i) .. at(i + 1). */
  mapped(s: string, at: (i: number) => number): void {
    this.parts.push(s);
    for (let i = 0; i < s.length; i++) {
      const a = at(i);
      this.starts.push(a);
      this.ends.push(Math.max(a + 1, at(i + 1)));
      this.spanFirst.push(-1);
    }
    this.size += s.length;
  }

  /** Appends `s`, every character of which stands for the host range `r` as a whole. */
  span(s: string, r: HostRange): void {
    this.parts.push(s);
    for (let i = 0; i < s.length; i++) {
      this.starts.push(r.offset);
      this.ends.push(r.offset + r.length);
      this.spanFirst.push(this.size);
    }
    this.size += s.length;
  }

  get length(): number {
    return this.size;
  }

  text(): string {
    return this.parts.join('');
  }

  /** The host offset where built index i starts (past the end: the end), for a string's index mapper. */
  offsetAt(i: number): number {
    const n = this.size;
    if (n === 0) return this.fallback.offset;
    return i >= n ? this.ends[n - 1] : this.starts[Math.max(0, i)];
  }

  /** The host ranges the spans stand for (substituted values, placeholders). */
  spans(): HostRange[] {
    const out: HostRange[] = [];
    for (let i = 0; i < this.size; i++)
      if (this.spanFirst[i] === i) out.push({ offset: this.starts[i], length: this.ends[i] - this.starts[i] });
    return out;
  }

  /** The host range of built range [offset, offset + length). */
  toHost(offset: number, length: number): HostRange {
    const n = this.size;
    if (n === 0) return { ...this.fallback };
    const a = Math.max(0, Math.min(offset, n - 1));
    const start = offset >= n ? this.ends[n - 1] : this.starts[a];
    if (length <= 0) return { offset: start, length: 0 };
    const b = Math.max(a, Math.min(offset + length - 1, n - 1));
    const end = Math.max(start, this.ends[b]);
    return { offset: start, length: end - start };
  }
}

/**
 * Raw offsets of a JSON string literal's decoded characters (the literal spans offset..offset+length
 * in `text`, quotes included): escapes make the text longer than the value.
 */
export function jsonStringOffsets(text: string, offset: number, length: number): (i: number) => number {
  return stringOffsets(text, { offset, length });
}

/** How far ahead a decoded character is looked for in the raw text before giving up on it. */
const ALIGN_WINDOW = 8;

/**
 * Raw offsets of a YAML scalar's decoded characters, by walking value and source together: each
 * character is looked for a few characters ahead (past quotes, escapes, line folding and block
 * indentation). Exact for every visible character of plain, quoted and block scalars; leading
 * spaces of an indented line may land on the indentation, which no finding points at.
 */
export function alignedOffsets(text: string, offset: number, length: number, value: string): (i: number) => number {
  const end = offset + length;
  const map: number[] = [];
  let p = offset;
  // Block scalars: the value starts on the line after the indicator (`|`, `>-`, ...).
  const first = text.charCodeAt(p);
  if (first === CharCode.Pipe || first === CharCode.GreaterThan) {
    const nl = text.indexOf('\n', p);
    p = nl < 0 || nl >= end ? p : nl + 1;
  } else if (first === CharCode.DoubleQuote || first === CharCode.SingleQuote) p++;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    let q = p;
    const limit = Math.min(end, p + ALIGN_WINDOW);
    while (q < limit && text[q] !== c) q++;
    if (q < limit) {
      map.push(q);
      p = q + 1;
    } else map.push(Math.min(p, end));
  }
  map.push(Math.min(p, end));
  return (i) => (i <= 0 ? map[0] : i < map.length ? map[i] : map[map.length - 1]);
}
