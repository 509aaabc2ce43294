import { csvCell } from './csv';

test('personopplysningsloven art. 32: a text that a spreadsheet would run as a formula is written as text; numbers and plain text as they are', () => {
  expect(csvCell('=HYPERLINK("http://x","klikk")')).toBe(`"'=HYPERLINK(""http://x"",""klikk"")"`);
  for (const v of ['+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(v).replace(/^"/, '')).toMatch(/^'/);
  expect(csvCell(-5)).toBe('-5');
  expect(csvCell('vanlig tekst')).toBe('vanlig tekst');
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('a;b', ';')).toBe('"a;b"');
  expect(csvCell('a,b', ';')).toBe('a,b');
  expect(csvCell(' innrykk')).toBe('" innrykk"');
  expect(csvCell(null)).toBe('');
});
