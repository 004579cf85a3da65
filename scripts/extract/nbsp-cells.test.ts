/**
 * HTML tables whose blank cells are `&nbsp;` (Word-exported pages print an empty cell that way). Inputs are DERIVED
 * from the real pages tests/fixtures/html/005_junshan-pianqu_2022.html (2021 template, Word markup) and
 * 006_pingtan-lvyou-wenti-ju_2019.html (2019 template): some or all of their `0` cells re-printed as `&nbsp;`.
 * A blanked cell must be null, every other cell keeps the page's value, rows stay readable and table 四 is found.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSource } from '../read/index.ts';
import { extractReport } from './report.ts';
import type { ReportRecord } from '../template/record.ts';

const root = join(import.meta.dirname, '../..');

/** Re-print as `&nbsp;` every table cell whose whole text is 0 and that `pick` chooses (by its order among them). */
function blankZeros(html: string, pick: (k: number) => boolean): { html: string; blanked: number } {
  let k = 0;
  let blanked = 0;
  const out = html.replace(/(<td\b[^>]*>)([\s\S]*?)(<\/td>)/g, (all, open: string, inner: string, close: string) => {
    if (inner.replace(/<[^>]*>/g, '').replace(/&nbsp;|\s/g, '') !== '0') return all;
    if (!pick(k++)) return all;
    blanked++;
    return open + inner.replace(/>\s*0\s*</, '>&nbsp;<') + close;
  });
  return { html: out, blanked };
}

async function rec(html: string): Promise<ReportRecord> {
  return extractReport(await readSource(Buffer.from(html), 'derived.html'), 'derived.html');
}

/** Every cell of t3 and t4, by path. */
function cells(r: ReportRecord): Map<string, number | null> {
  const m = new Map<string, number | null>();
  for (const [row, vs] of Object.entries(r.t3)) vs.forEach((v, i) => m.set(`t3.${row}[${i}]`, v));
  r.t4.forEach((v, i) => m.set(`t4[${i}]`, v));
  for (const k of ['licensing', 'punishment', 'coercion', 'fees'] as const) m.set(`t2.${k}`, r.t2[k]);
  for (const k of ['regulations', 'normative'] as const) for (const f of ['made', 'repealed', 'valid'] as const) m.set(`t2.${k}.${f}`, r.t2[k][f]);
  return m;
}

for (const name of ['005_junshan-pianqu_2022.html', '006_pingtan-lvyou-wenti-ju_2019.html']) {
  describe(`&nbsp; blank cells (derived from ${name})`, () => {
    const page = readFileSync(join(root, 'tests/fixtures/html', name), 'utf8');
    for (const [what, pick] of [['every 0 cell', () => true], ['every other 0 cell', (k: number) => k % 2 === 0]] as const) {
      it(`${what} blanked: blanks are null, every other value is the page's, table 四 is found`, async () => {
        const truth = cells(await rec(page));
        const { html, blanked } = blankZeros(page, pick);
        expect(blanked).toBeGreaterThan(80);
        const r = await rec(html);
        const got = cells(r);
        expect(r.t4).toHaveLength(15);
        // No row lost: nothing "not found" or unreadable (a table 四 printed all blank is found, all null, and said so).
        expect(r.warnings.filter((w) => /not found|no readable values|could not be read/.test(w))).toEqual([]);
        let kept = 0;
        for (const [path, v] of got) {
          if (v === null) continue;
          expect(v, path).toBe(truth.get(path));
          kept++;
        }
        // Every non-zero value of the page is still read.
        const nonZero = [...truth].filter(([, v]) => v !== null && v !== 0);
        for (const [path, v] of nonZero) expect(got.get(path), path).toBe(v);
        expect(kept).toBeGreaterThanOrEqual(nonZero.length);
      });
    }
  });
}
