/**
 * Test data for persons under an H-nummer (lib/national-id.ts; pasientjournalloven § 22: one
 * organisation's number), shared by the H-number tests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Queryable } from '../lib/db';

/** The journal patient record a source record was imported as (undefined: none). */
export async function sourceRecord(
  db: Queryable,
  sourceSystem: string,
  localId: string,
): Promise<string | undefined> {
  return (
    await db.query<{ id: string }>(
      'SELECT patient_id AS id FROM journal.patient_identity WHERE source_system = $1 AND local_id = $2',
      [sourceSystem, localId],
    )
  ).rows[0]?.id;
}

/**
 * A Profil export (another organisation's system) of its own person, client `${tag}02` (Per
 * Annenvik, one note `${tag}21`), under `number`: with an H-nummer, another person than a
 * Gerica patient of the same number. Returns the file's path in `dir`.
 */
export function writeOtherOrganisationProfil(dir: string, tag: string, number: string): string {
  const path = join(dir, `profil-${tag}.xml`);
  writeFileSync(
    path,
    '<?xml version="1.0" encoding="UTF-8"?>\n<profil-eksport versjon="4.2" system="Profil">\n' +
      `  <klient klientnr="${tag}02" fnr="${number}" etternavn="Annenvik" fornavn="Per" fodt="1970-07-18" kjonn="M">\n` +
      `    <journal>\n      <notat id="${tag}21" dato="2021-05-04T10:15" type="Journalnotat" tjeneste="Hjemmesykepleie" forfatter="Åse Lien">Notat.</notat>\n` +
      '    </journal>\n  </klient>\n</profil-eksport>\n',
  );
  return path;
}
