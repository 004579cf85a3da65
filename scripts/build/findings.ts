/**
 * findings.parquet (issue 7): run the findings rules over the published reports — their records and
 * the text they were read from (records/<id>.json, written earlier in the build) — and stage the rows
 * as JSON lines in the order sortFindings gives (deterministic).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { computeFindings, findingRow, type FindingInput } from '../findings/index.ts';
import type { ReportRecord } from '../template/record.ts';

export async function stageFindings(outDir: string, publishedIds: string[], file: string): Promise<number> {
  const inputs: FindingInput[] = [];
  for (const id of publishedIds) {
    const rec = JSON.parse(await readFile(join(outDir, 'records', `${id}.json`), 'utf8')) as ReportRecord & { source_text?: string };
    const { source_text, ...record } = rec;
    inputs.push({ id, record: record as ReportRecord, text: source_text ?? '' });
  }
  const rows = computeFindings(inputs).map((f, ord) => JSON.stringify({ ...findingRow(f), ord }));
  await writeFile(file, rows.length ? rows.join('\n') + '\n' : '');
  return rows.length;
}
