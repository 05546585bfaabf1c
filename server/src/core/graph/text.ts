/**
 * Text measurement without a DOM: widths estimated from character classes of a proportional
 * sans-serif font, on the generous side so that labels fit whatever font the viewer uses
 * (the panel follows VS Code's font, the standalone SVG names system-ui). Layout and renderer
 * both use these numbers, so a box is always as large as the text it was laid out for.
 */
import { CharCode } from '../chars';

/** Font sizes in px, shared with the renderer's CSS. */
export const NAME_FONT = 13;
export const SMALL_FONT = 11;
export const LINE_HEIGHT = 1.3;

/** Width of one character in em, by class; unknown (CJK, emoji) counts as wide. */
function charEm(c: number): number {
  if (c === CharCode.Space) return 0.3;
  if (c < CharCode.FirstNonAscii) {
    const ch = String.fromCharCode(c);
    if ("iljI.,:;'|!`()[]{}".includes(ch)) return 0.33;
    if ('ftr"-/\\ '.includes(ch)) return 0.42;
    if ('mwMW@%'.includes(ch)) return 0.95;
    if (c >= CharCode.A && c <= CharCode.Z) return 0.72;
    if (c >= CharCode.Digit0 && c <= CharCode.Digit9) return 0.6;
    return 0.58;
  }
  if (c < 0x2e80) return 0.7;
  return 1.05;
}

/** Estimated width of `text` at `fontSize` px (bold adds 6%). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (let i = 0; i < text.length; i++) em += charEm(text.charCodeAt(i));
  return em * fontSize * (bold ? 1.06 : 1);
}

/**
 * Breaks `text` into at most `maxLines` lines no wider than `maxWidth`: at spaces, else after
 * `-`, `_`, `.` or a lower-to-upper case change, else anywhere. The last line is cut with an
 * ellipsis when the text does not fit.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines: number, bold = false): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return [''];
  if (textWidth(flat, fontSize, bold) <= maxWidth) return [flat];
  const lines: string[] = [];
  let rest = flat;
  while (rest.length > 0 && lines.length < maxLines) {
    if (textWidth(rest, fontSize, bold) <= maxWidth) {
      lines.push(rest);
      rest = '';
      break;
    }
    if (lines.length === maxLines - 1) {
      lines.push(ellipsize(rest, maxWidth, fontSize, bold));
      rest = '';
      break;
    }
    const fit = fitting(rest, maxWidth, fontSize, bold);
    const cut = breakAt(rest, fit);
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return lines;
}

/** How many leading characters fit in `maxWidth` (at least one). */
function fitting(text: string, maxWidth: number, fontSize: number, bold: boolean): number {
  let w = 0;
  const scale = fontSize * (bold ? 1.06 : 1);
  for (let i = 0; i < text.length; i++) {
    w += charEm(text.charCodeAt(i)) * scale;
    if (w > maxWidth) return Math.max(1, i);
  }
  return text.length;
}

/** The best break position at or before `fit`: a space, then punctuation, then a case change. */
function breakAt(text: string, fit: number): number {
  const min = Math.floor(fit * 0.4);
  for (let i = fit; i > min; i--) if (text[i] === ' ') return i;
  for (let i = fit; i > min; i--) if ('-_./:'.includes(text[i - 1])) return i;
  for (let i = fit; i > min; i--) if (/[a-z0-9]/.test(text[i - 1]) && /[A-Z]/.test(text[i])) return i;
  return fit;
}

export function ellipsize(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const room = maxWidth - textWidth('…', fontSize, bold);
  const n = fitting(text, room, fontSize, bold);
  return text.slice(0, n).trimEnd() + '…';
}
