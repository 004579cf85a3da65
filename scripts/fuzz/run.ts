/**
 * `npm run fuzz [-- --seconds N --seed S --jobs J --budget-ms MS --families a,b --out DIR --hostile-runs R]`
 *
 * The long fuzz run: cases from every family in cases.ts, extracted in worker threads with a
 * per-file time budget (budget.ts, the build's own pool), every invariant of invariants.ts checked on
 * each outcome. Prints cases/s and every failure; each failure's input is saved as
 * <out>/<sha256 prefix>.bin with a .json beside it (the case spec, the invariant broken, the seed), which
 * fuzz.test.ts replays.
 *
 * Then the hostile set (hostile.ts): R builds (default 20) of the real CLI over one generated hostile folder in a temp
 * dir (its heavy HTML page exhausts an extraction process's heap in every build). Each build must exit 0 (no abort, no
 * hang past 10 minutes), list every entry with the status it must have, and publish no byte from outside --input.
 * Exit status 1 when anything failed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkManifest, makeHostile } from './hostile.ts';
import fc from 'fast-check';
import type { ExtractOutcome } from '../extract/file.ts';
import { ROOT, buildCase, bytesArb, loadBases, mutationCaseArb, narrativeCaseArb, spliceCaseArb, binaryCaseArb, binaryBases, stringArb, vocabArb, type CaseSpec, type FuzzCase } from './cases.ts';
import { checkOutcome } from './check.ts';
import { budgetPool, type BudgetResult } from './budget.ts';
import type { Violation } from './invariants.ts';

type Family = 'bytes' | 'string' | 'vocab' | 'mutation' | 'narrative' | 'splice' | 'binary';
const FAMILIES: Family[] = ['bytes', 'string', 'vocab', 'mutation', 'narrative', 'splice', 'binary'];

function args(argv: string[]) {
  const get = (k: string) => { const i = argv.indexOf(`--${k}`); return i >= 0 ? argv[i + 1] : undefined; };
  const num = (k: string, d: number) => { const v = get(k); if (v === undefined) return d; const n = Number(v); if (!Number.isFinite(n) || n < 0) throw new Error(`--${k} needs a number, got ${v}`); return n; };
  const fams = (get('families')?.split(',') ?? FAMILIES) as Family[];
  for (const f of fams) if (!FAMILIES.includes(f)) throw new Error(`unknown family ${f} (${FAMILIES.join(', ')})`);
  return {
    seconds: num('seconds', 60),
    seed: num('seed', Date.now() % 2 ** 31),
    jobs: Math.max(1, num('jobs', 2)),
    budgetMs: num('budget-ms', 10_000),
    families: fams,
    out: get('out') ?? join(ROOT, 'tests/fixtures/fuzz'),
    maxSaved: num('max-saved', 50),
    hostileRuns: num('hostile-runs', 20),
  };
}

/** Draw `n` cases of a family from a seed (fast-check's generators, no shrinking). */
function draw(family: Family, seed: number, n: number): FuzzCase[] {
  const opts = { seed, numRuns: n };
  switch (family) {
    case 'bytes': return fc.sample(bytesArb, opts).map((b) => buildCase({ kind: 'bytes' }, b));
    case 'string': return fc.sample(stringArb, opts).map((s) => buildCase({ kind: 'string' }, s));
    case 'vocab': return fc.sample(vocabArb, opts).map((s) => buildCase({ kind: 'vocab' }, s));
    case 'mutation': return fc.sample(mutationCaseArb(), opts).map((x) => buildCase({ kind: 'mutation', ...x }));
    case 'narrative': return fc.sample(narrativeCaseArb(), opts).map((x) => buildCase({ kind: 'narrative', ...x }));
    case 'binary': return fc.sample(binaryCaseArb(), opts).map((x) => buildCase({ kind: 'binary', ...x }));
    case 'splice': return fc.sample(spliceCaseArb(), opts).map((x) => buildCase({ kind: 'splice', ...x }));
  }
}

function asOutcome(r: BudgetResult, bytes: number): ExtractOutcome {
  return r.ok
    ? { ok: true, record: r.record!, sha256: '', bytes, format: r.format ?? '' }
    : { ok: false, code: r.code as never, reason: r.reason ?? '', sha256: null, bytes, format: r.format };
}

export function saveReproducer(dir: string, c: FuzzCase, violations: Violation[], meta: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(c.bytes).digest('hex').slice(0, 16);
  const bin = join(dir, `${hash}.bin`);
  if (!existsSync(bin)) writeFileSync(bin, c.bytes);
  const spec: CaseSpec = c.spec;
  writeFileSync(join(dir, `${hash}.json`), JSON.stringify({ name: c.name, spec, invariant: violations[0]!.invariant, violations, ...meta }, null, 2) + '\n');
  return hash;
}

async function main() {
  const a = args(process.argv.slice(2));
  loadBases();
  console.log(`fuzz: seed ${a.seed}, ${a.seconds} s, ${a.jobs} worker(s), budget ${a.budgetMs} ms per file, families ${a.families.join(',')}`);
  const pool = budgetPool(a.jobs, a.budgetMs);
  // Start the workers and their lazily imported readers before the clock runs (tsx start-up and the
  // first import of pdf.js / the DOCX, DOC, RTF readers are not the extractor's time on a file).
  // One real file per container format (the first PDF costs a worker ~6 s of pdf.js start-up).
  const formats = [...binaryBases()].filter(([n]) => /\.(pdf|docx|doc|rtf|mht)$/.test(n) && !/encrypted|scanned|truncated/.test(n));
  const warm = [buildCase({ kind: 'string' }, 'warm-up'), ...['.pdf', '.docx', '.doc', '.rtf', '.mht'].flatMap((ext) => {
    const hit = formats.find(([n]) => n.endsWith(ext));
    return hit ? [{ name: hit[0].split('/').pop()!, bytes: hit[1] }] : [];
  })];
  const warmUp = async () => { for (const w of warm) await Promise.all(Array.from({ length: a.jobs }, () => pool.run(w.bytes, w.name))); };
  await warmUp();
  // The pool's clock includes a fresh worker's start-up, and a timed-out worker is replaced by a cold
  // one: after a timeout the workers are warmed again, and the case is re-run once on a warm worker.
  // Only a second timeout is a failure (the first is counted as a cold-start timeout).
  let needWarm = false;
  const suspects: Array<{ family: Family; c: FuzzCase; ms: number }> = [];
  let coldTimeouts = 0;

  const t0 = performance.now();
  const deadline = t0 + a.seconds * 1000;
  const perFamily = new Map<Family, { cases: number; ok: number; refused: number; ms: number; failed: number }>(a.families.map((f) => [f, { cases: 0, ok: 0, refused: 0, ms: 0, failed: 0 }]));
  const codes = new Map<string, number>();
  const signatures = new Map<string, string>();
  let failures = 0;
  let saved = 0;
  let batch = 0;
  let slowest = { ms: 0, name: '', family: '' };

  const handle = async (family: Family, c: FuzzCase, r: BudgetResult, recheck = false) => {
    const st = perFamily.get(family)!;
    st.cases++; st.ms += r.ms;
    if (r.ms > slowest.ms) slowest = { ms: r.ms, name: `${c.name} ${c.spec.kind !== 'bytes' && c.spec.kind !== 'string' && c.spec.kind !== 'vocab' ? JSON.stringify(c.spec).slice(0, 200) : `${c.bytes.length} bytes, head ${Buffer.from(c.bytes.subarray(0, 12)).toString('hex')}`}`, family };
    const v: Violation[] = [];
    if (r.status === 'timeout' && !recheck) { needWarm = true; suspects.push({ family, c, ms: r.ms }); st.cases--; st.ms -= r.ms; return; }
    if (r.status === 'timeout') v.push({ invariant: 'timeout', detail: `${r.reason ?? 'timed out'} (twice: also on a warm worker)` });
    else if (r.status === 'crash') v.push({ invariant: 'boundary', detail: r.reason ?? 'worker crashed' });
    else {
      if (r.ok) st.ok++; else { st.refused++; codes.set(r.code ?? '?', (codes.get(r.code ?? '?') ?? 0) + 1); }
      v.push(...(await checkOutcome(c, asOutcome(r, c.bytes.length), r.sourceText)));
    }
    if (!v.length) return;
    st.failed++; failures++;
    const sig = `${v[0]!.invariant}:${v[0]!.detail.replace(/\d+/g, 'N').slice(0, 120)}`;
    let where = '';
    if (saved < a.maxSaved) {
      const hash = saveReproducer(a.out, c, v, { seed: a.seed, family, found: new Date().toISOString(), ms: Math.round(r.ms) });
      saved++;
      where = `${a.out}/${hash}.bin`;
      if (!signatures.has(sig)) signatures.set(sig, hash);
    } else where = '(not saved: --max-saved reached)';
    console.log(`FAIL [${family}] ${c.name} ${JSON.stringify(c.spec).slice(0, 300)}\n  ${v.map((x) => `${x.invariant}: ${x.detail}`).join('\n  ')}\n  reproducer: ${where}`);
  };

  const inFlight = new Set<Promise<void>>();
  outer: while (performance.now() < deadline) {
    for (const family of a.families) {
      const cases = draw(family, a.seed + batch * 7919 + FAMILIES.indexOf(family), 10);
      for (const c of cases) {
        if (performance.now() >= deadline) break outer;
        if (needWarm) { await Promise.all(inFlight); await warmUp(); needWarm = false; }
        const p: Promise<void> = pool.run(c.bytes, c.name).then((r) => handle(family, c, r)).finally(() => inFlight.delete(p));
        inFlight.add(p);
        if (inFlight.size >= a.jobs) await Promise.race(inFlight); // no queue: ms is the time the file took
      }
    }
    batch++;
  }
  await Promise.all(inFlight);
  for (const sus of suspects) {
    await warmUp();
    const r = await pool.run(sus.c.bytes, sus.c.name);
    if (r.status !== 'timeout') coldTimeouts++;
    await handle(sus.family, sus.c, r, true);
  }
  await pool.close();
  const secs = (performance.now() - t0) / 1000;
  const total = [...perFamily.values()].reduce((s, x) => s + x.cases, 0);
  console.log(`\n${total} cases in ${secs.toFixed(1)} s: ${(total / secs).toFixed(1)} cases/s (${a.jobs} worker(s)); ${failures} failure(s)`);
  for (const [f, st] of perFamily) console.log(`  ${f.padEnd(10)} ${String(st.cases).padStart(6)} cases  ${String(st.ok).padStart(6)} records  ${String(st.refused).padStart(6)} refused  ${st.cases ? (st.ms / st.cases).toFixed(0) : '-'} ms/case  ${st.failed} failed`);
  console.log(`  refusals by code: ${[...codes].sort((x, y) => y[1] - x[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
  if (suspects.length) console.log(`  timeouts re-run on a warm worker: ${suspects.length}, ${coldTimeouts} of them then finished in time (cold-start timeouts, not counted as failures)`);
  console.log(`  slowest case: ${slowest.ms.toFixed(0)} ms (${slowest.family}, ${slowest.name})`);
  if (signatures.size) console.log(`  distinct failures: ${signatures.size}\n${[...signatures].map(([s, h]) => `    ${h}  ${s}`).join('\n')}`);
  const hostileFailures = a.hostileRuns ? await hostileRuns(a.hostileRuns, a.jobs) : 0;
  process.exitCode = failures || hostileFailures ? 1 : 0;
}

const HOSTILE_BUILD_MS = 10 * 60_000;

/** The hostile set: `runs` CLI builds over one hostile folder; the number of builds that went wrong. */
async function hostileRuns(runs: number, jobs: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-hostile-'));
  let bad = 0;
  try {
    const t0 = performance.now();
    const h = await makeHostile(dir, { heavy: true, bombs: true });
    console.log(`\nhostile set: ${h.expected.size} entries in ${h.input} (made in ${((performance.now() - t0) / 1000).toFixed(1)} s)${h.notes.length ? `; ${h.notes.join('; ')}` : ''}`);
    try {
      for (let k = 1; k <= runs; k++) {
        const out = join(dir, `out-${k}`);
        const t = performance.now();
        const r = await cli(['--input', h.input, '--out', out, '--no-cache', '--jobs', String(jobs), '--quiet']);
        const secs = ((performance.now() - t) / 1000).toFixed(1);
        const problems: string[] = [];
        if (r.hung) problems.push(`no end after ${HOSTILE_BUILD_MS / 60_000} minutes (stopped)`);
        else if (r.code !== 0) problems.push(`exit ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').pop() ?? ''}`);
        let heavy = '';
        if (!problems.length) {
          const files = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files as Array<{ path: string; status: string; reason: string | null }>;
          problems.push(...checkManifest(h, files));
          for (const f of readdirSync(join(out, 'archive', 'sources'))) if (readFileSync(join(out, 'archive', 'sources', f)).includes('OUTSIDE BYTES')) problems.push(`archive/sources/${f} holds bytes from outside --input`);
          heavy = files.find((f) => f.path === 'heavy.html')?.reason ?? '';
        }
        rmSync(out, { recursive: true, force: true });
        if (problems.length) bad++;
        console.log(`  build ${String(k).padStart(2)}/${runs}: ${problems.length ? 'FAIL' : 'ok'} in ${secs} s` +
          (problems.length ? `\n    ${problems.join('\n    ')}` : ` — ${h.expected.size} entries as expected; heavy.html: ${heavy}`));
      }
    } finally { await h.close(); }
    console.log(`hostile set: ${runs - bad} of ${runs} builds as expected, ${bad} failed`);
  } finally { rmSync(dir, { recursive: true, force: true }); }
  return bad;
}

function cli(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string; hung: boolean }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/cli/build-data.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let hung = false;
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString('utf8')).slice(-8192); });
    const timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, HOSTILE_BUILD_MS);
    child.on('exit', (code, signal) => { clearTimeout(timer); res({ code, signal, stderr, hung }); });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => { console.error(e); process.exitCode = 2; });
}
