/**
 * A report's record in the browser, put together from its rows of the published tables read by id (byid.ts):
 * slim_records (the slim record), cells (values and provenance), checks (its own and its cross-year ones) and sections —
 * the same shape `extract` prints (scripts/template/record-rows.ts). The source text around a cell is in the optional
 * archive (archive/records/<id>.json); a deployment without it shows each cell's raw text instead.
 */
import { assembleRecord, type CellRow, type CheckRow, type SectionRow } from '../../scripts/template/record-rows.ts';
import { readById } from './byid.ts';
import { dataUrl } from './parquet.ts';

const CELL_COLUMNS = ['tbl', 'row', 'col', 'value', 'as_stated', 'raw', 'line', 'span_start', 'span_end', 'origin', 'settled', 'settled_by', 'path'];
const CHECK_COLUMNS = ['rule', 'scope', 'status', 'expected', 'actual', 'cells', 'detail'];
const SECTION_COLUMNS = ['section', 'title', 'text', 'line'];

/** The report's record, or null when no report has this id. */
export async function loadRecord(id: string): Promise<any | null> {
  const [slim, cells, checks, sections] = await Promise.all([
    readById('slim_records', id, ['record']),
    readById('cells', id, CELL_COLUMNS),
    readById('checks', id, CHECK_COLUMNS),
    readById('sections', id, SECTION_COLUMNS),
  ]);
  if (!slim.length) return null;
  return assembleRecord(JSON.parse(slim[0]!.record), cells as CellRow[], checks as CheckRow[], sections as SectionRow[]);
}

/** The archived full record's URL (with the source text), for download. */
export const archiveRecordUrl = (id: string) => dataUrl(`archive/records/${encodeURIComponent(id)}.json`);

/** The normalised text the report's provenance indexes, from the archive; null when the archive is not hosted. */
export async function loadSourceText(id: string): Promise<string | null> {
  try {
    const r = await fetch(archiveRecordUrl(id));
    if (!r.ok) return null;
    const full = await r.json();
    return typeof full.source_text === 'string' ? full.source_text : null;
  } catch { return null; }
}
