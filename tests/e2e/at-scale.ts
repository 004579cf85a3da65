/**
 * `npm run test:e2e:scale [-- --reports N] [--keep DIR]`: the browser tests on a large corpus. The bundled real reports
 * plus N SYNTHETIC ones (scripts/synthetic/corpus.ts, default 10,000; their agency names say 合成) go through the real
 * `build:data` and `astro build`, in the layout a corpus of that size gets (id buckets, reports in files of whole agencies); then every
 * file of tests/e2e runs against that site (ATLAS_E2E_DIST). The real reports are there so that the tests' values,
 * taken from the hand-checked records, are still what the pages must show among 10,000 others.
 *
 * Not part of `npm test` (the data build alone takes minutes at 10,000 reports); docs/SITE.md gives the last run.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSyntheticCorpus } from '../../scripts/synthetic/corpus.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const N = Number(opt('--reports') ?? 10_000);
const KEEP = opt('--keep') ? resolve(opt('--keep')!) : null;

const dir = KEEP ?? mkdtempSync(join(tmpdir(), `atlas-e2e-${N}-`));
mkdirSync(dir, { recursive: true });
const run = (cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync(cmd, argv, { cwd: ROOT, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env }, stdio: 'inherit' });

let code = 0;
try {
  if (KEEP && existsSync(join(dir, 'data', 'manifest.json'))) process.stderr.write(`test:e2e:scale: reusing the data built in ${dir}\n`);
  else {
    rmSync(join(dir, 'in'), { recursive: true, force: true });
    cpSync(join(ROOT, 'data', 'reports'), join(dir, 'in', 'real'), { recursive: true });
    process.stderr.write(`test:e2e:scale: the bundled reports + ${N.toLocaleString('en')} SYNTHETIC reports…\n`);
    await writeSyntheticCorpus(join(dir, 'in', 'synthetic'), N);
    run('npm', ['run', '-s', 'build:data', '--', '--input', join(dir, 'in'), '--out', join(dir, 'data'), '--no-cache', '--quiet']);
  }
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  run('npx', ['astro', 'build'], { ATLAS_DATA_DIR: join(dir, 'data'), ATLAS_OUT_DIR: join(dir, 'dist') });
  try { run('npx', ['vitest', 'run', 'tests/e2e'], { ATLAS_E2E_DIST: join(dir, 'dist') }); } catch { code = 1; }
} finally {
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}
process.exit(code);
