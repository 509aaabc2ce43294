/**
 * XML Schema validation with libxml2 (xmllint compiled to WebAssembly, the npm package
 * xmllint-wasm): a real XSD 1.0 validator that needs nothing installed on the machine.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

export interface ValidationResult {
  file: string;
  schema: string;
  valid: boolean;
  errors: string[];
}

/**
 * Validates `xmlPath` against `schemaPath`; the other .xsd files of `schemaDir` (e.g.
 * metadatakatalog.xsd, which the Noark schemas import) are made available beside it.
 */
export async function validateAgainst(
  xmlPath: string,
  schemaDir: string,
  schemaFile: string,
  preloadFiles: string[] = ['metadatakatalog.xsd'],
): Promise<ValidationResult> {
  const schemaPath = join(schemaDir, schemaFile);
  if (!existsSync(schemaPath)) throw new Error(`schema ${schemaPath} not found`);
  const xml = await readFile(xmlPath, 'utf8');
  const preload = [];
  for (const f of preloadFiles) {
    const p = join(schemaDir, f);
    if (existsSync(p) && f !== schemaFile) preload.push({ fileName: f, contents: await readFile(p, 'utf8') });
  }
  const name = xmlPath.replace(/^.*[\\/]/, '');
  const r = await validateXML({
    xml: [{ fileName: name, contents: xml }],
    schema: [{ fileName: schemaFile, contents: await readFile(schemaPath, 'utf8') }],
    preload,
    maxMemoryPages: 16384,
  });
  return {
    file: name,
    schema: schemaPath,
    valid: r.valid,
    errors: r.errors.map((e) => e.rawMessage ?? e.message),
  };
}

/**
 * Validates the XML files of a deposit package against the schemas in `schemaDir`
 * (the deposit schemas: arkivstruktur.xsd, endringslogg.xsd, loependeJournal.xsd,
 * offentligJournal.xsd, metadatakatalog.xsd; ADDML from `addmlSchema`). `arkivstrukturSchemaDir`
 * may point elsewhere, e.g. at Arkivverket's test-data variant for an archive with open cases.
 */
export async function validatePackage(
  folder: string,
  opts: { schemaDir: string; addmlSchemaDir?: string; arkivstrukturSchemaDir?: string },
): Promise<ValidationResult[]> {
  const results: ValidationResult[] = [];
  results.push(
    await validateAgainst(
      join(folder, 'arkivstruktur.xml'),
      opts.arkivstrukturSchemaDir ?? opts.schemaDir,
      'arkivstruktur.xsd',
    ),
  );
  for (const [xml, xsd] of [
    ['endringslogg.xml', 'endringslogg.xsd'],
    ['loependeJournal.xml', 'loependeJournal.xsd'],
    ['offentligJournal.xml', 'offentligJournal.xsd'],
  ] as const) {
    results.push(await validateAgainst(join(folder, xml), opts.schemaDir, xsd));
  }
  const addmlDir = opts.addmlSchemaDir ?? join(opts.schemaDir, 'addml-8.3');
  if (existsSync(join(addmlDir, 'addml.xsd')))
    results.push(await validateAgainst(join(folder, 'arkivuttrekk.xml'), addmlDir, 'addml.xsd', []));
  return results;
}
