/**
 * Unicode identifier classes for workflow variable names. The spec ("State Machine Variables")
 * requires a Unicode ID_Start first character and ID_Continue after it (Unicode Annex #31).
 */
const ID_START = /\p{ID_Start}/u;
const ID_CONTINUE = /\p{ID_Continue}/u;

export function isIdStart(cp: number): boolean {
  if (cp < 0x80) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return ID_START.test(String.fromCodePoint(cp));
}

export function isIdContinue(cp: number): boolean {
  if (cp < 0x80) return (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122) || (cp >= 48 && cp <= 57) || cp === 95;
  return ID_CONTINUE.test(String.fromCodePoint(cp));
}
