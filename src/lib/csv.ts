/**
 * Every CSV the site writes (chart and compare tables, the SQL result, a report's tables, reader-data tables):
 * papaparse's unparse for the quoting, a BOM so Excel reads UTF-8, CRLF lines, and text that a spreadsheet would
 * run as a formula neutralised with the build's own rule (scripts/corpus/csvsafe.ts). A cell that is a number as
 * the site prints it (-3, 1,234.5, 12.5%) is left as it is: a leading minus there is a sign, not a formula.
 */
import Papa from 'papaparse';
import { neutralise } from '../../scripts/corpus/csvsafe.ts';

const NUMBER = /^[-+]?(?:\d[\d,]*)(?:\.\d+)?%?$/;

export function csvCell(v: string | null | undefined): string {
  const s = v ?? '';
  return NUMBER.test(s) ? s : neutralise(s);
}

export function csvOf(rows: Array<Array<string | null | undefined>>): string {
  const body = Papa.unparse(rows.map((r) => r.map(csvCell)), { newline: '\r\n', quotes: false, escapeFormulae: false });
  return '\ufeff' + body + '\r\n';
}
