/**
 * SYNTHETIC PDFs for tests only, built in memory (never written to disk): one Catalog, one Pages node, one page
 * object and its content stream, with a correct cross-reference table. Tests vary the Pages node and the page.
 */
export function onePagePdf(opts: { pages: string; page: string; content: string }): Uint8Array {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    opts.pages,
    opts.page,
    `<< /Length ${opts.content.length} >>\nstream\n${opts.content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** The page object of onePagePdf: A4, Helvetica as /F1, `extra` entries (e.g. /Rotate 90). */
export const A4_PAGE = (extra = '') =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]${extra ? ` ${extra}` : ''} /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>`;
