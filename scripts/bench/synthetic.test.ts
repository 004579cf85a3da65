import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../extract/file.ts';
import { randomTables, render, rng, SYNTHETIC_LABEL, syntheticReport, writeSyntheticCorpus } from './synthetic.ts';

describe('synthetic reports (benchmarks only)', () => {
  it('satisfy the templates\' arithmetic', () => {
    for (let i = 0; i < 200; i++) {
      const t = randomTables(rng(i), i % 2 ? '2019' : '2021');
      for (let c = 0; c < 7; c++) {
        expect(t.t3.new![c]! + t.t3.carried![c]!).toBe(t.t3.total![c]! + t.t3.carry_forward![c]!);
        const handled = Object.entries(t.t3).filter(([k]) => !['new', 'carried', 'total', 'carry_forward'].includes(k)).reduce((a, [, v]) => a + v[c]!, 0);
        expect(handled).toBe(t.t3.total![c]);
      }
      for (const row of Object.values(t.t3)) expect(row.slice(0, 6).reduce((a, b) => a + b, 0)).toBe(row[6]);
      for (let g = 0; g < 3; g++) expect(t.t4.slice(g * 5, g * 5 + 4).reduce((a, b) => a + b, 0)).toBe(t.t4[g * 5 + 4]);
    }
  });

  it('are labelled synthetic, written only where asked, and read back by the extractor as generated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synthetic-'));
    try {
      await writeSyntheticCorpus(dir, 6);
      const files = (await readdir(dir)).sort();
      expect(files).toHaveLength(6);
      for (const [i, f] of files.entries()) {
        const text = await readFile(join(dir, f), 'utf8');
        expect(text).toContain(SYNTHETIC_LABEL);
        const rep = syntheticReport(i);
        expect(text).toBe(render(rep));
        const out = await extractFile(join(dir, f));
        expect(out.ok, f).toBe(true);
        if (!out.ok) continue;
        expect(out.record).toMatchObject({ agency: rep.agency, year: rep.year, template: rep.tables.template });
        if (rep.layout === 'flattened') continue; // digit runs may be left ambiguous, as in real dumps
        expect(out.record.t3).toEqual(rep.tables.t3);
        expect(out.record.t4).toEqual(rep.tables.t4);
        expect(out.record.t2.licensing).toBe(rep.tables.t2.licensing);
      }
    } finally { await rm(dir, { recursive: true, force: true }); }
  });
});
