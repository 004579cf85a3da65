import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { applyToEntry, entryFromRecord, settleCrossYear, type SettleEntry } from './settle.ts';
import { crossYearChecks } from './crossyear.ts';

const reports = join(import.meta.dirname, '../../data/reports');
async function entry(file: string): Promise<SettleEntry> {
  const out = await extractBytes(readFileSync(join(reports, file)), file);
  if (!out.ok) throw new Error(out.reason);
  return entryFromRecord(file, out.record);
}

describe('cross-year settling on real Pingtan pairs', () => {
  it('settles 行政审批局 2025 "3024" by the 2024 page (现行有效 21): 3 / 0 / 24, which its narrative confirms (新制发规范性文件3件)', async () => {
    const [p, c] = [await entry('pingtan_164_xingzhengshenpi_2024.html'), await entry('pingtan_165_xingzhengshenpi_2025.txt')];
    expect(p.normative).toEqual({ made: 15, repealed: 6, valid: 21 });
    expect(c.normative).toEqual({ made: null, repealed: null, valid: null });
    expect(c.ambiguity[0]!.candidates).toEqual([[3, 0, 24], [30, 2, 4]]);
    const s = settleCrossYear([p, c]);
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ id: c.id, run: '3024', cells: ['t2.normative.made', 't2.normative.repealed', 't2.normative.valid'], values: [3, 0, 24], by: [p.id] });
  });

  it('settles 管委会办公室 2025 "97253" by the 2024 page (现行有效 251): 9 / 7 / 253', async () => {
    const s = settleCrossYear([await entry('pingtan_151_guanweihuibangongshi_2024.html'), await entry('pingtan_152_guanweihuibangongshi_2025.txt')]);
    expect(s.map((x) => [x.id, x.values])).toEqual([['pingtan_152_guanweihuibangongshi_2025.txt', [9, 7, 253]]]);
  });

  it('leaves two surviving candidates unsettled: 管委会办公室 2024 "114251" from its text, pinned by 2025 only to 现行有效 251 (1/14/251 or 11/4/251)', async () => {
    const t24 = await entry('pingtan_151_guanweihuibangongshi_2024.txt');
    const s = settleCrossYear([await entry('pingtan_150_guanweihuibangongshi_2023.txt'), t24, await entry('pingtan_152_guanweihuibangongshi_2025.txt')]);
    // 2025 is settled through the 2024 text's candidates (every one with 现行有效 251 gives 9/7/253) ...
    expect(s.map((x) => [x.id, x.values])).toEqual([['pingtan_152_guanweihuibangongshi_2025.txt', [9, 7, 253]]]);
    // ... and 2024 is not: two of its candidates still fit (the page says 11 / 4 / 251)
    expect(s.some((x) => x.id === t24.id)).toBe(false);
  });

  it('settles two ambiguous neighbours through each other: 投资促进局 2024 "1027" and 2025 "25032" → 10/2/7 and 25/0/32', async () => {
    const a = await entry('pingtan_157_touzicujin_2024.txt'), b = await entry('pingtan_158_touzicujin_2025.txt');
    const s = settleCrossYear([a, b]);
    expect(s.map((x) => [x.id, x.values, x.by])).toEqual([[a.id, [10, 2, 7], [b.id]], [b.id, [25, 0, 32], [a.id]]]);
    // the settled values make the cross-year check pass
    for (const x of s) applyToEntry(x.id === a.id ? a : b, x);
    const valid = crossYearChecks([a, b]).filter((r) => r.rule === 'cross.valid_count' && r.scope === '行政规范性文件');
    expect(valid.map((r) => r.status)).toEqual(['pass']);
  });

  it('settles nothing when the years disagree whatever the split (行政审批局 2024 "15621" against 2023 "5416")', async () => {
    const s = settleCrossYear([await entry('pingtan_163_xingzhengshenpi_2023.txt'), await entry('pingtan_164_xingzhengshenpi_2024.txt')]);
    expect(s).toEqual([]);
  });

  it('does not link reports of different agencies, nor non-consecutive years', async () => {
    const c = await entry('pingtan_165_xingzhengshenpi_2025.txt');
    const other = await entry('pingtan_151_guanweihuibangongshi_2024.html');
    expect(settleCrossYear([other, c])).toEqual([]);
    const far = await entry('pingtan_164_xingzhengshenpi_2024.html');
    expect(settleCrossYear([{ ...far, year: 2023 }, c])).toEqual([]);
  });
});
