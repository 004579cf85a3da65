/**
 * The cell-path grammar: every cell of the template vocabulary round-trips between its path and its address,
 * malformed paths are refused, and get/set address a real report's record (上海市人民政府办公厅 2019).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../extract/file.ts';
import type { ReportRecord } from './record.ts';
import { cellPath, getCell, inTemplate, isDocCell, isSingleCell, parseCellPath, setCell, t2ExtraPath, t2Path, t3Path, t4Path, type CellAddress, type CellTables } from './cell-path.ts';
import { T2_2019_ROWS, T2_DOC_FIELDS, T2_DOC_KINDS, T2_SINGLE, T3_COLUMNS, T3_ROWS, T4_CELLS } from './vocabulary.ts';

const addr = (path: string): CellAddress => {
  const a = parseCellPath(path);
  if (!a) throw new Error(`${path}: not a cell path`);
  return a;
};

describe('cell paths', () => {
  it('round-trips every table-三 row × column of the vocabulary', () => {
    let n = 0;
    for (const r of T3_ROWS) T3_COLUMNS.forEach((_, col) => {
      const p = t3Path(r.code, col);
      expect(p).toBe(`t3.${r.code}[${col}]`);
      expect(parseCellPath(p)).toEqual({ table: 't3', row: r.code, col });
      expect(cellPath(addr(p))).toBe(p);
      expect(inTemplate(addr(p))).toBe(true);
      n++;
    });
    expect(n).toBe(26 * 7);
  });

  it('round-trips every table-四 cell, table-二 cell and 2019 extra key', () => {
    T4_CELLS.forEach((_, i) => {
      expect(parseCellPath(t4Path(i))).toEqual({ table: 't4', index: i });
      expect(cellPath(addr(t4Path(i)))).toBe(`t4[${i}]`);
    });
    for (const k of T2_DOC_KINDS) for (const f of T2_DOC_FIELDS) {
      const p = t2Path(k.code, f.code);
      expect(parseCellPath(p)).toEqual({ table: 't2', row: k.code, field: f.code });
      expect(isDocCell(addr(p))).toBe(true);
      expect(cellPath(addr(p))).toBe(p);
    }
    for (const s of T2_SINGLE) {
      expect(parseCellPath(`t2.${s.code}`)).toEqual({ table: 't2', row: s.code, field: null });
      expect(isSingleCell(addr(t2Path(s.code)))).toBe(true);
    }
    for (const r of T2_2019_ROWS) for (const c of r.cols) {
      const p = c === 'made' ? t2Path(r.code, c) : t2ExtraPath(c);
      expect(cellPath(addr(p))).toBe(p);
    }
    expect(parseCellPath('t2_extra.procurement_amount_unit')).toEqual({ table: 't2_extra', key: 'procurement_amount_unit' });
  });

  it('refuses malformed paths', () => {
    for (const p of ['', 't3.new', 't3.new[]', 't3.new[-1]', 't3.new[1.5]', 't3.new[6] ', 't3[6]', 't3.新收[6]', 't4', 't4[]', 't4[x]',
      't4.review[0]', 't2', 't2.', 't2.regulations.', 't2.regulations.made.x', 't2_extra', 't2_extra.', 't2_extra.a.b', 't5[0]',
      'x#t3.new[6]', 'T3.new[6]']) expect(parseCellPath(p), JSON.stringify(p)).toBeNull();
  });

  it('parses a row, kind or index outside the template, and says so', () => {
    expect(parseCellPath('t3.nonesuch[2]')).toEqual({ table: 't3', row: 'nonesuch', col: 2 });
    expect(inTemplate(addr('t3.nonesuch[2]'))).toBe(false);
    expect(inTemplate(addr('t3.new[7]'))).toBe(false);
    expect(inTemplate(addr('t4[15]'))).toBe(false);
    expect(inTemplate(addr('t2.regulations.amended'))).toBe(false);
    expect(inTemplate(addr('t2.regulations'))).toBe(false);
    expect(isDocCell(addr('t2.licensing.made'))).toBe(false);
  });

  describe('get and set on a real record', () => {
    let rec: ReportRecord;
    beforeAll(async () => {
      const got = await extractFile(join(import.meta.dirname, '../../tests/fixtures/real/063_shanghai_shizhengfu-bangongting_2019.html'));
      if (!got.ok) throw new Error(got.reason);
      rec = got.record as ReportRecord;
    });

    it('reads the values the report prints', () => {
      // 本年新收: 自然人 821, 商业企业 35, 科研/社会公益 blank, 法律服务 2, 其他 1, 总计 859
      expect([0, 1, 2, 3, 4, 5, 6].map((c) => getCell(rec, addr(`t3.new[${c}]`)))).toEqual([821, 35, null, null, 2, 1, 859]);
      expect(getCell(rec, addr('t4[0]'))).toBe(5); // 行政复议·结果维持
      expect(getCell(rec, addr('t4[4]'))).toBe(7); // 行政复议·总计
      expect(getCell(rec, addr('t2.regulations.made'))).toBe(13);
      expect(getCell(rec, addr('t2.fees'))).toBeNull();
      expect(getCell(rec, addr('t2_extra.regulations_total_published'))).toBe(524);
      // a 2019 record prints （六）其他处理 as one row: the 2021 sub-rows are not in it
      expect(getCell(rec, addr('t3.other_other[6]'))).toBeUndefined();
      expect(getCell(rec, addr('t4[15]'))).toBeUndefined();
    });

    it('names every cell of the record by a path of the grammar', () => {
      const paths = [...Object.keys(rec.provenance), ...rec.checks.flatMap((c) => c.cells)];
      expect(paths.length).toBeGreaterThan(100);
      for (const p of paths) expect(cellPath(addr(p)), p).toBe(p);
    });

    it('writes into existing cells only, or creates what is missing', () => {
      const t: CellTables = { t2: structuredClone(rec.t2), t3: structuredClone(rec.t3), t4: [...rec.t4] };
      expect(setCell(t, addr('t3.new[2]'), 4, 'existing')).toBe(true);
      expect(t.t3.new).toEqual([821, 35, 4, null, 2, 1, 859]);
      expect(setCell(t, addr('t3.other_other[6]'), 1, 'existing')).toBe(false);
      expect(t.t3.other_other).toBeUndefined();
      expect(setCell(t, addr('t2_extra.licensing_change'), 1, 'existing')).toBe(false);
      expect(t.t2_extra).toBeUndefined();
      expect(setCell(t, addr('t3.other_other[6]'), 1, 'create')).toBe(true);
      expect(t.t3.other_other).toEqual([null, null, null, null, null, null, 1]);
      expect(setCell(t, addr('t2_extra.procurement_amount_unit'), '万元', 'create')).toBe(true);
      expect(t.t2_extra).toEqual({ procurement_amount_unit: '万元' });
      expect(setCell(t, addr('t2.normative.valid'), 368, 'existing')).toBe(true);
      expect((t.t2 as ReportRecord['t2']).normative).toEqual({ made: 60, repealed: null, valid: 368 });
      expect(setCell(t, addr('t4[1]'), 0, 'existing')).toBe(true);
      expect(t.t4.slice(0, 5)).toEqual([5, 0, null, 2, 7]);
    });
  });
});
