/**
 * A strict well-formedness check of the XML our SVG writer produces (elements, quoted
 * attributes, text, character and entity references; no DTD, comments or CDATA, which it never
 * writes): every character must be an XML 1.0 Char (production [2]), references must name a Char
 * or one of the five predefined entities, tags must nest. Returns the first problem, or undefined.
 */
const NAME = /[A-Za-z_:][\w.:-]*/y;

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Characters and references of text or an attribute value. */
function textProblem(s: string, where: number): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) {
      i++;
      continue;
    }
    if (!isXmlChar(cp)) return `U+${cp.toString(16).padStart(4, '0')} at ${where + i} is not an XML character`;
    if (s[i] === '<') return `"<" in text at ${where + i}`;
    if (s[i] === '&') {
      const m = /^&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/.exec(s.slice(i, i + 12));
      if (!m) return `"&" that starts no reference at ${where + i}`;
      if (!m[1]) {
        const ref = m[2] !== undefined ? parseInt(m[2], 10) : parseInt(m[3], 16);
        if (!isXmlChar(ref)) return `${m[0]} at ${where + i} refers to a character XML forbids`;
      }
      i += m[0].length - 1;
    }
  }
  return undefined;
}

export function xmlProblem(xml: string): string | undefined {
  const open: string[] = [];
  let i = 0;
  let seenRoot = false;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    const bad = textProblem(text, i);
    if (bad) return bad;
    if (text.trim() !== '' && open.length === 0) return `text outside the root element at ${i}`;
    if (lt < 0) break;
    i = lt + 1;
    const closing = xml[i] === '/';
    if (closing) i++;
    NAME.lastIndex = i;
    const name = NAME.exec(xml)?.[0];
    if (!name) return `a tag without a name at ${lt}`;
    i += name.length;
    if (closing) {
      if (open.pop() !== name) return `</${name}> at ${lt} closes nothing open`;
      if (xml[i] !== '>') return `</${name} not closed at ${lt}`;
      i++;
      continue;
    }
    if (open.length === 0 && seenRoot) return `a second root element at ${lt}`;
    seenRoot = true;
    const names = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(i, i + 100))![0].length;
      i += ws;
      if (xml.startsWith('/>', i)) {
        i += 2;
        break;
      }
      if (xml[i] === '>') {
        open.push(name);
        i++;
        break;
      }
      if (ws === 0) return `no space before an attribute of <${name}> at ${i}`;
      NAME.lastIndex = i;
      const attr = NAME.exec(xml)?.[0];
      if (!attr || xml[i + attr.length] !== '=' || xml[i + attr.length + 1] !== '"') return `a malformed attribute in <${name}> at ${i}`;
      if (names.has(attr)) return `attribute ${attr} twice in <${name}> at ${i}`;
      names.add(attr);
      const start = i + attr.length + 2;
      const end = xml.indexOf('"', start);
      if (end < 0) return `an unterminated attribute in <${name}> at ${i}`;
      const badValue = textProblem(xml.slice(start, end), start);
      if (badValue) return badValue;
      i = end + 1;
    }
  }
  if (open.length > 0) return `<${open[open.length - 1]}> is never closed`;
  if (!seenRoot) return 'no root element';
  return undefined;
}
