/**
 * Fuzzing the extractor, bounded for `npm test` (a few hundred cases, in this process):
 * arbitrary bytes and strings, strings of the templates' own vocabulary, mutations of the real
 * fixtures (and of SYNTHETIC renderings, generated here), narrative-only edits. Every invariant of
 * invariants.ts is checked on every outcome. Saved reproducers (tests/fixtures/fuzz/*.bin + .json,
 * written by `npm run fuzz`) are replayed, and each bug the fuzzer found has its own regression test.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractBytes } from '../extract/file.ts';
import { ROOT, buildCase, bytesArb, loadBases, mutationCaseArb, narrativeCaseArb, spliceCaseArb, binaryCaseArb, stringArb, vocabArb, type CaseSpec, type FuzzCase } from './cases.ts';
import { runCase } from './check.ts';
import { outcomeViolations, readableFrom, traceViolations, checkViolations, type Violation } from './invariants.ts';
import { mutate } from './mutate.ts';
import { normaliseText } from '../text/normalise.ts';
import { readSource } from '../read/index.ts';
import { randomTables } from '../synthetic/tables.ts';
import { renderText } from '../synthetic/render.ts';

/** In-process budget per case: far above the ~100 ms a real report takes, far below the build's limit. */
const BUDGET_MS = 5000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);

const fmt = (c: FuzzCase, v: Violation[]) => `${c.name} ${JSON.stringify(c.spec).slice(0, 400)}\n${v.map((x) => `  ${x.invariant}: ${x.detail}`).join('\n')}`;

async function holds(c: FuzzCase): Promise<boolean> {
  const r = await runCase(c, BUDGET_MS);
  if (r.violations.length) throw new Error(fmt(c, r.violations));
  return true;
}

describe('invariant checkers can fail (so the properties below mean something)', () => {
  it('trace: a value that is not in the text, or provenance pointing elsewhere, is caught', async () => {
    const file = join(ROOT, 'data/reports/000_fec3dc6b6efa534b.txt');
    const bytes = readFileSync(file);
    const out = await extractBytes(bytes, file);
    if (!out.ok) throw new Error(out.reason);
    const text = (await readSource(bytes, 'x.txt')).text;
    expect(traceViolations(out.record, text)).toEqual([]);
    const forged = structuredClone(out.record);
    forged.t3.new![6] = 987654; // not printed anywhere in the report
    expect(traceViolations(forged, text).map((v) => v.detail).join('\n')).toMatch(/t3\.new\[6\] = 987654 cannot be read/);
    const moved = structuredClone(out.record);
    const p = Object.values(moved.provenance)[0]!;
    p.line += 1;
    expect(traceViolations(moved, text).some((v) => /provenance raw/.test(v.detail))).toBe(true);
  });

  it('checks: a pass that does not sum, and a check on a blank cell, are caught', async () => {
    const file = join(ROOT, 'data/reports/001_f9e7c90898d0e983.txt');
    const out = await extractBytes(readFileSync(file), file);
    if (!out.ok) throw new Error(out.reason);
    expect(checkViolations(out.record)).toEqual([]);
    const bad = structuredClone(out.record);
    bad.t4[4] = (bad.t4[4] ?? 0) + 1;
    expect(checkViolations(bad).some((v) => /t4\.group_sum.*status pass but/.test(v.detail))).toBe(true);
    const blank = structuredClone(out.record);
    blank.t3.total![0] = null;
    expect(checkViolations(blank).some((v) => /although a cell is blank/.test(v.detail))).toBe(true);
  });

  it('readableFrom: whole cells, units and digit substrings of a run; nothing else', () => {
    expect(readableFrom('246900 元', 246900)).toBe(true);
    expect(readableFrom('+12', 12)).toBe(true);
    expect(readableFrom('-3', -3)).toBe(true);
    expect(readableFrom('05', 5)).toBe(true);
    expect(readableFrom('801000081', 81)).toBe(true);
    expect(readableFrom('801000081', 82)).toBe(false);
    expect(readableFrom('12.50', 12.5)).toBe(true);
    expect(readableFrom('0', 1)).toBe(false);
    // a change in words (pingtan_186: 行政事业性收费 16减12)
    expect(readableFrom('减12', -12)).toBe(true);
    expect(readableFrom('减12', 12)).toBe(false);
    expect(readableFrom('增3', 3)).toBe(true);
  });

  it('boundary: a multi-line reason, or one not naming the file, is caught', () => {
    const base = { ok: false as const, code: 'corrupt' as const, sha256: null, bytes: 1, format: null };
    expect(outcomeViolations({ ...base, reason: 'a.txt: bad\nmore' }, 'dir/a.txt', null).map((v) => v.invariant)).toEqual(['boundary']);
    expect(outcomeViolations({ ...base, reason: 'bad' }, 'dir/a.txt', null).map((v) => v.invariant)).toEqual(['boundary']);
    expect(outcomeViolations({ ...base, reason: 'a.txt: bad' }, 'dir/a.txt', null)).toEqual([]);
  });
});

describe('every real fixture satisfies every invariant', () => {
  for (const b of loadBases()) {
    it(b.name, async () => {
      expect(await holds(buildCase({ kind: 'mutation', base: b.name, muts: [] }))).toBe(true);
    });
  }
});

describe('properties (fast-check, bounded)', () => {
  const run = (arb: fc.Arbitrary<FuzzCase>, numRuns: number) => fc.assert(fc.asyncProperty(arb, holds), { seed: SEED, numRuns, endOnFailure: true });

  it('arbitrary bytes: refused with a one-line reason naming the file, or a traceable record', async () => {
    await run(bytesArb.map((b) => buildCase({ kind: 'bytes' }, b)), 120);
  });
  it('arbitrary strings (lone surrogates, controls, any plane)', async () => {
    await run(stringArb.map((s) => buildCase({ kind: 'string' }, s)), 150);
  });
  it('strings of report vocabulary, digits, tabs, newlines, spaces and full-width forms', async () => {
    await run(vocabArb.map((s) => buildCase({ kind: 'vocab' }, s)), 150);
  });
  it('real fixtures (and SYNTHETIC renderings) with 1–4 mutations', async () => {
    await run(mutationCaseArb().map((x) => buildCase({ kind: 'mutation', ...x })), 45);
  });
  it('report text with one table section replaced by vocabulary strings', async () => {
    await run(spliceCaseArb().map((x) => buildCase({ kind: 'splice', ...x })), 40);
  });
  it('real PDF, DOCX, DOC, RTF, MHTML and legacy-encoding files with byte-level damage', async () => {
    await run(binaryCaseArb().map((x) => buildCase({ kind: 'binary', ...x })), 15);
  }, 120_000);
  it('deterministic: the same bytes give the same record twice (mutated fixtures)', async () => {
    await fc.assert(fc.asyncProperty(mutationCaseArb().map((x) => buildCase({ kind: 'mutation', ...x })), async (c) => {
      const [a, b] = [await extractBytes(c.bytes, c.name), await extractBytes(c.bytes, c.name)];
      expect(JSON.stringify(b), fmt(c, [{ invariant: 'stable', detail: 'two extractions differ' }])).toBe(JSON.stringify(a));
    }), { seed: SEED + 1, numRuns: 10, endOnFailure: true });
  });
  it('narrative-only edits of plain-text reports change no extracted number', async () => {
    await run(narrativeCaseArb().map((x) => buildCase({ kind: 'narrative', ...x })), 25);
  });
});

describe('saved reproducers (tests/fixtures/fuzz) replay clean', () => {
  const dir = join(ROOT, 'tests/fixtures/fuzz');
  const saved = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  it('the folder is there', () => expect(existsSync(dir)).toBe(true));
  for (const f of saved) {
    const meta = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { name: string; spec: CaseSpec; invariant: string; violations: Violation[] };
    it(`${f}: ${meta.invariant} (${meta.violations[0]?.detail.slice(0, 80)})`, async () => {
      const bytes = new Uint8Array(readFileSync(join(dir, f.replace(/\.json$/, '.bin'))));
      expect(await holds({ spec: meta.spec, name: meta.name, bytes })).toBe(true);
    });
  }
});

describe('regressions: bugs the fuzzer found', () => {
  it('provenance raw is the text at the span ("246900 元" with its space, not "246900元")', async () => {
    // tests/fixtures/layouts/006_…layout.txt prints the 2019 procurement amount as "246900 元".
    const file = join(ROOT, 'tests/fixtures/layouts/006_pingtan-lvyou-wenti-ju_2019.layout.txt');
    const bytes = readFileSync(file);
    const out = await extractBytes(bytes, file);
    if (!out.ok) throw new Error(out.reason);
    expect(out.record.t2_extra?.procurement_total_amount).toBe(246900);
    const p = out.record.provenance['t2_extra.procurement_total_amount']!;
    expect(p.raw).toBe('246900 元');
    const line = normaliseText(bytes.toString('utf8')).split('\n')[p.line]!;
    expect(line.slice(p.start, p.end)).toBe('246900 元');
  });

  it('mutated copies keep the fix (a duplicated line above the table moves the line, not the raw text)', async () => {
    const base = loadBases().find((b) => b.name.endsWith('006_pingtan-lvyou-wenti-ju_2019.raw.txt'))!;
    const c: FuzzCase = { spec: { kind: 'mutation', base: base.name, muts: [{ op: 'dup_line', at: 0.05, arg: 0 }] }, name: 'dup.txt', bytes: mutate(base.text, [{ op: 'dup_line', at: 0.05, arg: 0 }]) };
    expect(await holds(c)).toBe(true);
  });

  it('a table-三 row with a blank cell: the cells after it keep their own provenance', async () => {
    // SYNTHETIC tab report (generated here); one cell of the 予以公开 row printed empty.
    const t = randomTables(8000, { template: '2021' });
    t.t3.granted = [1, 2, 3, 4, 5, 6, 21];
    const text = renderText(t, 'tab').replace(/(予以公开\t1\t)2\t/, '$1\t');
    expect(text).toMatch(/予以公开\t1\t\t3\t4\t5\t6\t21/);
    const c: FuzzCase = { spec: { kind: 'vocab', note: 'synthetic tab, blank cell' }, name: 'blank-cell.txt', bytes: new TextEncoder().encode(text) };
    expect(await holds(c)).toBe(true);
    const out = await extractBytes(c.bytes, c.name);
    if (!out.ok) throw new Error(out.reason);
    expect(out.record.t3.granted).toEqual([1, null, 3, 4, 5, 6, 21]);
    expect(out.record.provenance['t3.granted[2]']!.raw).toBe('3');
    expect(out.record.provenance['t3.granted[6]']!.raw).toBe('21');
  });

  it('a row printed with an extra value: the cells after the dropped one keep their own provenance', async () => {
    // Reproducer 4424ec3c76e39622 (tests/fixtures/fuzz): a duplicated line gave 一、本年新收 eight values;
    // the one dropped by the arithmetic shifted the provenance of every later cell onto its neighbour.
    const meta = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/fuzz/4424ec3c76e39622.json'), 'utf8'));
    const bytes = new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/fuzz/4424ec3c76e39622.bin')));
    const out = await extractBytes(bytes, meta.name);
    if (!out.ok) throw new Error(out.reason);
    const text = normaliseText((await readSource(bytes, meta.name)).text);
    out.record.t3.new!.forEach((v, i) => {
      if (v === null) return;
      const raw = out.record.provenance[`t3.new[${i}]`]!.raw;
      expect(readableFrom(raw, v), `t3.new[${i}] = ${v} from ${raw}`).toBe(true);
    });
    expect(traceViolations(out.record, text)).toEqual([]);
  });
});
