import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { T3_ROWS, T4_CELLS } from '../template/vocabulary.ts';
import { dictionary, TABLES } from './dictionary.ts';
import { DOC, withDictionary } from './dictionary-md.ts';

describe('data dictionary', () => {
  it('names every contract column once per table, with Chinese, English and a description', () => {
    const d = dictionary();
    const keys = d.map((x) => `${x.table}.${x.column}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const x of d) expect(x.zh && x.en && x.description, `${x.table}.${x.column}`).toBeTruthy();
    // every description also in Chinese (not the English one repeated), and 2019 columns with Chinese labels
    for (const x of d) { expect(x.description_zh, `${x.table}.${x.column}`).toMatch(/[\u4e00-\u9fff]/); expect(x.description_zh).not.toBe(x.description); }
    expect(d.find((x) => x.column === 't2_extra_licensing_prev_year_items')!.zh).toBe('（2019模板）行政许可·上一年项目数量');
    expect(d.find((x) => x.table === 'findings' && x.column === 'severity')!.description_zh).toContain('high（重要）');
    const reports = TABLES.reports.columns.map((c) => c.name);
    for (const r of T3_ROWS) expect(reports).toContain(`t3_${r.code}_total`);
    for (const c of T4_CELLS) expect(reports).toContain(`t4_${c.code}`);
    expect(reports).toContain('t4_review_corrected');
    expect(reports).toEqual(expect.arrayContaining(['t2_regulations_made', 't2_normative_valid', 't2_licensing', 't2_punishment', 't2_coercion', 't2_fees']));
  });

  it('is what docs/DATA.md prints (run: npx tsx scripts/corpus/dictionary-md.ts --write)', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(withDictionary(doc)).toBe(doc);
  });
});
