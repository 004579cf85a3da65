import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralise, neutraliseSql, restore, restoreSql } from './csvsafe.ts';

describe('formula-like CSV cells', () => {
  it('start with an apostrophe, and nothing else changes', () => {
    expect(neutralise('=HYPERLINK("http://example.invalid","x")')).toBe('\'=HYPERLINK("http://example.invalid","x")');
    expect(neutralise('+86 591 2222')).toBe("'+86 591 2222");
    expect(neutralise('-')).toBe("'-");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('\t第二十条')).toBe("'\t第二十条");
    expect(neutralise('\rx')).toBe("'\rx");
    expect(neutralise("'=x")).toBe("''=x"); // one more apostrophe: reversible
    for (const s of ['段村乡人民政府', "'quoted", '', '1,2', ' =x', '１=1']) expect(neutralise(s)).toBe(s);
  });

  it('restore undoes neutralise for every string', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', '政', ' ') }), (s) => restore(neutralise(s)) === s));
    fc.assert(fc.property(fc.string(), (s) => restore(neutralise(s)) === s));
  });

  it('the SQL forms give what the TypeScript forms give (DuckDB)', async () => {
    const samples = ['=1+1', '+1', '-', '@x', '\tx', '\rx', "'=x", "''-x", "'x", 'x', '', '政府', ' -x'];
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    try {
      const values = samples.map((s) => `(${s.replace(/'/g, "''").replace(/\t/g, "' || chr(9) || '").replace(/\r/g, "' || chr(13) || '").replace(/^/, "'")}')`).join(', ');
      const rows = (await conn.runAndReadAll(`SELECT s, ${neutraliseSql('s')} AS n, ${restoreSql(neutraliseSql('s'))} AS back FROM (VALUES ${values}) t(s)`)).getRowObjectsJson();
      expect(rows.map((r) => r.s)).toEqual(samples);
      expect(rows.map((r) => r.n)).toEqual(samples.map(neutralise));
      expect(rows.map((r) => r.back)).toEqual(samples);
    } finally { conn.closeSync(); inst.closeSync(); }
  });
});
