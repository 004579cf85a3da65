/**
 * The citation of a CSV the site makes: a last column 来源 whose value is the source line on every data row.
 * Not a trailing row (pandas and spreadsheets read such a row as data) and not a comment line (readers need an
 * option to skip it): `pandas.read_csv(f)` reads the file as it is, and `df.drop(columns='来源')` removes it.
 */
export const SOURCE_COLUMN = '来源';

/** Header row + data rows → the same rows with the 来源 column added (header names it, each data row carries `source`). */
export function withSourceColumn(rows: string[][], source: string): string[][] {
  if (!rows.length) return [[SOURCE_COLUMN]];
  const [head, ...body] = rows;
  return [[...head, SOURCE_COLUMN], ...body.map((r) => [...r, source])];
}
