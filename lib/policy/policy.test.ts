import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AuditTrail } from '../audit';
import type { CallerContext, Role } from '../auth';
import { AccessPolicy, type Grant } from './policy';

const caller = (role: Role, purpose: string): CallerContext => ({
  userId: 'u',
  role,
  purpose,
  matter: 'M-1',
  selfAuthorized: false,
  requestId: 'r',
});

const grant = (source: string, from: string | null, to: string | null, selfAuthorized: boolean): Grant => ({
  source,
  patientIds: new Set(['p1']),
  nationalIds: new Set(['01010112345']),
  recordlessNationalIds: new Set(),
  period: { from, to },
  selfAuthorized,
});

// pasientjournalforskriften § 14, Normen: self-authorised access is flagged as such, and only such access.
test('pasientjournalforskriften § 14: break the glass over a matter patient flags only what the matter itself does not reach', () => {
  const c = caller('legal', 'LEGAL_PROCEEDINGS');
  const p = new AccessPolicy(
    c,
    [grant('M-1', '2012-01-01', '2013-12-31', false), grant('btg 1', null, null, true)],
    null,
  );
  const audit = new AuditTrail('test', c);
  expect(p.check(audit, 'journal_entry', { patientIds: ['p1'] }, '2012-05-01')).toBeNull();
  expect(c.selfAuthorized).toBe(false);
  expect(
    p.window(audit, 'journal_entry', { patientIds: ['p1'] }, { from: '2012-02-01', to: '2012-03-01' }),
  ).toEqual({ from: '2012-02-01', to: '2012-03-01' });
  expect(c.selfAuthorized).toBe(false);
  expect(p.check(audit, 'journal_entry', { nationalIds: ['01010112345'] }, '2015-01-01')).toBeNull();
  expect(c.selfAuthorized).toBe(true);
  expect(audit.size).toBe(0);
});

test('pasientjournalloven § 19: outside the matter or its period, the rule is named and the denial recorded', () => {
  const c = caller('legal', 'LEGAL_PROCEEDINGS');
  const p = new AccessPolicy(c, [grant('M-1', '2012-01-01', '2013-12-31', false)], null);
  const audit = new AuditTrail('test', c);
  expect(p.check(audit, 'patient', { patientIds: ['p2'] })).toBe('patient not in matter M-1');
  expect(p.check(audit, 'journal_entry', { patientIds: ['p1'] }, '2014-01-01')).toBe(
    'record outside the period of matter M-1 (2012-01-01 to 2013-12-31)',
  );
  expect(p.window(audit, 'journal_entry', { patientIds: ['p1'] }, { from: null, to: '2020-01-01' })).toEqual({
    from: '2012-01-01',
    to: '2013-12-31',
  });
  expect(audit.size).toBe(2);
  const none = new AccessPolicy(c, [], 'matter M-1 is closed');
  expect(none.check(audit, 'patient', { patientIds: ['p1'] })).toBe('matter M-1 is closed');
  expect(none.searchScope()).toEqual({ grants: [] });
});

test('personopplysningsloven art. 5 (1) c: reporting reads aggregates only, no record kind and no field of a record', () => {
  const p = new AccessPolicy(caller('reporting', 'MANAGEMENT_STATISTICS'), null, null);
  expect(p.fieldRule('Patient', 'id')).toMatch(/^field id of Patient: role reporting reads aggregates only/);
  expect(p.fieldRule('SearchHit', 'highlights')).toMatch(
    /^field highlights of SearchHit: role reporting reads aggregates only/,
  );
  expect(p.kindRule('coercion_execution')).toMatch(
    /^coercion_execution: role reporting reads aggregates only/,
  );
  expect(p.highlights).toBe(false);
  expect(p.actionRule('search')).toMatch(/^search needs role /);
  expect(p.actionRule('statistics')).toBeNull();
  expect(p.actionRule('registerMatter')).toBe('registerMatter needs role archivist');
  const legal = new AccessPolicy(caller('legal', 'LEGAL_PROCEEDINGS'), [], null);
  expect(legal.fieldRule('Patient', 'nationalId')).toBeNull();
});

test('helseforskningsloven § 33: a researcher reaches no record of the identifying graph, only search counts', () => {
  const p = new AccessPolicy(caller('researcher', 'RESEARCH'), [], 'grant G-1 is not registered');
  for (const kind of ['patient', 'journal_entry', 'care_contact', 'saksmappe', 'coercion_execution'] as const)
    expect(p.kindRule(kind)).toBe(`${kind} needs role legal or archivist`);
  expect(p.kindRule('search_hit')).toBeNull();
  expect(p.fieldRule('Patient', 'id')).toBe('field id of Patient needs role legal or archivist');
  expect(p.fieldRule('SearchHit', 'journalEntry')).toBe(
    'field journalEntry of SearchHit needs role legal or archivist',
  );
  expect(p.fieldRule('SearchHit', 'score')).toBeNull();
  // A grant not in force: search says why instead of answering nothing.
  expect(() => p.searchScope()).toThrow('grant G-1 is not registered');
  expect(p.researchFieldRule('ResearchJournalEntry', 'text')).toBe('grant G-1 is not registered');
});

test('pasientjournalloven § 22 with helsepersonelloven § 21a: handing an access request over to another case handler is administration of the archive, never the case handlers’ own', () => {
  // The one rule of actionRule: an archivist action outside ACCESS_REQUEST_WORK needs ARCHIVE_ADMINISTRATION.
  const admin = new AccessPolicy(caller('archivist', 'ARCHIVE_ADMINISTRATION'), null, null);
  expect(admin.actionRule('handOverAccessRequest')).toBeNull();
  const handler = new AccessPolicy(caller('archivist', 'ACCESS_REQUEST'), [], null);
  expect(handler.actionRule('handOverAccessRequest')).toBe(
    'handOverAccessRequest needs purpose ARCHIVE_ADMINISTRATION',
  );
  expect(handler.actionRule('closeAccessRequest')).toBeNull();
  const legal = new AccessPolicy(caller('legal', 'ACCESS_REQUEST'), [], null);
  expect(legal.actionRule('handOverAccessRequest')).toBe('handOverAccessRequest needs role archivist');
});

test('pasientjournalloven § 22 with helsepersonelloven § 21a: search leaves out the cases of another case handler’s access requests (requestHandlerRule), for a case handler only', () => {
  const cases = [
    { saksmappeId: 'S-own', saksansvarlig: 'u' },
    { saksmappeId: 'S-other', saksansvarlig: 'v' },
  ];
  const reach = [grant('open access requests of saksansvarlig u', null, null, false)];
  const handler = new AccessPolicy(caller('archivist', 'ACCESS_REQUEST'), reach, 'rule', null, cases);
  expect(handler.searchExcludedCases).toEqual(['S-other']);
  expect(handler.searchScope()?.excludedCases).toEqual(['S-other']);
  // Only the own request: nothing left out, and the scope says nothing of cases.
  const own = new AccessPolicy(caller('archivist', 'ACCESS_REQUEST'), reach, 'rule', null, [cases[0]!]);
  expect(own.searchExcludedCases).toEqual([]);
  expect(own.searchScope()).not.toHaveProperty('excludedCases');
  // Administering the archive: every case (requestHandlerRule refuses nothing).
  const admin = new AccessPolicy(caller('archivist', 'ARCHIVE_ADMINISTRATION'), null, null, null, cases);
  expect(admin.searchExcludedCases).toEqual([]);
  expect(admin.searchScope()).toBeUndefined();
});

test('helsepersonelloven § 42, pasientjournalloven § 22: search matches the text of earlier versions for a legal matter or case handling only, never for research or reporting', () => {
  const on = (role: Role, purpose: string) =>
    new AccessPolicy(caller(role, purpose), null, null).earlierVersions;
  for (const purpose of ['LEGAL_PROCEEDINGS', 'COMPLAINT', 'ACCESS_REQUEST'])
    expect(on('legal', purpose)).toBe(true);
  expect(on('archivist', 'ARCHIVE_ADMINISTRATION')).toBe(true);
  expect(on('archivist', 'ACCESS_REQUEST')).toBe(true);
  expect(on('journalansvarlig', 'RECORD_CORRECTION')).toBe(true);
  // A corrected-away version is not research data (research.ts), and reporting gets no search.
  expect(on('researcher', 'RESEARCH')).toBe(false);
  expect(on('reporting', 'MANAGEMENT_STATISTICS')).toBe(false);
  // A purpose not listed (a clinical one, were it added) does not match them either.
  expect(on('legal', 'TREATMENT')).toBe(false);
});

/** "No role check outside the policy module": the subgraphs, search and gateway never look at the role themselves. */
test('no role check outside lib/policy', () => {
  const root = join(__dirname, '..', '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const path = join(dir, f);
      if (statSync(path).isDirectory()) walk(path);
      else if (f.endsWith('.ts') && !f.endsWith('.test.ts')) files.push(path);
    }
  };
  for (const d of ['subgraphs', 'search-index', 'gateway']) walk(join(root, d));
  const offenders = files.filter((f) =>
    /caller\.role\s*[!=]==|requireRole|requireReader|requireArchivist|\.includes\(ctx\.caller\.role\)/.test(
      readFileSync(f, 'utf8'),
    ),
  );
  expect(offenders).toEqual([]);
});
