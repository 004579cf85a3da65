/**
 * The site's measures over rows the corpus build makes from real bundled reports: what the home charts, compare
 * and the chart builder show. The way to test a new measure (CONTRIBUTING.md, "Add a page or chart").
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { recordToRows } from '../../scripts/corpus/rows.ts';
import { extractFile } from '../../scripts/extract/file.ts';
import { aggregate, MEASURE, MEASURES, rowFromRecord } from './measures.ts';
import { valueExpr } from './measuresql.ts';

const REPORTS = join(import.meta.dirname, '../../data/reports');
const FILES = [
  '000_fec3dc6b6efa534b.txt', // 段村乡 2023
  '001_f9e7c90898d0e983.txt', // 车排子镇 2023
  '002_425035603a0bba90.txt', // 雷鸣镇 2023: 行政许可 295
  '003_17bc6c5624a3c32d.txt', // 赵岗镇 2023
  '004_51f69ccf0222012c.txt', // 别斯托别乡 2023
  'pingtan_002_pingtan-lvyou-wenti-ju_2019.txt', // 2019: 行政许可 in a run the text cannot split → null
  'pingtan_003_pingtan-shichang-jianguan-ju_2019.txt', // 2019: 1 application, not processed as a 重复申请
];

async function extractAll() {
  const out = [];
  for (const file of FILES) {
    const got = await extractFile(join(REPORTS, file));
    if (!got.ok) throw new Error(`${file}: ${got.reason}`);
    out.push({ record: got.record, row: recordToRows(got.record, { id: file, file, format: 'txt', sourceText: null }).report });
  }
  return out;
}
let extracted: ReturnType<typeof extractAll> | undefined;
const reports = () => (extracted ??= extractAll());

describe('measures over the bundled reports', () => {
  it('every column a measure reads is a column of reports.parquet', async () => {
    const [{ row }] = await reports();
    const published = new Set(Object.keys(row!));
    expect(MEASURES.flatMap((m) => m.columns).filter((c) => !published.has(c))).toEqual([]);
  });

  it('行政许可: 雷鸣镇 295 from the published row and from the record alike; a blank is skipped, not counted as 0', async () => {
    const rs = await reports();
    expect(rs.map(({ row }) => MEASURE.licensing!.get(row))).toEqual([0, 0, 295, 0, 0, null, null]);
    expect(rs.map(({ record }) => MEASURE.licensing!.get(rowFromRecord(record as never)))).toEqual([0, 0, 295, 0, 0, null, null]);
    expect(aggregate(MEASURE.licensing!, rs.map((r) => r.row))).toEqual({ value: 295, n: 5 });
    expect(valueExpr('licensing')).toBe('"t2_licensing"');
  });

  it('公开率 only where its denominator was printed and is not 0: 平潭市场监管局 2019 handled one application, a 重复申请, so 0', async () => {
    const rs = await reports();
    expect(rs.map(({ row }) => MEASURE.open_rate!.get(row))).toEqual([null, null, null, null, null, null, 0]);
    expect(aggregate(MEASURE.new!, rs.map((r) => r.row))).toEqual({ value: 1, n: 7 });
  });
});
