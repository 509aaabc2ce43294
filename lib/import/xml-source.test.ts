/** The source bytes of XML elements from saxes' positions (UTF-16 code units), whatever the chunking. */
import { SaxesParser } from 'saxes';
import { XmlSourceBytes, type ElementBytes, type OpenElement } from './xml-source';

/** Reads `file` in chunks of `size` bytes and returns the bytes of every <rec> element and <k> start tag. */
function slices(
  file: Buffer,
  size: number,
  opts: { maxBytes: number; headAfter?: number } = { maxBytes: 1 << 20 },
) {
  const parser = new SaxesParser({ position: true });
  const src = new XmlSourceBytes(opts);
  const open: OpenElement[] = [];
  const got: (ElementBytes | { tag: string; line: number })[] = [];
  parser.on('opentag', (t) => {
    if (t.name === 'rec') open.push(src.open(parser.position, parser.line)!);
    if (t.name === 'k') {
      const s = src.startTag(parser.position, parser.line)!;
      got.push({ tag: s.raw.toString('latin1'), line: s.line });
    }
  });
  parser.on('closetag', (t) => {
    if (t.name === 'rec') got.push(src.close(open.pop()!, parser.position));
  });
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < file.length; i += size) {
    const b = file.subarray(i, i + size);
    const text = decoder.decode(b, { stream: true });
    src.feed(b, text);
    parser.write(text);
    src.trim();
  }
  const tail = decoder.decode();
  src.feed(Buffer.alloc(0), tail);
  parser.write(tail).close();
  return got;
}

const REC1 =
  '<rec a="x &gt; y" b=\'æ\'>Blåbær &amp; <![CDATA[<ikke> ]] > tag]]><!-- en > kommentar --><i>ø</i>\r\n😀 å</rec>';
const REC2 = '<rec\n  id="2"\r\n  s="ø">to\rlinjer</rec>';

test('each element is sliced byte for byte, with the line its start tag begins on, for every chunk size', () => {
  const doc = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<!-- > -->\n<root>\n  ${REC1}\n  <k x="1"\n   y=">">${REC2}</k>\n</root>\n`,
  );
  for (let size = 1; size <= 40; size++) {
    const got = slices(doc, size);
    expect(got).toEqual([
      { raw: Buffer.from(REC1), line: 4, size: Buffer.byteLength(REC1), truncated: false },
      { tag: '<k x="1"\n   y=">">', line: 6 },
      { raw: Buffer.from(REC2), line: 7, size: Buffer.byteLength(REC2), truncated: false },
    ]);
  }
});

test('bytes that are not UTF-8 (ISO-8859-1) are kept as they were, not as U+FFFD', () => {
  const rec = Buffer.from('<rec n="S\u00e6ther">\u00c5se \u00f8</rec>', 'latin1');
  const doc = Buffer.concat([Buffer.from('<root>\n'), rec, Buffer.from('\n</root>')]);
  for (const size of [1, 2, 3, 7, 100]) {
    const [r] = slices(doc, size) as ElementBytes[];
    expect(r!.raw.equals(rec)).toBe(true);
    expect(r!.line).toBe(2);
  }
});

test('an element longer than headAfter keeps only its head, and says its size', () => {
  const rec = `<rec>${'x'.repeat(5000)}</rec>`;
  const doc = Buffer.from(`<root>${rec}<rec>kort</rec></root>`);
  const got = slices(doc, 64, { maxBytes: 1000, headAfter: 1000 }) as ElementBytes[];
  expect(got[0]).toEqual({
    raw: Buffer.from(rec.slice(0, 1000)),
    line: 1,
    size: rec.length,
    truncated: true,
  });
  expect(got[1]!.raw.toString()).toBe('<rec>kort</rec>');
});

test('without a head limit, an open element never holds more than maxBytes: trim() throws instead (found in review: a caller that forgot a hold kept every byte after it)', () => {
  const src = new XmlSourceBytes({ maxBytes: 100 });
  const parser = new SaxesParser({ position: true });
  parser.on('opentag', (t) => {
    if (t.name === 'rec') src.open(parser.position, parser.line); // never closed: a caller's bug
  });
  const feed = (s: string) => {
    const b = Buffer.from(s);
    src.feed(b, s);
    parser.write(s);
    src.trim();
  };
  feed('<root>\n<rec>');
  feed('x'.repeat(80)); // 85 bytes held: within the limit
  expect(() => feed('x'.repeat(20))).toThrow(
    /xml-source: an element open since line 2 holds 105 bytes, over the limit of 100/,
  );
});

test('an element opened at its `opentagstart` (`openAt`) is kept from its `<` even when its start tag alone is longer than maxBytes (its head then), with the line its `<` is on, for every chunk size', () => {
  const big = `<rec a="${'x > '.repeat(100)}"\n b="1">lang</rec>`;
  const small = '<rec\r\n  b="2">kort</rec>';
  const doc = Buffer.from(`<root>\n<!-- > -->${big}\n  ${small}\n</root>`);
  for (let size = 1; size <= 40; size++) {
    const parser = new SaxesParser({ position: true });
    const src = new XmlSourceBytes({ maxBytes: 100, headAfter: 100 });
    const open: OpenElement[] = [];
    const got: ElementBytes[] = [];
    // saxes' line is past a line break just read (its column is 0 then): the `<` is on the line before.
    parser.on('opentagstart', (t) => {
      if (t.name === 'rec')
        open.push(src.openAt(parser.position, parser.line - (parser.column === 0 ? 1 : 0)));
    });
    parser.on('closetag', (t) => {
      if (t.name === 'rec') got.push(src.close(open.pop()!, parser.position));
    });
    const decoder = new TextDecoder('utf-8');
    for (let i = 0; i < doc.length; i += size) {
      const b = doc.subarray(i, i + size);
      const text = decoder.decode(b, { stream: true });
      src.feed(b, text);
      parser.write(text);
      src.trim();
    }
    parser.close();
    expect([size, got]).toEqual([
      size,
      [
        { raw: Buffer.from(big.slice(0, 100)), line: 2, size: big.length, truncated: true },
        { raw: Buffer.from(small), line: 4, size: small.length, truncated: false },
      ],
    ]);
  }
});
