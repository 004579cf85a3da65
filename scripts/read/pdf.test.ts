/**
 * readPdf on PDFs printed from real reports (tests/fixtures/pdf/MAKE.md says how each was made and from which report).
 * The table rows must come out in order, one line each, with the printed numbers in the right TAB cells.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { readPdf, unmappedChars } from './pdf.ts';
import { NotAReport, type Origin, type SourceDoc } from '../template/record.ts';

const FIX = new URL('../../tests/fixtures/pdf/', import.meta.url).pathname;
const bytes = (f: string) => new Uint8Array(readFileSync(FIX + f));
const read = (f: string) => readPdf(bytes(f), f);

const lines = (d: SourceDoc) => d.text.split('\n');
/** The table line (≥2 cells) with a cell that is `label` (or, failing that, contains it), as its cells. */
function row(d: SourceDoc, label: string): string[] {
  const rows = lines(d).map((l) => l.split('\t')).filter((cells) => cells.length >= 2);
  let found = rows.filter((cells) => cells.includes(label));
  if (!found.length) found = rows.filter((cells) => cells.some((c) => c.includes(label)));
  expect(found, `exactly one table line with a cell ${label}`).toHaveLength(1);
  return found[0];
}
/** The cells after the one containing `label`. */
function after(d: SourceDoc, label: string): string[] {
  const cells = row(d, label);
  return cells.slice(cells.findIndex((c) => c.includes(label)) + 1);
}
const lineOf = (d: SourceDoc, label: string) => lines(d).findIndex((l) => l.includes(label));
/** Origin of the span of line `line` that is exactly the cell at `index`. */
function originOf(d: SourceDoc, line: number, index: number) {
  const text = lines(d)[line];
  const cells = text.split('\t');
  const start = cells.slice(0, index).reduce((n, c) => n + c.length + 1, 0);
  return d.origins.find((o) => o.line === line && o.start === start && o.end === start + cells[index].length)?.origin;
}

describe('005 君山片区管理局 2022 (Word-exported tables, per-glyph text, table 三 over a page break)', () => {
  let d: SourceDoc;
  beforeAll(async () => { d = await read('005_junshan-pianqu_2022.pdf'); });

  it('reads the format, title and no warnings', () => {
    expect(d.format).toBe('pdf');
    expect(d.meta?.title).toBe('平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告');
    expect(d.warnings).toEqual([]);
  });

  it('table 二: 行政规范性文件 reads 0 | 0 | 11 and the fee row 0', () => {
    expect(after(d, '行政规范性文件')).toEqual(['0', '0', '11']);
    expect(after(d, '规章')).toEqual(['0', '0', '0']);
    expect(after(d, '行政事业性收费')).toEqual(['0']);
  });

  it('table 三: 本机关不掌握相关政府信息 reads 3,0,0,0,0,2,5 in its own cells, row-spanning labels first', () => {
    expect(row(d, '本机关不掌握相关政府信息')).toEqual(['', '（四）无法提供', '1.本机关不掌握相关政府信息', '3', '0', '0', '0', '0', '2', '5']);
    expect(row(d, '予以公开')).toEqual(['三、本年度办理结果', '（一）予以公开', '0', '0', '0', '0', '0', '0', '0']);
    expect(after(d, '本年新收')).toEqual(['0', '0', '0', '0', '0', '0', '0']);
    expect(after(d, '结转下年度')).toEqual(['0', '0', '0', '0', '0', '0', '0']);
  });

  it('table 三: the row broken by the page break (（六）1.申请人…) is one line with its 7 values', () => {
    expect(row(d, '逾期不补正')).toEqual(['', '（六）其他处理', '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '0', '0', '0', '0', '0', '0', '0']);
    // no stray continuation line left behind at the top of page 5
    expect(lines(d).some((l) => l.split('\t').some((c) => c === '府信息公开申请' || c === '其他处理'))).toBe(false);
  });

  it('table 三 rows come in the printed order (2021 template, （六） as 3 sub-rows)', () => {
    const order = ['本年新收', '上年结转', '予以公开', '部分公开', '国家秘密', '禁止公开', '三安全一稳定', '第三方', '内部事务', '过程性信息', '执法案卷', '查询事项',
      '不掌握', '另行制作', '仍不明确', '信访举报', '重复申请', '出版物', '大量反复', '重新出具', '逾期不补正', '缴纳费用', '3.其他', '（七）总计', '结转下年度'];
    const at = order.map((l) => lineOf(d, l));
    expect(at.every((n) => n >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('table 四: one line of 15 values after the stacked header cells', () => {
    const vals = lines(d).filter((l) => /^0(\t0){14}$/.test(l));
    expect(vals).toHaveLength(1);
    expect(lines(d)[lines(d).indexOf(vals[0]) - 1].split('\t').filter(Boolean)).toEqual(
      ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计']);
  });

  it('origins: each value cell points at its page and place in PDF user space', () => {
    const l11 = lineOf(d, '行政规范性文件'), lGz = lineOf(d, '规章\t');
    const o11 = originOf(d, l11, 3), oGz = originOf(d, lGz, 3);
    expect(o11).toMatchObject({ kind: 'pdf', page: 3 });
    expect(oGz).toMatchObject({ kind: 'pdf', page: 3 });
    if (o11?.kind !== 'pdf' || oGz?.kind !== 'pdf') throw new Error('no pdf origin');
    expect(o11.y).toBeLessThan(oGz.y); // the next row down has a smaller y (origin bottom-left)
    expect(Math.abs(o11.x - oGz.x)).toBeLessThan(20); // same column
    expect(o11.w!).toBeGreaterThan(5);
    expect(o11.h!).toBeGreaterThan(5);
    expect(o11.x).toBeGreaterThan(0);
    expect(o11.x + o11.w!).toBeLessThan(596);
    // 3 · 0 · … · 5 of the 不掌握 row: x grows left to right, all on one page, one baseline.
    const lNo = lineOf(d, '本机关不掌握');
    type PdfOrigin = Extract<Origin, { kind: 'pdf' }>;
    const os = [3, 4, 5, 6, 7, 8, 9].map((k) => originOf(d, lNo, k) as PdfOrigin);
    expect(os.every((o) => o?.kind === 'pdf' && o.page === os[0].page && Math.abs(o.y - os[0].y) < 3)).toBe(true);
    const xs = os.map((o) => o.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    // every origin span is inside its line and covers non-empty text
    for (const o of d.origins) {
      const t = lines(d)[o.line];
      expect(o.end).toBeLessThanOrEqual(t.length);
      expect(t.slice(o.start, o.end).trim().length).toBeGreaterThan(0);
    }
  });

  it('paragraphs are whole lines (wrapped lines joined), narrative figures intact', () => {
    expect(lines(d)).toContain('（二）依申请公开方面。2022年未收到依申请公开事宜。');
    expect(d.text).toContain('全年主动公开信息数156条');
    expect(lines(d).filter((l) => l === '一、总体情况')).toHaveLength(1);
  });
});

describe('006 旅游与文化体育局 2019 (2019 template, open-sided table, header broken over a page)', () => {
  let d: SourceDoc;
  beforeAll(async () => { d = await read('006_pingtan-lvyou-wenti-ju_2019.pdf'); });

  it('行政许可 reads 11 | 3 | 15; procurement 1个 | 246900元', () => {
    expect(row(d, '行政许可')).toEqual(['行政许可', '11', '3', '15']);
    expect(row(d, '政府集中采购')).toEqual(['政府集中采购', '1个', '246900元']);
    expect(row(d, '其他对外管理服务事项')).toEqual(['其他对外管理服务事项', '0', '0', '0']);
    expect(row(d, '行政事业性收费')).toEqual(['行政事业性收费', '0', '0']);
  });

  it('the table 二 header broken over pages 2→3 is one line', () => {
    expect(lines(d)).toContain('信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量');
  });

  it('table 三 keeps the one-row （六）其他处理 and the report\'s repeated 三、本年度办理结果', () => {
    expect(row(d, '其他处理')).toEqual(['', '（六）其他处理', '0', '0', '0', '0', '0', '0', '0']);
    expect(lines(d).filter((l) => l.startsWith('三、本年度办理结果\t'))).toHaveLength(2);
    expect(after(d, '本机关不掌握相关政府信息')).toEqual(['0', '0', '0', '0', '0', '0', '0']);
  });
});

describe('005 printed by Chromium (second producer: filled-rectangle borders, Type 3 fonts)', () => {
  let d: SourceDoc;
  beforeAll(async () => { d = await read('005_junshan-pianqu_2022.chromium.pdf'); });

  it('same cells as the LibreOffice print where the pages break alike', () => {
    expect(after(d, '1.本机关不掌握相关政府信息')).toEqual(['3', '0', '0', '0', '0', '2', '5']);
    expect(after(d, '行政规范性文件')).toEqual(['0', '0', '11']);
    expect(after(d, '结转下年度')).toEqual(['0', '0', '0', '0', '0', '0', '0']);
    expect(lines(d).filter((l) => /^0(\t0){14}$/.test(l))).toHaveLength(1);
  });

  it('a row-spanning cell broken by the page keeps its text in its column: （三） on page 4, 不予公开 on page 5', () => {
    expect(row(d, '1.属于国家秘密').slice(0, 3)).toEqual(['', '（三）', '1.属于国家秘密']);
    expect(row(d, '2.其他法律行政法规禁止公开')).toEqual(['不予公开', '2.其他法律行政法规禁止公开', '0', '0', '0', '0', '0', '0', '0']);
  });
});

describe('005 without any borders (no ruling lines: cells by horizontal gaps)', () => {
  let d: SourceDoc;
  beforeAll(async () => { d = await read('005_junshan-pianqu_2022.borderless.pdf'); });

  it('values still land in their own cells, after their label', () => {
    expect(after(d, '1.本机关不掌握相关政府信息')).toEqual(['3', '0', '0', '0', '0', '2', '5']);
    expect(row(d, '行政规范性文件')).toEqual(['行政规范性文件', '0', '0', '11']);
    expect(row(d, '2.重复申请')).toEqual(['2.重复申请', '0', '0', '0', '0', '0', '0', '0']);
    expect(lines(d).filter((l) => /^0(\t0){14}$/.test(l))).toHaveLength(1);
  });

  it('a label wrapped over lines stays as separate lines, the first before its values', () => {
    const first = lineOf(d, '5.要求行政机关确认或重新出');
    expect(lines(d).slice(first, first + 3)).toEqual(['5.要求行政机关确认或重新出', '0\t0\t0\t0\t0\t0\t0', '具已获取信息']);
  });
});

/** The seed .txt's TAB rows, cells without spaces and blanks: what the PDF printed from it must give back, in order. */
function seedRows(file: string): string[][] {
  const txt = readFileSync(new URL(`../../data/reports/${file}`, import.meta.url), 'utf8');
  return txt.split(/\r?\n/).filter((l) => l.includes('\t')).map((l) => l.split('\t').map((c) => c.replace(/\s/g, '')).filter(Boolean)).filter((r) => r.length);
}
function pdfRows(d: SourceDoc): string[][] {
  return lines(d).filter((l) => l.includes('\t')).map((l) => l.split('\t').map((c) => c.replace(/\s/g, '')).filter(Boolean)).filter((r) => r.length);
}

describe('seed reports printed to PDF', () => {
  it('003 赵岗镇: every TAB row of the source comes back as one line with the same cells, in order', async () => {
    const d = await read('003_17bc6c5624a3c32d.pdf');
    expect(pdfRows(d)).toEqual(seedRows('003_17bc6c5624a3c32d.txt'));
    expect(d.meta?.title).toBe('封丘县赵岗镇 2023 年政府信息公开工作年度报告');
  });

  it('003 with a running header between the parts of table 三: same rows, header dropped with a warning', async () => {
    const d = await read('003_17bc6c5624a3c32d.running.pdf');
    expect(pdfRows(d)).toEqual(seedRows('003_17bc6c5624a3c32d.txt'));
    expect(d.text).not.toContain('封丘县赵岗镇人民政府政务公开办公室');
    expect(d.text).not.toMatch(/第\s*\d+\s*页/);
    expect(d.warnings).toEqual(['003_17bc6c5624a3c32d.running.pdf: dropped the running header/footer "封丘县赵岗镇人民政府政务公开办公室" (on pages 1, 3, 5, 7)']);
  });

  it('000 段村乡 (table 三 over 8 pages: repeated headers and "— N —" footers dropped, broken rows rejoined)', async () => {
    const d = await read('000_fec3dc6b6efa534b.pagebreak.pdf');
    expect(pdfRows(d)).toEqual(seedRows('000_fec3dc6b6efa534b.txt'));
    expect(d.text).not.toMatch(/—\s*\d+\s*—/);
    expect(lines(d).filter((l) => l.includes('勾稽关系'))).toHaveLength(1);
    // section headings at the left margin are never glued to the paragraph before them
    for (const h of ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项']) expect(lines(d)).toContain(h);
    expect(row(d, '部分公开')).toEqual(['', '(二)部分公开（区分处理的，只计这一情形，不计其他情形）', '0', '0', '0', '0', '0', '0', '0', '']);
    const pages = new Set(d.origins.map((o) => (o.origin.kind === 'pdf' ? o.origin.page : 0)));
    expect(pages.size).toBeGreaterThanOrEqual(9);
  });
});

describe('005 mixed (its text page 2, the scanned images of pages 3–4, its text page 5)', () => {
  it('reads the text pages and names the pages without a text layer', async () => {
    const d = await read('005_junshan-pianqu_2022.mixed.pdf');
    expect(d.warnings).toEqual(['005_junshan-pianqu_2022.mixed.pdf: pages 2, 3 have no text layer (blank or scanned); anything printed there needs OCR']);
    expect(d.text).toContain('（四）政府信息公开平台建设方面。'); // page 1 (005's page 2)
    expect(after(d, '结转下年度')).toEqual(['0', '0', '0', '0', '0', '0', '0']); // page 4 (005's page 5)
    expect(d.text).not.toContain('本机关不掌握'); // only in the images
    const pages = new Set(d.origins.map((o) => (o.origin.kind === 'pdf' ? o.origin.page : 0)));
    expect([...pages].sort()).toEqual([1, 4]);
  });
});

describe('PDFs that are not readable reports', () => {
  const reason = async (f: string) => {
    try { await read(f); } catch (e) { return e; }
    throw new Error(`${f} was read`);
  };

  it('scanned (image-only) → NotAReport scanned, never zeros', async () => {
    const e = await reason('005_junshan-pianqu_2022.scanned.pdf');
    expect(e).toBeInstanceOf(NotAReport);
    expect((e as NotAReport).code).toBe('scanned');
    expect((e as NotAReport).message).toBe('005_junshan-pianqu_2022.scanned.pdf: scanned PDF without a text layer — needs OCR');
  });

  it('truncated → NotAReport corrupt', async () => {
    const e = await reason('005_junshan-pianqu_2022.truncated.pdf');
    expect(e).toBeInstanceOf(NotAReport);
    expect((e as NotAReport).code).toBe('corrupt');
    expect((e as NotAReport).message).toMatch(/^005_junshan-pianqu_2022\.truncated\.pdf: corrupt PDF \(truncated/);
  });

  it('cut in the middle but ending in %%EOF → corrupt with pdf.js\'s reason', async () => {
    const b = bytes('005_junshan-pianqu_2022.pdf');
    const spliced = new Uint8Array([...b.subarray(0, b.length >> 1), ...b.subarray(b.length - 900)]);
    const e = await readPdf(spliced, 'spliced.pdf').then(() => null, (x) => x);
    expect(e).toBeInstanceOf(NotAReport);
    expect((e as NotAReport).code).toBe('corrupt');
    expect((e as NotAReport).message).toMatch(/^spliced\.pdf: corrupt PDF \(.+\)$/);
  });

  it('encrypted (open password) → a clear one-line reason', async () => {
    const e = await reason('003_17bc6c5624a3c32d.encrypted.pdf');
    expect(e).toBeInstanceOf(NotAReport);
    expect((e as NotAReport).message).toBe('003_17bc6c5624a3c32d.encrypted.pdf: encrypted PDF (needs a password to open) — cannot be read');
  });

  it('empty → NotAReport empty', async () => {
    const e = await readPdf(new Uint8Array(0), 'empty.pdf').then(() => null, (x) => x);
    expect((e as NotAReport).code).toBe('empty');
  });
});

describe('unmappedChars (text a font without a Unicode map leaves behind)', () => {
  it('counts private-use, U+FFFD and control characters, not CJK or ASCII', () => {
    expect(unmappedChars('行政许可\t11')).toBe(0);
    expect(unmappedChars('\ue000\ue01f中\ufffd\u0001')).toBe(4);
  });
});
