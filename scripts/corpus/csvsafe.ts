/**
 * Published CSV cells that a spreadsheet would read as a formula — text starting with = + - @, a tab or a carriage
 * return — are written with a leading apostrophe, as spreadsheets expect (Excel, LibreOffice and Google Sheets show
 * such a cell as text). A value whose first character after any apostrophes is one of those gets one more
 * apostrophe, so the change is reversible: the Parquet files, made from these CSVs, hold the text as the report has it.
 */
const STARTS_FORMULA = /^'*[-=+@\t\r]/;

/** The CSV text of a string value. */
export function neutralise(s: string): string {
  return STARTS_FORMULA.test(s) ? "'" + s : s;
}

/** The value back from its CSV text (the inverse of neutralise). */
export function restore(s: string): string {
  return s.startsWith("'") && STARTS_FORMULA.test(s) ? s.slice(1) : s;
}

// The same in DuckDB SQL (RE2 reads \t and \r; the first character is tested before the regular expression runs).
const FIRSTS = `('-', '=', '+', '@', chr(9), chr(13), '''')`;

/** SQL: the CSV text of a VARCHAR expression. */
export function neutraliseSql(x: string): string {
  return `CASE WHEN left(${x}, 1) IN ${FIRSTS} AND regexp_matches(${x}, '^''*[-=+@\\t\\r]') THEN '''' || ${x} ELSE ${x} END`;
}

/** SQL: the value back from the CSV text of a VARCHAR expression. */
export function restoreSql(x: string): string {
  return `CASE WHEN left(${x}, 1) = '''' AND regexp_matches(${x}, '^''+[-=+@\\t\\r]') THEN substr(${x}, 2) ELSE ${x} END`;
}
