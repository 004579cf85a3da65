/**
 * One report's rows of a published table, read by id over HTTP range requests (docs/SITE.md, "Reads by id"). The
 * tables read by id are in id order with small row groups, and split into buckets by the id's first hex digits when
 * the corpus is large, so a read fetches the bucket file's footer and the one row group whose min/max id holds the
 * report: kilobytes, whatever the size of the corpus.
 */
import { parquetReadObjects } from 'hyparquet';
import { compareCodePoints as cmp } from './codepoints.ts';
import type { DataFile } from './datafiles.ts';
import { compressors, dataUrl, LAYOUT_KEYS, openFile, partitionValue, tableFiles } from './parquet.ts';

export type Row = Record<string, any>;

/**
 * The files of `table` that can hold rows whose `key` is `id`: its bucket's (id buckets), the parts whose range of
 * `key` holds it (reports cut into runs of agencies), the single file, or every partition of another kind (year).
 */
export async function filesFor(table: string, id: string, key = 'report_id'): Promise<DataFile[]> {
  const fl = (await tableFiles())[table];
  if (!fl?.length) return [];
  const bucketed = fl.filter((f) => f.partition?.bucket !== undefined);
  if (bucketed.length) return bucketed.filter((f) => id.startsWith(f.partition!.bucket!));
  // the ranges are Parquet statistics, which compare UTF-8 bytes: code-point order
  if (fl.every((f) => f.range?.column === key)) return fl.filter((f) => cmp(f.range!.min, id) <= 0 && cmp(id, f.range!.max) <= 0);
  return fl;
}

const plain = (r: Row) => { for (const k in r) if (typeof r[k] === 'bigint') r[k] = Number(r[k]); return r; };

/**
 * Rows of `table` whose `key` column (report_id; `id` for reports) equals `id`, in file order, with `columns` (all
 * when absent). An unpublished table gives no rows.
 */
export async function readById(table: string, id: string, columns?: string[], key = 'report_id'): Promise<Row[]> {
  // the files are read at once (with --partition-by-year an agency's rows are in every year's file), their rows kept in file order
  const perFile = await Promise.all((await filesFor(table, id, key)).map(async (f) => {
    const { file, metadata } = await openFile(dataUrl(f.path), { wholeFileBytes: 0 });
    const names = new Set(metadata.schema.map((e: any) => e.name));
    // a year partition's files do not hold the year: it is in the path
    const keys = Object.entries(f.partition ?? {}).filter(([k]) => !LAYOUT_KEYS.includes(k) && !names.has(k) && (!columns || columns.includes(k)));
    const rows = await parquetReadObjects({ file, metadata, columns: columns?.filter((c) => names.has(c)), compressors, filter: { [key]: { $eq: id } } } as any);
    return rows.map((r) => {
      for (const [k, v] of keys) (r as Row)[k] = partitionValue(k, v);
      return plain(r as Row);
    });
  }));
  return perFile.flat();
}
