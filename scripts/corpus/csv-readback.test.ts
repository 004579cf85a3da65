/**
 * A published CSV must read back, with its explicit schema, to exactly the rows that were written: the block tables'
 * Parquet is converted from them (parquet.ts). Rows of arbitrary text — quotes, commas, CR, LF, CRLF, tabs, formula
 * starts, apostrophes, CJK — written as csvLine writes them, read back as publish reads them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreSql } from './csvsafe.ts';
import { readCsv } from './parquet.ts';
import { csvLine, CSV_TABLES } from './staging.ts';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'csv-readback-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const text = fc.string({ unit: fc.constantFrom('"', ',', '\r', '\n', '\t', "'", '=', '-', '+', '@', ' ', 'a', '1', '政', '府', '\u3000', '\uFEFF', '，') });

describe('published CSV read back', () => {
  it('sections rows of any text come back as written (BOM, header, explicit schema, apostrophes removed)', async () => {
    const cols = CSV_TABLES.sections!;
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.array(fc.record({ title: text, text: fc.option(text, { nil: null }) }), { minLength: 1, maxLength: 30 }), async (rows) => {
      const data = rows.map((r, i) => ({ report_id: `r${String(i).padStart(4, '0')}`, section: 's1', title: r.title, text: r.text }));
      const file = join(dir, `s${n++}.csv`);
      await writeFile(file, '\uFEFF' + cols.map((c) => c.name).join(',') + '\n' + data.map((r) => csvLine(r, cols)).join(''));
      const inst = await DuckDBInstance.create(':memory:');
      const conn = await inst.connect();
      try {
        const spec = cols.map((c): [string, string] => [c.name, 'VARCHAR']);
        // compared as UTF-8 hex: the client's text decoding drops a leading U+FEFF, DuckDB does not
        const back = (await conn.runAndReadAll(`SELECT report_id, section, hex(encode(${restoreSql('title')})) AS title, hex(encode(${restoreSql('text')})) AS text FROM ${readCsv([file], spec, true)}`)).getRowObjectsJson();
        const hex = (s: string | null) => (s === null ? null : Buffer.from(s).toString('hex').toUpperCase());
        expect(back).toEqual(data.map((r) => ({ ...r, title: hex(r.title), text: hex(r.text) })));
      } finally { conn.closeSync(); inst.closeSync(); }
    }), { numRuns: 100 });
  }, 120_000);
});
