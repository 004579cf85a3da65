/** The compact report index the list and compare pages use on the client (built once at build time). */
import type { Row } from './measures.ts';
import { MEASURE } from './measures.ts';

export const INDEX_FIELDS = ['id', 'agency', 'agency_key', 'year', 'level', 'province', 'city', 'county', 'township', 'template', 'checks_pass', 'checks_fail', 'checks_na', 'ambiguous_cells', 'new', 'handled', 'open_rate', 'published'] as const;
export type IndexRow = { [K in (typeof INDEX_FIELDS)[number]]: any };

export function indexRow(r: Row): IndexRow {
  return {
    id: r.id, agency: r.agency, agency_key: r.agency_key ?? null, year: r.year, level: r.level, province: r.province, city: r.city, county: r.county, township: r.township,
    template: r.template, checks_pass: r.checks_pass, checks_fail: r.checks_fail, checks_na: r.checks_na, ambiguous_cells: r.ambiguous_cells,
    new: r.t3_new_total, handled: r.t3_total_total, open_rate: MEASURE.open_rate.get(r), published: r.published,
  };
}

/** Rows are stored as arrays (field order = INDEX_FIELDS) to keep the file small. */
export function packIndex(rows: Row[]) { return { fields: INDEX_FIELDS, rows: rows.map((r) => INDEX_FIELDS.map((f) => indexRow(r)[f])) }; }
export function unpackIndex(j: { fields: string[]; rows: any[][] }): IndexRow[] {
  return j.rows.map((a) => Object.fromEntries(j.fields.map((f, i) => [f, a[i]])) as IndexRow);
}
