/**
 * Small, honest PDF files for the demo, tests and benchmarks, written by hand (no
 * dependency): a PDF with a real text layer (Helvetica, WinAnsiEncoding, so æ, ø and å are
 * real characters), a "scanned" PDF whose pages are only JPEG images (no text layer), a
 * password-protected PDF and a PDF of many pages. The objects, the cross-reference table
 * and the trailer follow PDF 1.4 (ISO 32000-1 § 7.5).
 */

interface PdfObject {
  /** The object's dictionary (without `<<`/`>>`), or a whole non-stream value. */
  dict: string;
  stream?: Buffer;
}

function writePdf(objects: PdfObject[], trailerExtra = ''): Buffer {
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    const head = o.stream
      ? `${i + 1} 0 obj\n<< ${o.dict} /Length ${o.stream.length} >>\nstream\n`
      : `${i + 1} 0 obj\n${o.dict}\n`;
    const parts = o.stream
      ? [Buffer.from(head, 'latin1'), o.stream, Buffer.from('\nendstream\nendobj\n', 'latin1')]
      : [Buffer.from(`${head}endobj\n`, 'latin1')];
    for (const p of parts) {
      chunks.push(p);
      offset += p.length;
    }
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}

/** WinAnsiEncoding's characters outside Latin-1 (PDF 32000-1 Annex D). */
const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
};

/** A PDF string literal in WinAnsiEncoding (Latin-1 covers æøåÆØÅ); other characters become '?'. */
function pdfString(s: string): string {
  const enc = [...s]
    .map((c) => {
      const code = WIN_ANSI[c] ?? c.codePointAt(0)!;
      return code <= 0xff ? String.fromCharCode(code) : '?';
    })
    .join('');
  return `(${enc.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

const A4 = { w: 595, h: 842 };

/**
 * A PDF with a text layer: each page is a list of lines, written in Helvetica at `fontSize`.
 */
export function textPdf(pages: string[][], opts: { fontSize?: number } = {}): Buffer {
  const size = opts.fontSize ?? 12;
  const n = pages.length;
  // 1 catalog, 2 pages, 3 font, then per page: page object, content stream.
  const objects: PdfObject[] = [
    { dict: '<< /Type /Catalog /Pages 2 0 R >>' },
    {
      dict: `<< /Type /Pages /Count ${n} /Kids [${pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ')}] >>`,
    },
    { dict: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>' },
  ];
  pages.forEach((lines, i) => {
    objects.push({
      dict: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
    });
    const ops = [`BT /F1 ${size} Tf ${Math.round(size * 1.4)} TL 56 ${A4.h - 72} Td`];
    for (const l of lines) ops.push(`${pdfString(l)} Tj T*`);
    ops.push('ET');
    objects.push({ dict: '', stream: Buffer.from(ops.join('\n'), 'latin1') });
  });
  return writePdf(objects);
}

/** Width and height of a baseline or progressive JPEG (from its SOF marker). */
export function jpegSize(jpeg: Buffer): { width: number; height: number; components: number } {
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) throw new Error('not a JPEG');
    const marker = jpeg[i + 1]!;
    const len = jpeg.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: jpeg.readUInt16BE(i + 5), width: jpeg.readUInt16BE(i + 7), components: jpeg[i + 9]! };
    i += 2 + len;
  }
  throw new Error('no JPEG frame header');
}

/**
 * A "scanned" PDF: each page is one JPEG image filling an A4 page, and nothing else (no
 * text layer), as a scanner writes it. With `stamp`, each page also carries that one line as
 * real text at its top, over the image, as an archive's receipt stamp ("Mottatt …") or a
 * document number added to a scan does: a short text layer on a page that is a scan.
 */
export function imagePdf(jpegs: Buffer[], opts: { stamp?: string } = {}): Buffer {
  const font = 3 + jpegs.length * 3;
  const objects: PdfObject[] = [
    { dict: '<< /Type /Catalog /Pages 2 0 R >>' },
    {
      dict: `<< /Type /Pages /Count ${jpegs.length} /Kids [${jpegs.map((_, i) => `${3 + i * 3} 0 R`).join(' ')}] >>`,
    },
  ];
  jpegs.forEach((jpeg, i) => {
    const { width, height, components } = jpegSize(jpeg);
    const base = 3 + i * 3;
    const fonts = opts.stamp ? ` /Font << /F1 ${font} 0 R >>` : '';
    objects.push({
      dict: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] /Resources << /XObject << /Im1 ${base + 1} 0 R >>${fonts} >> /Contents ${base + 2} 0 R >>`,
    });
    objects.push({
      dict: `/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /${components === 1 ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode`,
      stream: jpeg,
    });
    const stamp = opts.stamp ? `\nBT /F1 10 Tf 56 ${A4.h - 24} Td ${pdfString(opts.stamp)} Tj ET` : '';
    objects.push({
      dict: '',
      stream: Buffer.from(`q ${A4.w} 0 0 ${A4.h} 0 0 cm /Im1 Do Q${stamp}`, 'latin1'),
    });
  });
  if (opts.stamp)
    objects.push({
      dict: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    });
  return writePdf(objects);
}

/**
 * A PDF that needs a user password to open (Standard security handler, revision 2, with a
 * /U entry that the empty password does not match).
 */
export function encryptedPdf(): Buffer {
  const objects: PdfObject[] = [
    { dict: '<< /Type /Catalog /Pages 2 0 R >>' },
    { dict: '<< /Type /Pages /Count 1 /Kids [4 0 R] >>' },
    {
      dict: `<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <${'a5'.repeat(32)}> /U <${'3c'.repeat(32)}> >>`,
    },
    { dict: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] /Contents 5 0 R >>` },
    { dict: '', stream: Buffer.from('garbled', 'latin1') },
  ];
  return writePdf(objects, `/Encrypt 3 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>] `);
}

/** A PDF of `count` pages that all show the same short text (cheap to write, many pages to read). */
export function manyPagePdf(count: number, line: string): Buffer {
  const objects: PdfObject[] = [
    { dict: '<< /Type /Catalog /Pages 2 0 R >>' },
    {
      dict: `<< /Type /Pages /Count ${count} /Kids [${Array.from({ length: count }, (_, i) => `${5 + i} 0 R`).join(' ')}] >>`,
    },
    { dict: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>' },
    { dict: '', stream: Buffer.from(`BT /F1 12 Tf 56 770 Td ${pdfString(line)} Tj ET`, 'latin1') },
  ];
  for (let i = 0; i < count; i++)
    objects.push({
      dict: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${A4.w} ${A4.h}] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>`,
    });
  return writePdf(objects);
}
