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

/** Scans an element's own start tag (after its name) and then its content in pieces of `size`: where each ends, and whether it was empty. */
function tagAndEndIn(
  rest: string,
  size: number,
): { tag: number | null; empty?: boolean; end?: number | null } {
  const e = new ElementEnd(true);
  let at = 0;
  let tag: number | null = null;
  for (; at < rest.length && tag === null; at += size) {
    const i = e.tagEnd(rest.slice(at, at + size));
    if (i !== null) tag = at + i;
  }
  if (tag === null) return { tag };
  if (e.empty) return { tag, empty: true };
  const content = rest.slice(tag);
  for (let c = 0; c < content.length; c += size) {
    const i = e.scan(content.slice(c, c + size));
    if (i !== null) return { tag, empty: false, end: tag + c + i };
  }
  return { tag, empty: false, end: null };
}

test('in the element’s own start tag (an oversized one, left out as it is read), its end is the first `>` outside quoted attribute values (which may hold `>`, `/>` and `</notat>`), however the pieces cut it; `/>` makes the element empty; its content is scanned from there', () => {
  const tag = ` id="1" a="x > y </notat> '/>'"\r\n b='"/> </notat>' c = "" >`;
  const rest = `${tag}${TRICKY}</notat><notat id="3">neste</notat>`;
  const emptyTag = ` id="1" a="x > y </notat>" /`;
  for (let size = 1; size <= rest.length; size++) {
    expect([size, tagAndEndIn(rest, size)]).toEqual([
      size,
      { tag: tag.length, empty: false, end: tag.length + TRICKY.length },
    ]);
    expect([size, tagAndEndIn(`${emptyTag}>etter</r>`, size)]).toEqual([
      size,
      { tag: emptyTag.length + 1, empty: true },
    ]);
  }
  expect(tagAndEndIn(' a="1"', 1)).toEqual({ tag: null });
  expect(() => new ElementEnd(true).tagEnd(' a="1" <b>')).toThrow(/"<" inside a start tag/);
  expect(() => new ElementEnd(true).scan('</notat>')).toThrow(/start tag/);
});
