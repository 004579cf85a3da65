import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { readCsv } from './parquet.ts';
import { StagingWriter, stagingFiles } from './staging.ts';

describe('CSV staging of cells', () => {
  it('round-trips quotes, commas, newlines, empty strings and nulls through DuckDB', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'staging-'));
    try {
      const w = await StagingWriter.create(dir);
      const tricky = [
        { report_id: 'a', tbl: 't2_extra', row: 'procurement_run_as_stated', col: null, value: null, as_stated: '156805947.43元, "约"\n第二行', raw: '', line: 3, span_start: 0, span_end: 5, origin: '{"kind":"html","path":"table[1]/tr[2]/td[3]"}', settled: 'cross-year', settled_by: 'b1,c2', ambiguous: true, path: 't2_extra.procurement_run_as_stated' },
        { report_id: 'a', tbl: 't3', row: 'new', col: 'natural', value: 1.5, as_stated: null, raw: null, line: null, span_start: null, span_end: null, origin: null, settled: null, settled_by: null, ambiguous: false, path: 't3.new[0]' },
      ];
      await w.add('cells', tricky);
      await w.close();
      const inst = await DuckDBInstance.create(':memory:');
      const conn = await inst.connect();
      const cols: Array<[string, string]> = [['report_id', 'VARCHAR'], ['tbl', 'VARCHAR'], ['row', 'VARCHAR'], ['col', 'VARCHAR'], ['value', 'DOUBLE'], ['as_stated', 'VARCHAR'], ['raw', 'VARCHAR'], ['line', 'DOUBLE'], ['span_start', 'DOUBLE'], ['span_end', 'DOUBLE'], ['origin', 'VARCHAR'], ['settled', 'VARCHAR'], ['settled_by', 'VARCHAR'], ['ambiguous', 'BOOLEAN'], ['path', 'VARCHAR']];
      const rows = (await conn.runAndReadAll(`SELECT * FROM ${readCsv(stagingFiles(dir, 'cells'), cols)}`)).getRowObjectsJson();
      conn.closeSync(); inst.closeSync();
      expect(rows).toEqual(tricky);
    } finally { await rm(dir, { recursive: true, force: true }); }
  });
});
