/**
 * The generated resolver types (npm run codegen) follow the SDL: the checked-in files match,
 * a change to a subgraph's SDL without regenerating fails the check (and so npm test), and
 * regenerating makes the check pass again. Runs scripts/codegen.ts as npm does, on a copy
 * of the SDL and the generated files.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const SUBGRAPHS = ['journal', 'archive', 'coercion', 'search', 'dossier'];

async function codegen(root: string, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const r = await promisify(execFile)(TSX, [join(ROOT, 'scripts/codegen.ts'), ...args, '--root', root]);
    return { code: 0, output: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('generated resolver types (npm run codegen)', () => {
  let copy: string;
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'helsespor-codegen-'));
    for (const p of [
      'schema',
      'scripts/codegen',
      '.prettierrc.json',
      ...SUBGRAPHS.map((s) => `subgraphs/${s}/generated`),
    ])
      cpSync(join(ROOT, p), join(copy, p), { recursive: true });
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  test('the checked-in files match the SDL', async () => {
    const r = await codegen(ROOT, '--check');
    expect(r).toEqual({ code: 0, output: expect.stringContaining('match the SDL') });
  });

  test('an SDL change without npm run codegen fails the check, naming the file; regenerating fixes it', async () => {
    appendFileSync(
      join(copy, 'schema/journal.graphql'),
      '\nextend type Query {\n  drifted(id: ID!): Patient\n}\n',
    );
    const stale = await codegen(copy, '--check');
    expect(stale.code).toBe(1);
    expect(stale.output).toContain('stale');
    expect(stale.output).toContain('subgraphs/journal/generated/resolvers-types.ts');
    expect(stale.output).not.toContain('subgraphs/archive/generated');

    expect((await codegen(copy)).code).toBe(0);
    expect(readFileSync(join(copy, 'subgraphs/journal/generated/resolvers-types.ts'), 'utf8')).toContain(
      'QueryDriftedArgs',
    );
    expect((await codegen(copy, '--check')).code).toBe(0);
  });
});
