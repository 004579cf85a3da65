/**
 * Conversions by content: the Parquet DuckDB made from a published CSV (cells, checks, sections, or one year of them),
 * kept under the cache folder and keyed by the CSV's sha256 and the statement that converted it (DuckDB's version, the
 * columns and casts, the compression). A rebuild whose rows of a table — or, with year partitions, of one year — did
 * not change copies last time's Parquet instead of converting again. The bytes are those of the same statement on the
 * same input, so the output is what a conversion would write (one thread: the Parquet depends only on the rows).
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { tempName } from './cache.ts';

/** Where the statement names its input and output (the key must not depend on the build's temp paths). */
export const CSV_IN = '\u0000csv';
export const PARQUET_OUT = '\u0000parquet';

export class ParquetCache {
  /** Conversions copied from the cache, and conversions run, in this build. */
  reused = 0;
  converted = 0;
  constructor(readonly dir: string | null) {}

  /**
   * The Parquet of `csv` (whose sha256 is `csvSha`, or null when not hashed) at `to`: copied from the cache when the
   * same statement converted the same bytes before, else converted by `run(sql)` and stored.
   */
  async convert(template: string, engine: string, csv: string, csvSha: string | null, to: string, run: (sql: string) => Promise<void>): Promise<void> {
    const lit = (path: string) => () => path.replace(/'/g, "''"); // inside the template's '…' literal
    const sql = template.replace(CSV_IN, lit(csv)).replace(PARQUET_OUT, lit(to));
    const slot = this.dir && csvSha ? join(this.dir, `${createHash('sha256').update(`${engine}\0${template}\0${csvSha}`).digest('hex')}.parquet`) : null;
    if (slot && await copyFile(slot, to).then(() => true, () => false)) { this.reused++; return; }
    await run(sql);
    this.converted++;
    if (!slot) return;
    // temp + rename: a parallel build sharing the cache never reads half a file; a cache that cannot be written only costs time
    const tmp = tempName(slot);
    try {
      await mkdir(this.dir!, { recursive: true });
      await copyFile(to, tmp);
      await rename(tmp, slot);
    } catch { await rm(tmp, { force: true }).catch(() => {}); }
  }
}
