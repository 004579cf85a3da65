/** Every placed value says how it was settled (grid / label+position / solver), on real reports of each kind. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from './file.ts';

const root = join(import.meta.dirname, '../..');
const kinds = async (rel: string) => {
  const out = await extractBytes(readFileSync(join(root, rel)), rel);
  if (!out.ok) throw new Error(out.reason);
  const provs = Object.values(out.record.provenance);
  return { provs, kinds: new Set(provs.map((p) => p.settled)) };
};

describe('provenance.settled', () => {
  it('HTML table cells are settled by their grid position (005 君山片区 2022)', async () => {
    const { provs, kinds: k } = await kinds('tests/fixtures/html/005_junshan-pianqu_2022.html');
    expect(provs.length).toBeGreaterThan(100);
    expect([...k]).toEqual(['grid']);
  });
  it('tab-separated text is settled by label and position (000 段村乡)', async () => {
    const { kinds: k } = await kinds('data/reports/000_fec3dc6b6efa534b.txt');
    expect([...k]).toEqual(['label+position']);
  });
  it('flattened runs split by the arithmetic are marked solver (pingtan 001)', async () => {
    const { provs, kinds: k } = await kinds('data/reports/pingtan_001_junshan-pianqu_2022.txt');
    expect(k.has('solver')).toBe(true);
    // A solver cell is a part of a longer printed run; a label+position cell is its whole printed number.
    for (const p of provs) if (p.settled === 'solver') expect(p.raw.replace(/\s/g, '').length).toBeGreaterThan(0);
    expect(provs.every((p) => p.settled)).toBe(true);
  });
});
