/**
 * readPdf's resource limits. The page-cap and timeout tests use a real report's PDF; the two "bombs" are
 * SYNTHETIC PDFs built here on the fly (never written to disk) — a page tree claiming 20 000 pages and one page
 * whose content stream draws 150 000 text runs.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readPdf } from './pdf.ts';
import { A4_PAGE, onePagePdf } from '../synthetic/pdf.ts';
import { NotAReport } from '../template/record.ts';

const real = () => new Uint8Array(readFileSync(new URL('../../tests/fixtures/pdf/005_junshan-pianqu_2022.pdf', import.meta.url)));

/** A minimal valid PDF (synthetic): `kids` page references in one Pages node, all to the same page object. */
function syntheticPdf(kids: number, content: string): Uint8Array {
  return onePagePdf({ pages: `<< /Type /Pages /Count ${kids} /Kids [${' 3 0 R'.repeat(kids)} ] >>`, page: A4_PAGE(), content });
}

describe('readPdf limits', () => {
  it('reads at most maxPages pages and says so (real report, 8 pages)', async () => {
    const d = await readPdf(real(), '005.pdf', { maxPages: 3 });
    expect(d.warnings).toContain('005.pdf: read only the first 3 of 8 pages');
    expect(d.text).toContain('行政规范性文件\t0\t0\t11'); // page 3
    expect(d.text).not.toContain('结转下年度'); // page 5
  });

  it('stops at the time limit with NotAReport timeout', async () => {
    const e = await readPdf(real(), '005.pdf', { maxMs: 1 }).then(() => null, (x) => x);
    expect(e).toBeInstanceOf(NotAReport);
    expect((e as NotAReport).code).toBe('timeout');
    expect((e as NotAReport).message).toMatch(/^005\.pdf: PDF took longer than 0\.001 s to read \(stopped at /);
  });

  // pdf.js re-walks a page tree that repeats one page for every getPage (cost ∝ kids × pages read), so the page
  // cap and the time limit together bound it; 20 000 kids keeps this test quick on a loaded 2-core machine.
  it('synthetic page-tree bomb (20 000 pages) reads 200 pages and returns', async () => {
    const t0 = Date.now();
    const d = await readPdf(syntheticPdf(20_000, 'BT /F1 12 Tf 72 720 Td (SYNTHETIC 7730.28) Tj ET'), 'bomb-pages.pdf');
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(d.warnings).toContain('bomb-pages.pdf: read only the first 200 of 20000 pages');
    expect(d.text.split('\n').filter((l) => l === 'SYNTHETIC 7730.28')).toHaveLength(200);
  }, 120_000);

  it('synthetic content-stream bomb (150 000 text runs on one page) is cut at maxItemsPerPage', async () => {
    // Each run placed apart on the page (pdf.js drops text outside the page and merges touching runs).
    const runs: string[] = [];
    for (let i = 0; i < 150_000; i++) runs.push(`1 0 0 1 ${(i * 7) % 588} ${3 * (Math.floor(i / 84) % 280)} Tm (9) Tj`);
    const t0 = Date.now();
    const d = await readPdf(syntheticPdf(1, `BT /F1 1 Tf ${runs.join(' ')} ET`), 'bomb-items.pdf', { maxItemsPerPage: 20_000 });
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(d.warnings).toContain('bomb-items.pdf: page 1 has more than 20000 text items; read the first 20000');
  });
});
