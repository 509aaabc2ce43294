import type { Queryable } from '../../lib/db';

export interface SaksmappeRow {
  id: string;
  mappe_id: string;
  saksaar: number;
  sakssekvensnummer: number;
  tittel: string;
  offentlig_tittel: string | null;
  saksdato: string;
  saksstatus: string;
}

export interface PartRow {
  saksmappe_id: string;
  part_id: string | null;
  part_navn: string;
  part_rolle: string;
}

export interface NewSaksmappe {
  id: string;
  mappeId: string;
  tittel: string;
  offentligTittel?: string | null;
  saksdato: string;
  saksstatus: string;
  parts: { partId?: string | null; name: string; role: string }[];
}

export async function insertSaksmapper(db: Queryable, cases: NewSaksmappe[]): Promise<void> {
  if (!cases.length) return;
  await db.query(
    `INSERT INTO archive.saksmappe (id, mappe_id, saksaar, sakssekvensnummer, tittel, offentlig_tittel, saksdato, saksstatus)
     SELECT id, mappe_id, split_part(mappe_id, '/', 1)::int, split_part(mappe_id, '/', 2)::int,
            tittel, offentlig_tittel, saksdato, saksstatus
       FROM jsonb_to_recordset($1::jsonb)
         AS c(id text, mappe_id text, tittel text, offentlig_tittel text, saksdato date, saksstatus text)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(cases.map((c) => ({
      id: c.id, mappe_id: c.mappeId, tittel: c.tittel, offentlig_tittel: c.offentligTittel ?? null,
      saksdato: c.saksdato, saksstatus: c.saksstatus,
    })))],
  );
  await db.query(
    `INSERT INTO archive.part (saksmappe_id, ordinal, part_id, part_navn, part_rolle)
     SELECT saksmappe_id, ordinal, part_id, part_navn, part_rolle
       FROM jsonb_to_recordset($1::jsonb)
         AS p(saksmappe_id text, ordinal int, part_id text, part_navn text, part_rolle text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(cases.flatMap((c) => c.parts.map((p, i) => ({
      saksmappe_id: c.id, ordinal: i, part_id: p.partId ?? null, part_navn: p.name, part_rolle: p.role,
    }))))],
  );
}

/** Cases in which any of the given national ids is a party. */
export async function casesByPartIds(db: Queryable, nationalIds: readonly string[]): Promise<(SaksmappeRow & { part_id: string })[]> {
  return (await db.query<SaksmappeRow & { part_id: string }>(
    `SELECT DISTINCT s.*, p.part_id FROM archive.saksmappe s JOIN archive.part p ON p.saksmappe_id = s.id
      WHERE p.part_id = ANY($1::text[]) ORDER BY s.saksdato, s.id`,
    [nationalIds],
  )).rows;
}

export async function saksmapperByIds(db: Queryable, ids: readonly string[]): Promise<SaksmappeRow[]> {
  return (await db.query<SaksmappeRow>('SELECT * FROM archive.saksmappe WHERE id = ANY($1::text[])', [ids])).rows;
}

export async function partsBySaksmappeIds(db: Queryable, ids: readonly string[]): Promise<PartRow[]> {
  return (await db.query<PartRow>(
    'SELECT * FROM archive.part WHERE saksmappe_id = ANY($1::text[]) ORDER BY saksmappe_id, ordinal', [ids],
  )).rows;
}
