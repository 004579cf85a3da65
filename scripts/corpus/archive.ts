/**
 * The optional archive: what a build keeps per report as a file of its own — the full record with its source text
 * (`archive/records/<id>.json`) and the original file (`archive/sources/<id>.<ext>`). Everything the site needs to show
 * a report is in the tables (read by id); the archive only adds the source text around a cell and the original's
 * download, so a national deployment may host it elsewhere or not at all (docs/SITE.md, "Deploy layout").
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportRecord } from '../template/record.ts';

export const ARCHIVE_DIR = 'archive';
/** Folders of per-report files, written at the top of a build's output while it runs (shards keep them there). */
export const REPORT_FILE_DIRS = ['records', 'sources'] as const;

/** A report's full record as the build wrote it (before it is archived). */
export function readRecordFile(outDir: string, id: string): ReportRecord & { source_text?: string | null } {
  return JSON.parse(readFileSync(join(outDir, 'records', `${id}.json`), 'utf8'));
}

/** Move the per-report folders of a published output into its archive folder (one rename each). */
export async function archiveReportFiles(outDir: string): Promise<void> {
  await mkdir(join(outDir, ARCHIVE_DIR), { recursive: true });
  for (const d of REPORT_FILE_DIRS) {
    const from = join(outDir, d);
    if (await stat(from).then(() => true, () => false)) await rename(from, join(outDir, ARCHIVE_DIR, d));
  }
}
