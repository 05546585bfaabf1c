/**
 * The smallest text edits that change a JSON document the way its author formatted it: replace a
 * value, add or delete a property, add an array item, insert a property after another. Indentation
 * and one-line versus multi-line objects follow the neighbours. Reads the tree only through its
 * named API (tree.ts).
 */
import type { Tree } from '../tree';
import type { TextEdit } from '../language/types';

export class JsonEditor {
  constructor(
    readonly text: string,
    readonly tree: Tree,
  ) {}

  end(i: number): number {
    const r = this.tree.range(i);
    return r.offset + r.length;
  }

  /** The whitespace that starts the line holding `offset`. */
  indentAt(offset: number): string {
    const start = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(start, offset))![0];
  }

  /** True when the node spans more than one line. */
  multiLine(i: number): boolean {
    const r = this.tree.range(i);
    return /[\r\n]/.test(this.text.slice(r.offset, r.offset + r.length));
  }

  /** The document's unit of indentation, from the first property of the root object that starts a line (two spaces when none does). */
  unit(): string {
    const root = 0;
    for (const p of this.tree.children(root)) {
      const off = this.tree.range(p).offset;
      if (this.startsLine(off)) {
        const inner = this.indentAt(off);
        const outer = this.indentAt(this.tree.range(root).offset);
        if (inner.length > outer.length) return inner.slice(outer.length);
      }
    }
    return '  ';
  }

  private startsLine(offset: number): boolean {
    const start = this.text.lastIndexOf('\n', offset - 1) + 1;
    return this.text.slice(start, offset).trim() === '';
  }

  private eol(): string {
    return this.text.includes('\r\n') ? '\r\n' : '\n';
  }

  /** `value` as JSON written in the style of its surroundings: multi-line at `indent` or on one line. */
  format(value: unknown, indent: string, multi: boolean): string {
    if (!multi) return oneLine(value);
    const eol = this.eol();
    return JSON.stringify(value, null, this.unit())
      .split('\n')
      .join(eol + indent);
  }

  /** Replaces a node (a value, a property) with text. */
  replace(i: number, newText: string): TextEdit {
    const r = this.tree.range(i);
    return { offset: r.offset, length: r.length, newText };
  }

  /** Adds `"key": value` as the object's last property, on its own line when the object spans lines. */
  addProperty(obj: number, key: string, value: unknown): TextEdit {
    const props = this.tree.children(obj);
    const last = props[props.length - 1];
    const objStart = this.tree.range(obj).offset;
    const multi = this.multiLine(obj);
    if (last === undefined) {
      const indent = this.indentAt(objStart);
      return multi
        ? {
            offset: objStart + 1,
            length: 0,
            newText: `${this.eol()}${indent}${this.unit()}${JSON.stringify(key)}: ${this.format(value, indent + this.unit(), true)}`,
          }
        : { offset: objStart + 1, length: 0, newText: ` ${JSON.stringify(key)}: ${oneLine(value)} ` };
    }
    const lastStart = this.tree.range(last).offset;
    if (!multi || !this.startsLine(lastStart))
      return { offset: this.end(last), length: 0, newText: `, ${JSON.stringify(key)}: ${oneLine(value)}` };
    const indent = this.indentAt(lastStart);
    return {
      offset: this.end(last),
      length: 0,
      newText: `,${this.eol()}${indent}${JSON.stringify(key)}: ${this.format(value, indent, true)}`,
    };
  }

  /** Inserts `"key": value` right after property `prop` (same indentation, same style as the object `like`). */
  insertAfter(prop: number, key: string, value: unknown, like: number): TextEdit {
    const start = this.tree.range(prop).offset;
    const multi = this.multiLine(like);
    if (!this.startsLine(start)) return { offset: this.end(prop), length: 0, newText: `, ${JSON.stringify(key)}: ${oneLine(value)}` };
    const indent = this.indentAt(start);
    return {
      offset: this.end(prop),
      length: 0,
      newText: `,${this.eol()}${indent}${JSON.stringify(key)}: ${this.format(value, indent, multi)}`,
    };
  }

  /** Inserts `"key": value` before property `prop`. */
  insertBefore(prop: number, key: string, value: unknown, like: number): TextEdit {
    const start = this.tree.range(prop).offset;
    if (!this.startsLine(start)) return { offset: start, length: 0, newText: `${JSON.stringify(key)}: ${oneLine(value)}, ` };
    const indent = this.indentAt(start);
    return {
      offset: start,
      length: 0,
      newText: `${JSON.stringify(key)}: ${this.format(value, indent, this.multiLine(like))},${this.eol()}${indent}`,
    };
  }

  /** Appends an item to a non-empty array, in the style of its last item. */
  addItem(array: number, value: unknown): TextEdit | undefined {
    const items = this.tree.children(array);
    const last = items[items.length - 1];
    if (last === undefined) return undefined;
    const start = this.tree.range(last).offset;
    if (!this.startsLine(start)) return { offset: this.end(last), length: 0, newText: `, ${oneLine(value)}` };
    const indent = this.indentAt(start);
    return { offset: this.end(last), length: 0, newText: `,${this.eol()}${indent}${this.format(value, indent, this.multiLine(last))}` };
  }

  /** Deletes a property and the comma tying it to a neighbour; whole lines when it has them to itself. */
  deleteProperty(prop: number): TextEdit {
    const siblings = this.tree.children(this.tree.parentOf(prop));
    const i = siblings.indexOf(prop);
    const next = siblings[i + 1];
    const prev = siblings[i - 1];
    const start = this.tree.range(prop).offset;
    if (next !== undefined) {
      const nextStart = this.tree.range(next).offset;
      if (this.startsLine(start) && this.startsLine(nextStart)) {
        const from = this.text.lastIndexOf('\n', start - 1) + 1;
        const to = this.text.lastIndexOf('\n', nextStart - 1) + 1;
        return { offset: from, length: to - from, newText: '' };
      }
      return { offset: start, length: nextStart - start, newText: '' };
    }
    if (prev !== undefined) {
      const from = this.end(prev);
      return { offset: from, length: this.end(prop) - from, newText: '' };
    }
    return { offset: start, length: this.end(prop) - start, newText: '' };
  }
}

/** JSON on one line with a space after each colon and comma, as people write short objects. */
export function oneLine(value: unknown): string {
  if (Array.isArray(value)) return value.length ? `[${value.map(oneLine).join(', ')}]` : '[]';
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')} }` : '{}';
  }
  return JSON.stringify(value);
}
