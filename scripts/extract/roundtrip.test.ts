/**
 * Round trip: random valid tables (both templates, blanks, values up to 5 digits; SYNTHETIC,
 * generated here) rendered into every text layout and into Word-style HTML, extracted again.
 * Separated layouts must give back the same numbers; flattened text (no separators) must give the
 * same number or a flagged ambiguity for every cell — never a wrong number.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractBytes } from './file.ts';
import { randomTables, type SyntheticTables } from '../synthetic/tables.ts';
import { renderText, renderHtml, TEXT_LAYOUTS, type TextLayout } from '../synthetic/render.ts';
import type { ReportRecord } from '../template/record.ts';

function cellsOf(t: SyntheticTables | ReportRecord): Map<string, number | null> {
  const m = new Map<string, number | null>();
  for (const k of ['regulations', 'normative'] as const) for (const f of ['made', 'repealed', 'valid'] as const) m.set(`t2.${k}.${f}`, t.t2[k][f]);
  for (const k of ['licensing', 'punishment', 'coercion', 'fees'] as const) m.set(`t2.${k}`, t.t2[k]);
  for (const [k, v] of Object.entries(t.t2_extra ?? {})) if (typeof v === 'number' || v === null) if (!k.endsWith('_as_stated')) m.set(`t2_extra.${k}`, v);
  for (const [row, cells] of Object.entries(t.t3)) cells.forEach((v, i) => m.set(`t3.${row}[${i}]`, v));
  t.t4.forEach((v, i) => m.set(`t4[${i}]`, v));
  return m;
}

/** Differences between what was rendered and what came back; ambiguity allowed where `allowAmbiguous`. */
function compare(t: SyntheticTables, rec: ReportRecord, allowAmbiguous: boolean): string[] {
  const want = cellsOf(t);
  const got = cellsOf(rec);
  const bad: string[] = [];
  for (const [path, v] of want) {
    const g = got.has(path) ? got.get(path) : undefined;
    if (g === v) continue;
    if (allowAmbiguous && g === null && rec.ambiguous.includes(path)) continue;
    bad.push(`${path}: rendered ${v}, extracted ${g}`);
  }
  for (const path of got.keys()) if (!want.has(path) && got.get(path) !== null && !path.startsWith('t2_extra.procurement_amount')) bad.push(`${path}: extracted ${got.get(path)} but not rendered`);
  return bad;
}

async function roundTrip(seed: number, layout: TextLayout | 'html') {
  const t = randomTables(seed, { blanks: layout === 'tab' || layout === 'html' });
  const text = layout === 'html' ? renderHtml(t) : renderText(t, layout);
  const out = await extractBytes(new TextEncoder().encode(text), `synthetic-${seed}.${layout === 'html' ? 'html' : 'txt'}`);
  if (!out.ok) return { t, rec: null, bad: [`not extracted: ${out.reason}`] };
  return { t, rec: out.record, bad: compare(t, out.record, layout === 'flattened') };
}

describe('round trip through every layout (synthetic tables)', () => {
  for (const layout of [...TEXT_LAYOUTS, 'html'] as const) {
    it(`${layout}: the same numbers come back${layout === 'flattened' ? ', or a flagged ambiguity' : ''}`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
          const { bad, rec, t } = await roundTrip(seed, layout);
          expect(bad, `seed ${seed}`).toEqual([]);
          expect(rec!.template).toBe(t.template);
        }),
        { numRuns: layout === 'flattened' ? 40 : 25, seed: 20261124 },
      );
    });
  }

  it('flattened text with many non-zero cells is still never wrong (and the check names the ambiguity)', async () => {
    let ambiguousSeen = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { bad, rec } = await roundTrip(seed * 7919, 'flattened');
      expect(bad, `seed ${seed * 7919}`).toEqual([]);
      if (rec!.ambiguous.length) {
        ambiguousSeen++;
        const check = rec!.checks.find((c) => c.rule === 'extract.unique_split');
        expect(check?.status).toBe('fail');
        expect(check?.cells).toEqual(rec!.ambiguous);
      }
    }
    expect(ambiguousSeen).toBeGreaterThan(0);
  });
});
