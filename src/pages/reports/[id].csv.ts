/** One report's table values as CSV (UTF-8 with BOM): cell path, label, value as printed (blank = empty), provenance. */
import { reports, record } from '../../lib/data.ts';
import { T3_ROWS, T3_COLUMNS, T4_CELLS, T2_DOC_KINDS, T2_DOC_FIELDS, T2_SINGLE } from '../../../scripts/template/vocabulary.ts';

export async function getStaticPaths() {
  return (await reports()).map((r) => ({ params: { id: r.id } }));
}
const q = (v: unknown) => { const s = v == null ? '' : String(v); return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };

export async function GET({ params }: { params: { id: string } }) {
  const r = record(params.id);
  const prov = r.provenance ?? {};
  const lines = [['report_id', 'agency', 'year', 'path', 'label', 'value', 'line', 'start', 'end']];
  const add = (path: string, label: string, v: any) => { const p = prov[path]; lines.push([params.id, r.agency, r.year, path, label, v ?? '', p?.line ?? '', p?.start ?? '', p?.end ?? '']); };
  for (const k of T2_DOC_KINDS) for (const f of T2_DOC_FIELDS) add(`t2.${k.code}.${f.code}`, `${k.zh}·${f.zh}`, r.t2?.[k.code]?.[f.code]);
  for (const k of T2_SINGLE) add(`t2.${k.code}`, k.zh, r.t2?.[k.code]);
  for (const row of T3_ROWS) if (r.t3?.[row.code]) T3_COLUMNS.forEach((c, i) => add(`t3.${row.code}[${i}]`, `${row.zh}·${c.zh}`, r.t3[row.code][i]));
  T4_CELLS.forEach((c, i) => add(`t4[${i}]`, c.zh, r.t4?.[i]));
  return new Response('\ufeff' + lines.map((l) => l.map(q).join(',')).join('\r\n') + '\r\n', { headers: { 'content-type': 'text/csv; charset=utf-8' } });
}
