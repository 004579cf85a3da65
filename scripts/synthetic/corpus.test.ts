/**
 * The SYNTHETIC corpus (benchmarks and tests only): labelled, written only where asked, read back by the
 * extractor as exactly the tables generated in every layout, and realistic for the copy-paste rule —
 * unrelated reports are far from near-duplicates, and the planted copies (and only they) are found.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractBytes } from '../extract/file.ts';
import { computeFindings, type FindingInput } from '../findings/index.ts';
import { jaccard, shingles } from '../findings/minhash.ts';
import { normalise } from '../findings/normalise.ts';
import type { ReportRecord } from '../template/record.ts';
import { CORPUS_LAYOUTS, copySource, renderReport, SYNTHETIC_LABEL, syntheticReport, syntheticReports, writeSyntheticCorpus, type SyntheticReport } from './corpus.ts';
import type { SyntheticTables } from './tables.ts';

/** Every cell as path → value (t2, numeric t2_extra, t3, t4). */
function cellsOf(t: SyntheticTables | ReportRecord, extraKeys: string[]): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const k of ['regulations', 'normative'] as const) for (const f of ['made', 'repealed', 'valid'] as const) m.set(`t2.${k}.${f}`, t.t2[k][f]);
  for (const k of ['licensing', 'punishment', 'coercion', 'fees'] as const) m.set(`t2.${k}`, t.t2[k]);
  for (const k of extraKeys) m.set(`t2_extra.${k}`, t.t2_extra?.[k] ?? null);
  for (const [row, cells] of Object.entries(t.t3)) cells.forEach((v, i) => m.set(`t3.${row}[${i}]`, v));
  t.t4.forEach((v, i) => m.set(`t4[${i}]`, v));
  return m;
}

async function extract(rep: SyntheticReport, text: string) {
  const out = await extractBytes(new TextEncoder().encode(text), rep.file);
  if (!out.ok) throw new Error(`${rep.file} (${rep.layout}) not extracted: ${out.reason}`);
  return { record: out.record, text: out.text ?? text };
}

describe('synthetic corpus: files', () => {
  it('are labelled synthetic in text and title, written only where asked, and reproducible in pieces', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synthetic-'));
    try {
      const bytes = await writeSyntheticCorpus(join(dir, 'a'), 13);
      await writeSyntheticCorpus(join(dir, 'b'), 12);
      await writeSyntheticCorpus(join(dir, 'b'), 1, { from: 12 }); // the benchmark's "+1 file"
      const files = (await readdir(join(dir, 'a'))).sort();
      expect(files).toEqual((await readdir(join(dir, 'b'))).sort());
      expect(files).toHaveLength(13);
      let total = 0;
      for (const [i, f] of files.entries()) {
        const text = await readFile(join(dir, 'a', f), 'utf8');
        total += Buffer.byteLength(text);
        expect(text).toBe(await readFile(join(dir, 'b', f), 'utf8'));
        const rep = syntheticReport(i);
        expect(f).toBe(rep.file);
        expect(text).toBe(renderReport(rep));
        expect(text).toContain(SYNTHETIC_LABEL);
        const title = rep.layout === 'html' ? /<title>([^<]*)<\/title>/.exec(text)![1]! : text.split('\n').find((l) => l.includes('年度报告'))!;
        expect(title).toMatch(/合成测试报告 synthetic/);
      }
      expect(bytes).toBe(total);
    } finally { await rm(dir, { recursive: true, force: true }); }
  });

  it('agencies: distinct names of four levels, six consecutive years each, template by year', () => {
    const reps = [...syntheticReports(600)];
    const byAgency = new Map<string, SyntheticReport[]>();
    for (const r of reps) byAgency.set(r.agency, [...(byAgency.get(r.agency) ?? []), r]);
    expect(byAgency.size).toBe(100);
    for (const rs of byAgency.values()) {
      expect(rs.map((r) => r.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
      expect(new Set(rs.map((r) => r.level)).size).toBe(1);
    }
    expect(new Set(reps.map((r) => r.level))).toEqual(new Set(['township', 'county', 'city', 'department']));
    for (const r of reps) expect(r.tables.template).toBe(r.year >= 2021 ? '2021' : '2019');
    expect(new Set(reps.map((r) => r.layout))).toEqual(new Set(CORPUS_LAYOUTS));
  });
});

describe('synthetic corpus: extraction gives back exactly the generated tables', () => {
  for (const layout of CORPUS_LAYOUTS) {
    // Flattened text runs a row's cells together: a digit run that splits several ways is left blank and
    // flagged (never guessed), as in real scraper dumps. Tables 三 and 四 are settled by their arithmetic.
    const flat = layout === 'flattened';
    it(`${layout}: every cell${flat ? ' of tables 三 and 四, and every other cell or its flagged ambiguity' : ''}`, async () => {
      let exact = 0;
      // 24 reports: both templates, every level, with and without a scraper dump where the layout allows
      for (const rep of syntheticReports(24, { layouts: [layout], from: 600 })) {
        const { record } = await extract(rep, renderReport(rep, { layouts: [layout] }));
        const where = `${rep.file} (${layout})`;
        expect({ agency: record.agency, year: record.year, template: record.template, level: record.level }, where)
          .toEqual({ agency: rep.agency, year: rep.year, template: rep.tables.template, level: rep.level });
        expect(record.t3_other_single_row, where).toBe(rep.tables.otherSingle);
        const extra = Object.keys(rep.tables.t2_extra ?? {});
        const want = Object.fromEntries(cellsOf(rep.tables, extra));
        const got = Object.fromEntries(cellsOf(record, extra));
        if (!flat) expect(record.ambiguous, where).toEqual([]);
        for (const path of record.ambiguous) {
          expect(path, where).toMatch(/^t2/);
          expect(got[path], `${where} ${path}`).toBeNull();
          got[path] = want[path]; // flagged, not wrong
        }
        expect(got, where).toEqual(want);
        if (record.ambiguous.length === 0) exact++;
        // the narrative sections are the generated prose
        for (const code of ['s1', 's5', 's6']) expect(record.sections.find((s) => s.code === code)?.text.length ?? 0, `${where} ${code}`).toBeGreaterThan(20);
      }
      expect(exact).toBeGreaterThanOrEqual(flat ? 12 : 24);
    });
  }
});

describe('synthetic corpus: prose and the findings rules', () => {
  const N = 300;
  let reps: SyntheticReport[];
  let inputs: FindingInput[];
  let sets: Uint32Array[];
  /** Unordered pairs "i|j" (i < j) whose prose shares an origin: a copy and its source, two copies of one source. */
  let planted: Set<string>;
  const key = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);

  beforeAll(async () => {
    reps = [...syntheticReports(N)];
    inputs = [];
    for (const rep of reps) {
      const { record, text } = await extract(rep, renderReport(rep));
      inputs.push({ id: rep.file, record, text });
    }
    sets = inputs.map((x) => shingles(normalise(x.record, x.text, false).s, 5));
    const origin = reps.map((r) => r.copyOf ?? r.index);
    planted = new Set();
    for (let a = 0; a < N; a++) for (let b = a + 1; b < N; b++) if (origin[a] === origin[b]) planted.add(key(a, b));
  }, 120_000);

  it('plants copies at about the stated rate, of another agency, none with copyRate 0', () => {
    const copies = reps.filter((r) => r.copyOf !== null);
    expect(copies.length).toBeGreaterThanOrEqual(0.02 * N);
    expect(copies.length).toBeLessThanOrEqual(0.09 * N);
    for (const c of copies) {
      expect(c.copyOf!).toBeLessThan(c.index);
      expect(reps[c.copyOf!]!.agency).not.toBe(c.agency);
      expect(reps[c.copyOf!]!.copyOf).toBeNull();
    }
    for (let i = 0; i < N; i++) expect(copySource(i, { copyRate: 0 })).toBeNull();
    expect([...syntheticReports(2000, { copyRate: 0.2 })].filter((r) => r.copyOf !== null).length).toBeGreaterThan(300);
  });

  it('unrelated reports are far from near-duplicates (Jaccard of 5-character shingles); planted copies are near', () => {
    let max = 0, sum = 0, n = 0;
    for (let a = 0; a < N; a++) {
      for (let b = a + 1; b < N; b++) {
        if (planted.has(key(a, b)) || reps[a]!.agency === reps[b]!.agency) continue;
        const j = jaccard(sets[a]!, sets[b]!);
        max = Math.max(max, j); sum += j; n++;
      }
    }
    expect(max).toBeLessThan(0.35);
    expect(sum / n).toBeLessThan(0.2);
    for (const p of planted) {
      const [a, b] = p.split('|').map(Number) as [number, number];
      expect(jaccard(sets[a]!, sets[b]!), p).toBeGreaterThan(0.6);
    }
    // long enough to be judged by the rule (minShingles 100)
    expect(Math.min(...sets.map((s) => s.length))).toBeGreaterThan(300);
  });

  it('computeFindings reports the planted near-duplicates and no other pair; the prose states the tables\' own figures', () => {
    const findings = computeFindings(inputs);
    const index = new Map(reps.map((r) => [r.file, r.index]));
    const found = new Set(findings.filter((f) => f.rule === 'copypaste.near_duplicate').map((f) => key(index.get(f.report_id)!, index.get(f.other_report_id!)!)));
    expect(planted.size).toBeGreaterThan(0);
    expect([...found].sort()).toEqual([...planted].sort());
    // no narrative figure contradicts its table, no 规章 where the agency cannot make them
    expect(findings.filter((f) => f.rule.startsWith('narrative.') || f.rule === 'outlier.regulations_unempowered')).toEqual([]);
  }, 60_000);
});
