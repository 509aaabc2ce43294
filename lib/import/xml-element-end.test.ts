/** Where an element's content ends, found in pieces without a parser, whatever cuts the pieces. */
import { SaxesParser } from 'saxes';
import { ElementEnd } from './xml-element-end';

/** Scans `content` in pieces of `size` characters; returns the offset of the end tag's `<`, or null. */
function endIn(content: string, size: number): number | null {
  const e = new ElementEnd();
  for (let at = 0; at < content.length; at += size) {
    const i = e.scan(content.slice(at, at + size));
    if (i !== null) return at + i;
  }
  return null;
}

/** Everything that holds `</notat>` (or a `>`) without ending the notat, then its end tag. */
const TRICKY =
  'Tekst &amp; &lt;/notat&gt; &#60;/notat> &#x3C;/notat> a > b ]] > c\r\n' +
  '<![CDATA[</notat> <notat> ]] ]]]><![CDATA[]]>' +
  '<!-- </notat> <![CDATA[ - <notat> --><!---->' +
  '<?behandling </notat> ? > "?>' +
  '<b a="/notat> >" c=\'/>\' d = "x"\n>i <i/><br /><notat id="2">indre</notat></b>' +
  'æøå 😀 Å';

test('the end is the notat’s own end tag, past CDATA, comments, processing instructions, attribute values, references and children, however the pieces cut them', () => {
  const content = `${TRICKY}</notat>\n<notat id="3">neste</notat>`;
  // saxes agrees that it is well-formed and where the notat ends.
  const parser = new SaxesParser({ position: true });
  let notat: unknown = null;
  let closed = -1;
  parser.on('opentag', (t) => {
    if (t.name === 'notat') notat ??= t;
  });
  parser.on('closetag', (t) => {
    if (t === notat) closed = parser.position;
  });
  parser.write(`<r><notat>${content}</r>`).close();
  expect(closed).toBe('<r><notat>'.length + TRICKY.length + '</notat>'.length);
  for (let size = 1; size <= content.length; size++) expect(endIn(content, size)).toBe(TRICKY.length);
});

test('an end tag at once, and one whose "<" ends a piece', () => {
  expect(new ElementEnd().scan('</notat>')).toBe(0);
  const e = new ElementEnd();
  expect(e.scan('tekst<')).toBeNull();
  expect(e.scan('/notat>')).toBe(-1);
});

test('the content is not over until its end tag: an unclosed CDATA, comment, PI or child keeps it open', () => {
  for (const open of ['<![CDATA[ </notat>', '<!-- </notat>', '<?pi </notat>', '<b>', '<b a="/notat>'])
    for (let size = 1; size <= 20; size++) expect(endIn(`${open}</notat>`, size)).toBeNull();
});

test('a "<" that starts no markup, and a declaration, are errors (as saxes says)', () => {
  expect(() => new ElementEnd().scan('a < b</notat>')).toThrow(/starts no markup/);
  expect(() => new ElementEnd().scan('<!DOCTYPE x></notat>')).toThrow(/declaration is not allowed/);
  expect(() => new ElementEnd().scan('<b a="1" <c></notat>')).toThrow(/inside a start tag/);
});
