// The named character codes are the characters their names say, and the shared predicates agree
// with the character classes they replace, over the whole Basic Multilingual Plane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CharCode, isAsciiDigit, isAsciiLetter, isWhitespace } from '../../server/src/core/chars';

const NAMED: [number, string][] = [
  [CharCode.Backspace, '\b'],
  [CharCode.Tab, '\t'],
  [CharCode.LineFeed, '\n'],
  [CharCode.VerticalTab, '\v'],
  [CharCode.FormFeed, '\f'],
  [CharCode.CarriageReturn, '\r'],
  [CharCode.Space, ' '],
  [CharCode.ExclamationMark, '!'],
  [CharCode.DoubleQuote, '"'],
  [CharCode.Dollar, '$'],
  [CharCode.Ampersand, '&'],
  [CharCode.SingleQuote, "'"],
  [CharCode.OpenParen, '('],
  [CharCode.CloseParen, ')'],
  [CharCode.Asterisk, '*'],
  [CharCode.Plus, '+'],
  [CharCode.Comma, ','],
  [CharCode.Dash, '-'],
  [CharCode.Period, '.'],
  [CharCode.Slash, '/'],
  [CharCode.Digit0, '0'],
  [CharCode.Digit1, '1'],
  [CharCode.Digit9, '9'],
  [CharCode.Colon, ':'],
  [CharCode.LessThan, '<'],
  [CharCode.Equals, '='],
  [CharCode.GreaterThan, '>'],
  [CharCode.QuestionMark, '?'],
  [CharCode.AtSign, '@'],
  [CharCode.A, 'A'],
  [CharCode.E, 'E'],
  [CharCode.Z, 'Z'],
  [CharCode.OpenSquareBracket, '['],
  [CharCode.Backslash, '\\'],
  [CharCode.CloseSquareBracket, ']'],
  [CharCode.Underline, '_'],
  [CharCode.BackTick, '`'],
  [CharCode.a, 'a'],
  [CharCode.e, 'e'],
  [CharCode.f, 'f'],
  [CharCode.n, 'n'],
  [CharCode.t, 't'],
  [CharCode.u, 'u'],
  [CharCode.z, 'z'],
  [CharCode.OpenCurlyBrace, '{'],
  [CharCode.Pipe, '|'],
  [CharCode.CloseCurlyBrace, '}'],
  [CharCode.FirstNonAscii, '\u0080'],
  [CharCode.HighSurrogateFirst, '\uD800'],
  [CharCode.HighSurrogateLast, '\uDBFF'],
  [CharCode.LowSurrogateFirst, '\uDC00'],
  [CharCode.LowSurrogateLast, '\uDFFF'],
];

test('each named code is its character', () => {
  for (const [code, ch] of NAMED) assert.equal(code, ch.charCodeAt(0), JSON.stringify(ch));
});

test('the predicates match the classes they name', () => {
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    assert.equal(isWhitespace(c), /^[ \t\n\r]$/.test(ch), `whitespace ${c}`);
    assert.equal(isAsciiDigit(c), /^[0-9]$/.test(ch), `digit ${c}`);
    assert.equal(isAsciiLetter(c), /^[A-Za-z]$/.test(ch), `letter ${c}`);
  }
  // charCodeAt past the end is NaN: no class.
  assert.equal(isWhitespace(NaN) || isAsciiDigit(NaN) || isAsciiLetter(NaN), false);
});
