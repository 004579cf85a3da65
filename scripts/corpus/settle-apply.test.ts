import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { recordToRows } from './rows.ts';
import { CSV_TABLES, csvLine, linesFor } from './staging.ts';
import { locateRun, rewriteCells, settleRecord } from './settle-apply.ts';
import type { Settlement } from './settle.ts';

const reports = join(import.meta.dirname, '../../data/reports');
const FILE = 'pingtan_165_xingzhengshenpi_2025.txt';
const settlement: Settlement = {
  id: 'x', run: '3024', cells: ['t2.normative.made', 't2.normative.repealed', 't2.normative.valid'], values: [3, 0, 24],
  by: ['c3990552e9eaecd6'], candidates: [[3, 0, 24], [30, 2, 4]], detail: 'test',
};

async function real() {
  const out = await extractBytes(readFileSync(join(reports, FILE)), FILE);
  if (!out.ok) throw new Error(out.reason);
  return { rec: out.record, text: out.text! };
}

describe('settlements written into a real report (行政审批局 2025, run "3024")', () => {
  it('finds the run after its row label', async () => {
    const { text } = await real();
    const at = locateRun(text, '3024', settlement.cells)!;
    expect(text.split('\n')[at.line]!.slice(at.start - 7, at.end)).toBe('行政规范性文件3024');
  });
  it('sets the record\'s values, ambiguity and provenance', async () => {
    const { rec, text } = await real();
    expect(rec.ambiguous).toEqual(settlement.cells);
    const s = settleRecord(rec, [settlement], text);
    expect(s.t2.normative).toEqual({ made: 3, repealed: 0, valid: 24 });
    expect(s.ambiguous).toEqual([]);
    expect(s.provenance['t2.normative.made']).toMatchObject({ raw: '3024', settled: 'cross-year', settled_by: 'c3990552e9eaecd6' });
    expect(s.ambiguity[0]!.resolved_by).toBe('cross-year: test');
  });
  it('rewrites only the settled cells of its staged block, other lines byte for byte', async () => {
    const { rec, text } = await real();
    const block = Buffer.from(linesFor('cells', recordToRows(rec, { id: 'x', file: FILE, format: 'text', sourceText: text }).cells));
    const settled = settleRecord(structuredClone(rec), [settlement], text);
    const out = rewriteCells(block, [settlement], settled.provenance).toString('utf8').split('\n');
    const before = block.toString('utf8').split('\n');
    expect(out).toHaveLength(before.length);
    const changed = out.map((l, i) => [l, before[i]]).filter(([a, b]) => a !== b).map(([a]) => a);
    const at = settled.provenance['t2.normative.made']!;
    expect(changed).toEqual([
      `x,t2,normative,made,3.0,,3024,${at.line},${at.start},${at.end},,cross-year,c3990552e9eaecd6,false,t2.normative.made`,
      `x,t2,normative,repealed,0.0,,3024,${at.line},${at.start},${at.end},,cross-year,c3990552e9eaecd6,false,t2.normative.repealed`,
      `x,t2,normative,valid,24.0,,3024,${at.line},${at.start},${at.end},,cross-year,c3990552e9eaecd6,false,t2.normative.valid`,
    ]);
  });
  it('keeps quoted fields of a line it rewrites as they were', () => {
    const line = csvLine({ report_id: 'x', tbl: 't2', row: 'normative', col: 'made', value: null, as_stated: 'a, "b"', raw: '1,2', line: 3, span_start: 1, span_end: 4, origin: null, ambiguous: true, path: 't2.normative.made' }, CSV_TABLES.cells!);
    const s: Settlement = { ...settlement, cells: ['t2.normative.made'], values: [7] };
    expect(rewriteCells(Buffer.from(line), [s]).toString()).toBe(line.replace(',,"a, ""b""",', ',7.0,"a, ""b""",').replace(',,,,true,', ',,cross-year,c3990552e9eaecd6,false,'));
  });
  it('refuses a settlement whose cell is not in the block', () => {
    expect(() => rewriteCells(Buffer.from('x,t2,licensing,,1.0,1,1,0,0,1,,,,false,t2.licensing\n'), [settlement])).toThrow(/not found/);
  });
});
