/**
 * A record split across the published tables and put back together is the record: over every bundled real report
 * (every format, both templates, flattened runs with their candidates, 2019-template extras), what the report page
 * reads by id equals what the extractor printed.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordToRows } from '../corpus/rows.ts';
import { extractFile } from '../extract/file.ts';
import { assembleRecord, slimRecord, type CellRow, type CheckRow, type SectionRow } from './record-rows.ts';

const REPORTS = join(import.meta.dirname, '../../data/reports');
const FILES = readdirSync(REPORTS).filter((f) => /\.(txt|html|pdf|docx|doc)$/.test(f)).sort();

/** What a JSON round trip keeps (undefined keys dropped), as the published JSON and Parquet hold it. */
const json = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('record ↔ published rows', () => {
  it('has real reports to test', () => expect(FILES.length).toBeGreaterThan(100));

  it('puts every bundled report back together from its rows: tables, provenance, checks, sections and the rest', async () => {
    let extras = 0, settledCells = 0;
    for (const file of FILES) {
      const got = await extractFile(join(REPORTS, file));
      if (!got.ok) continue; // a refused file has no record (pingtan_142, a title only)
      const rec = json(got.record);
      const rows = recordToRows(got.record, { id: 'x', file, format: got.format ?? 'text', sourceText: got.text ?? null });
      const slim = JSON.parse(String(rows.slim_records[0]!.record));
      const back = json(assembleRecord(slim, rows.cells as unknown as CellRow[], rows.checks as unknown as CheckRow[], rows.sections as unknown as SectionRow[]));
      expect(back.t2, file).toEqual(rec.t2);
      expect(back.t3, file).toEqual(rec.t3);
      expect(back.t4, file).toEqual(rec.t4);
      expect(back.provenance, file).toEqual(rec.provenance);
      expect(back.checks, file).toEqual(rec.checks);
      expect(back.sections, file).toEqual(rec.sections);
      // the 2019 extras: every key's value (`<key>_as_stated` is the cell's as_stated, not a key of its own)
      if (rec.t2_extra) {
        extras++;
        const want = Object.fromEntries(Object.entries(rec.t2_extra).filter(([k]) => !(k.endsWith('_as_stated') && k.slice(0, -10) in rec.t2_extra)));
        expect(back.t2_extra, file).toEqual(want);
      } else expect(back.t2_extra, file).toBeUndefined();
      for (const k of Object.keys(rec)) if (!['t2', 't3', 't4', 'provenance', 'checks', 'sections', 't2_extra'].includes(k)) expect(back[k], `${file} ${k}`).toEqual(rec[k]);
      settledCells += Object.values(rec.provenance as Record<string, { settled?: string }>).filter((p) => p.settled).length;
    }
    expect(extras).toBeGreaterThan(10); // 2019-template reports are among them
    expect(settledCells).toBeGreaterThan(1000); // every value says how it was settled
  }, 120_000);

  it('keeps nothing the tables hold in the slim record', async () => {
    const got = await extractFile(join(REPORTS, FILES[0]!));
    if (!got.ok) throw new Error(got.reason);
    const slim = slimRecord({ ...got.record, source_text: 'x' } as any);
    for (const k of ['t2', 't3', 't4', 'provenance', 'checks', 'sections', 'source_text']) expect(slim).not.toHaveProperty(k);
    expect(slim.agency).toBe(got.record.agency);
  });
});
