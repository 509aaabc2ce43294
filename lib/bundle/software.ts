import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');

export interface Software {
  name: string;
  version: string;
  /** The git commit the code was built from (HELSESPOR_GIT_COMMIT, else `git rev-parse HEAD`); null when neither is known. */
  gitCommit: string | null;
  /** True when the working tree had uncommitted changes to tracked files. */
  gitDirty: boolean | null;
  node: string;
  libraries: Record<string, string>;
}

let cached: Software | undefined;

function pkgVersion(name: string): string {
  try {
    // Not require.resolve: a package's `exports` may hide its package.json.
    return (
      JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'unknown';
  }
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', ['-C', REPO_ROOT, ...args], {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    })
      .toString('utf8')
      .trim();
  } catch {
    return null;
  }
}

/** Set from configuration (HELSESPOR_GIT_COMMIT, lib/config.ts) by the stack and the CLI. */
export const softwareSettings: { gitCommit: string | null } = { gitCommit: null };

/** What built the bundle: package.json's name and version, the git commit when there is one, the libraries. */
export function software(): Software {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const envCommit = softwareSettings.gitCommit;
  const commit = envCommit ?? git(['rev-parse', 'HEAD']);
  const status = envCommit ? null : git(['status', '--porcelain', '--untracked-files=no']);
  cached = {
    name: pkg.name,
    version: pkg.version,
    gitCommit: commit && /^[0-9a-f]{7,64}$/.test(commit) ? commit : null,
    gitDirty: status === null ? null : status.length > 0,
    node: process.version,
    libraries: { pdfkit: pkgVersion('pdfkit'), yazl: pkgVersion('yazl') },
  };
  return cached;
}
