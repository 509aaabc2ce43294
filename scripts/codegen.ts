/**
 * `npm run codegen`: writes each subgraph's resolver types (codegen.ts), formatted by Prettier.
 * `npm run codegen:check` (`--check`, run by scripts/test.sh): writes nothing, fails and names
 * every generated file that is missing or differs from what the SDL gives now.
 * `--root <dir>` reads the SDL from and writes to a copy of the tree (test/codegen.test.ts).
 */
import { generate, type CodegenConfig } from '@graphql-codegen/cli';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import config from '../codegen';

const rootArg = process.argv.indexOf('--root');
const ROOT = rootArg > 0 && process.argv[rootArg + 1] ? process.argv[rootArg + 1]! : join(__dirname, '..');

export interface GeneratedFile {
  /** Relative to the repository root. */
  filename: string;
  /** Formatted as Prettier formats the checked-in file. */
  content: string;
}

/** What the SDL gives now, file by file, without writing anything. */
export async function generatedFiles(cfg: CodegenConfig = config): Promise<GeneratedFile[]> {
  // Plugins load from this repository's node_modules whatever the root (--root).
  const pluginLoader: CodegenConfig['pluginLoader'] = (name) => import(name);
  const files = (await generate({ ...cfg, cwd: ROOT, silent: true, pluginLoader }, false)) as GeneratedFile[];
  return Promise.all(
    files.map(async (f) => {
      const path = join(ROOT, f.filename);
      return {
        filename: f.filename,
        content: await format(f.content, { ...(await resolveConfig(path)), filepath: path }),
      };
    }),
  );
}

/** The generated files whose checked-in copy is missing or differs from what the SDL gives. */
export async function staleFiles(cfg: CodegenConfig = config): Promise<string[]> {
  const stale: string[] = [];
  for (const f of await generatedFiles(cfg)) {
    const path = join(ROOT, f.filename);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== f.content) stale.push(f.filename);
  }
  return stale;
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = await staleFiles();
    if (stale.length) {
      console.error(`Generated resolver types are stale (run npm run codegen): ${stale.join(', ')}`);
      process.exit(1);
    }
    console.log('Generated resolver types match the SDL');
    return;
  }
  for (const f of await generatedFiles()) {
    const path = join(ROOT, f.filename);
    if (existsSync(path) && readFileSync(path, 'utf8') === f.content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
    console.log(`wrote ${f.filename}`);
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`codegen failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
