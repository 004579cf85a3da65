/**
 * The list's rows and order over the published bundled corpus (public/data, written by `npm run build:data`):
 * blanks stay null, 公开率 is not computed over a 0 total, the order is the one DuckDB gives for the same keys,
 * and every column the list reads is published.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { REPORT_COLUMNS, listOrder, reportRow, reportRowsOf } from './reportcols.ts';
import { LIST_PAGE, pagerPages } from './listview.ts';

const FILE = join(resolve(import.meta.dirname, '..', '..'), 'public', 'data', 'reports.parquet');
if (!existsSync(FILE)) throw new Error(`${FILE}: missing — run \`npm run build:data\` first`);
const conn = await (await DuckDBInstance.create(':memory:')).connect();
const q = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, any>>;
const cols = REPORT_COLUMNS.join(', ');
const rows = await q(`SELECT ${cols} FROM '${FILE}'`);

describe('report columns', () => {
  it('every column the list reads is in the published table', async () => {
    const have = new Set((await q(`DESCRIBE SELECT * FROM '${FILE}'`)).map((r) => r.column_name));
    expect(REPORT_COLUMNS.filter((c) => !have.has(c))).toEqual([]);
  });

  it('a blank 本年新收 stays null, never 0; 公开率 over a 0 total is null', () => {
    const blank = rows.filter((r) => r.t3_new_total == null);
    expect(blank.length).toBeGreaterThan(0);
    for (const r of blank) expect(reportRow(r).new).toBeNull();
    const none = rows.filter((r) => r.t3_total_total === 0);
    expect(none.length).toBeGreaterThan(0);
    for (const r of none) expect(reportRow(r)).toMatchObject({ handled: 0, open_rate: null });
    const some = rows.find((r) => r.t3_total_total > 0 && r.t3_granted_total != null && r.t3_partial_total != null)!;
    expect(reportRow(some).open_rate).toBe((some.t3_granted_total + some.t3_partial_total) / some.t3_total_total);
  });

  it('INT64 values (bigint in the browser) become numbers', () => {
    const r = rows.find((x) => x.checks_fail > 0)!;
    const big = { ...r, year: BigInt(r.year), checks_fail: BigInt(r.checks_fail) };
    expect(reportRow(big)).toEqual(reportRow(r));
  });

  it('rows from column arrays are the rows from objects', () => {
    const data: Record<string, any[]> = Object.fromEntries(REPORT_COLUMNS.map((c) => [c, rows.map((r) => r[c])]));
    expect(reportRowsOf({ data, rows: rows.length })).toEqual(rows.map(reportRow));
  });

  it('the list order is DuckDB\'s ORDER BY province, city (blank last), agency, year, id', async () => {
    const want = (await q(`SELECT id FROM '${FILE}' ORDER BY province NULLS LAST, city NULLS LAST, agency, year, id`)).map((r) => r.id);
    expect(rows.map(reportRow).sort(listOrder).map((r) => r.id)).toEqual(want);
    // a report with no province is listed after all that have one
    expect(rows.some((r) => r.province == null)).toBe(true);
  });
});

describe('list pager', () => {
  it('one page shows no pager; past twelve pages the first, the last and three either side', () => {
    expect(pagerPages(LIST_PAGE + 1, 2)).toEqual([1, 2]);
    expect(pagerPages(LIST_PAGE, 1)).toEqual([]);
    expect(pagerPages(20 * LIST_PAGE, 10)).toEqual([1, 7, 8, 9, 10, 11, 12, 13, 20]);
    expect(pagerPages(12 * LIST_PAGE + 1, 1)).toEqual([1, 2, 3, 4, 13]);
  });
});
