/**
 * HTML reader on the real Pingtan pages (tests/fixtures/html) and on pages derived from real seed
 * reports (tests/fixtures/formats: Word-style HTML in site chrome, report inside JavaScript strings).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readSource } from './index.ts';
import { readHtml } from './html.ts';
import type { SourceDoc } from '../template/record.ts';

const bytes = (rel: string) => new Uint8Array(readFileSync(new URL(`../../${rel}`, import.meta.url)));
const seed = (id: string) => readFileSync(new URL(`../../data/reports/${id}.txt`, import.meta.url), 'utf8');
const tabLines = (text: string) => text.split('\n').filter((l) => l.includes('\t'));
/** The seed's table rows with each cell trimmed (the fixtures were rendered from trimmed cells). */
const seedRows = (id: string) => tabLines(seed(id)).map((l) => l.split('\t').map((c) => c.trim()).join('\t'));

/** Every origin must point at exactly one cell of its line, and every cell of a table line has one origin. */
function expectOriginsCoverCells(doc: SourceDoc) {
  const lines = doc.text.split('\n');
  let cells = 0;
  lines.forEach((l) => { if (l.includes('\t')) cells += l.split('\t').length; });
  const singleCellRows = doc.origins.filter((o) => !lines[o.line].includes('\t')).length;
  expect(doc.origins.length).toBe(cells + singleCellRows);
  for (const o of doc.origins) {
    const line = lines[o.line];
    const cellsOfLine = line.split('\t');
    const slice = line.slice(o.start, o.end);
    expect(cellsOfLine).toContain(slice);
    expect(o.start === 0 || line[o.start - 1] === '\t').toBe(true);
    expect(o.end === line.length || line[o.end] === '\t').toBe(true);
  }
}

describe('005 君山片区 2022 (real page: Word-exported body, rowspan/colspan, site chrome)', async () => {
  const doc = await readSource(bytes('tests/fixtures/html/005_junshan-pianqu_2022.html'), '005.html');
  const lines = doc.text.split('\n');

  it('is HTML in UTF-8 with the page metadata', () => {
    expect(doc.format).toBe('html');
    expect(doc.encoding).toBe('utf-8');
    expect(doc.meta).toEqual({
      title: '平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告',
      published: '2023-01-09',
      url: 'https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202301/t20230108_50246.htm',
    });
  });

  it('emits a colspan caption once, not padded or repeated', () => {
    expect(lines).toContain('第二十条第（一）项');
    expect(lines).toContain('行政规范性文件\t0\t0\t11');
  });

  it('emits a rowspan group label only on the row where it starts', () => {
    expect(lines.filter((l) => l.includes('三、本年度办理结果'))).toEqual(['三、本年度办理结果\t（一）予以公开\t0\t0\t0\t0\t0\t0\t0']);
    expect(lines).toContain('（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0');
    // the （四） group label (rowspan 3, three stacked <p>s) starts its first row; the next rows are label + values
    expect(lines).toContain('（四） 无法 提供\t1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t2\t5');
    expect(lines).toContain('2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0');
  });

  it('keeps table 4 as header rows and one row of 15 values', () => {
    expect(lines).toContain(Array(15).fill('0').join('\t'));
  });

  it('maps each cell back to its element, with its grid position', () => {
    expectOriginsCoverCells(doc);
    const row = lines.findIndex((l) => l.startsWith('（四） 无法 提供\t1.本机关不掌握'));
    const three = doc.origins.find((o) => o.line === row && lines[row].slice(o.start, o.end) === '3')!;
    expect(three.origin.kind).toBe('html');
    expect((three.origin as { path: string }).path).toMatch(/^html>body>.*>table\[\d+\]>tbody>tr\[\d+\]>td\[3\]$/);
    // grid column 0 is still held by 三、本年度办理结果 (rowspan) — so td[3] sits in grid column 3
    expect(three.grid).toMatchObject({ col: 3, colspan: 1, rowspan: 1 });
    const group = doc.origins.find((o) => o.line === row && o.start === 0)!;
    expect(group.grid).toMatchObject({ col: 1, rowspan: 3 });
    const outer = doc.origins.find((o) => lines[o.line].slice(o.start, o.end) === '三、本年度办理结果')!;
    expect(outer.grid).toMatchObject({ col: 0, rowspan: 22 });
  });

  it('reads the narrative sections as paragraphs', () => {
    expect(lines).toContain('一、总体情况');
    expect(lines).toContain('二、主动公开政府信息情况');
    expect(doc.text).toContain('（二）依申请公开方面。2022年未收到依申请公开事宜。');
  });
});

describe('006 旅游与文化体育局 2019 (real page: browser-pasted body, split table)', async () => {
  const doc = await readSource(bytes('tests/fixtures/html/006_pingtan-lvyou-wenti-ju_2019.html'), '006.html');
  const lines = doc.text.split('\n');
  it('keeps units inside cells and both copies of the split group label', () => {
    expect(lines).toContain('政府集中采购\t1个\t246900元');
    expect(lines).toContain('行政许可\t11\t3\t15');
    expect(lines.filter((l) => l.startsWith('三、本年度办理结果\t'))).toHaveLength(2);
    expect(lines).toContain('（六）其他处理\t0\t0\t0\t0\t0\t0\t0');
    expectOriginsCoverCells(doc);
  });
  it('keeps the misnumbered heading as printed', () => {
    expect(lines).toContain('二、收到和处理政府信息公开申请情况');
  });
});

describe('GBK copies of page 006: the bytes decide, not the meta', async () => {
  const utf8 = await readSource(bytes('tests/fixtures/html/006_pingtan-lvyou-wenti-ju_2019.html'), '006.html');
  for (const f of ['gbk-meta-utf8', 'gbk-meta-gb2312']) {
    it(f, async () => {
      const doc = await readSource(bytes(`tests/fixtures/formats/006_pingtan-lvyou-wenti-ju_2019.${f}.html`), `${f}.html`);
      expect(doc.encoding).toBe('gbk');
      expect(doc.text).toBe(utf8.text);
      expect(doc.warnings.some((w) => w.includes('declares charset utf-8'))).toBe(f === 'gbk-meta-utf8');
    });
  }
});

describe('page 006 as a Word web archive (MHTML: quoted-printable GBK part)', () => {
  it('reads the HTML part: same text as the original page', async () => {
    const utf8 = await readSource(bytes('tests/fixtures/html/006_pingtan-lvyou-wenti-ju_2019.html'), '006.html');
    const doc = await readSource(bytes('tests/fixtures/formats/006_pingtan-lvyou-wenti-ju_2019.word-web-archive.mht'), 'x.mht');
    expect(doc.format).toBe('html');
    expect(doc.encoding).toBe('gbk');
    expect(doc.text).toBe(utf8.text);
    expect(doc.meta).toEqual(utf8.meta);
  });
});

describe('seed 003 as Word "web page" HTML inside site chrome', async () => {
  const doc = await readSource(bytes('tests/fixtures/formats/003_17bc6c5624a3c32d.word-chrome.html'), 'chrome.html');
  it('gives back exactly the seed report\'s table rows (spans joined, <br> → space, &nbsp; → blank)', () => {
    expect(tabLines(doc.text)).toEqual(seedRows('003_17bc6c5624a3c32d'));
    expect(doc.text).toContain('第二十条第（一）项\t\t\t'); // blank cells stay blank: never "0"
    expect(doc.text).toContain('结果 维持\t结果 纠正');
    expectOriginsCoverCells(doc);
  });
  it('drops <nav>, scripts and styles; keeps the heading and the paragraphs', () => {
    expect(doc.text).not.toContain('办事服务'); // only in <nav>
    expect(doc.text).not.toContain('_hmt');
    expect(doc.text).not.toContain('mso-style-parent');
    expect(doc.text).toContain('封丘县赵岗镇2023年政府信息公开工作年度报告');
    expect(doc.meta).toEqual({ title: '封丘县赵岗镇2023年政府信息公开工作年度报告', published: '2024-01-15' });
  });
  it('the same markup saved under a .doc name is still read as HTML', async () => {
    const named = await readSource(bytes('tests/fixtures/formats/003_17bc6c5624a3c32d.word-html-named.doc'), 'x.doc');
    expect(named.format).toBe('html');
    expect(tabLines(named.text)).toEqual(seedRows('003_17bc6c5624a3c32d'));
  });
});

describe('seed 000 inside JavaScript strings', () => {
  it('document.write("…") chunks in a page are unescaped and parsed', async () => {
    const doc = await readSource(bytes('tests/fixtures/formats/000_fec3dc6b6efa534b.document-write.html'), 'dw.html');
    expect(doc.format).toBe('html');
    expect(tabLines(doc.text)).toEqual(seedRows('000_fec3dc6b6efa534b'));
    expect(doc.text).toContain('段村乡人民政府 2023 年政府信息公开工作年度报告');
    const p = (doc.origins[0].origin as { path: string }).path;
    expect(p).toMatch(/>script\[\d+\]>#js>table\[1\]>tbody>tr\[1\]>td\[1\]$/);
    expectOriginsCoverCells(doc);
  });
  it('a bare script (var content = \'\\u…\') is detected by content and read', async () => {
    const doc = await readSource(bytes('tests/fixtures/formats/000_fec3dc6b6efa534b.content-var.js'), 'c.js');
    expect(doc.format).toBe('html');
    expect(tabLines(doc.text)).toEqual(seedRows('000_fec3dc6b6efa534b'));
    expect(doc.warnings.join(' ')).toMatch(/JavaScript string literals/);
  });
  it('both carriers give the same report text, in order (a lone document.write("</table>") counts)', async () => {
    const dw = await readSource(bytes('tests/fixtures/formats/000_fec3dc6b6efa534b.document-write.html'), 'dw.html');
    const cv = await readSource(bytes('tests/fixtures/formats/000_fec3dc6b6efa534b.content-var.js'), 'c.js');
    expect(dw.text).toContain(cv.text);
    expect(cv.text.indexOf('行政事业性收费\t0')).toBeLessThan(cv.text.indexOf('三、收到和处理政府信息公开申请情况'));
  });
});

describe('markup mechanics (minimal markup, not report data)', () => {
  it('a number split across spans is one number; <br> in a cell is a space; whitespace-only cell is blank', () => {
    const d = readHtml('<table><tr><td>行政<br>许可</td><td>1<span>2</span><o:p></o:p></td><td>&nbsp;<o:p>&nbsp;</o:p></td><td>3</td></tr></table>', { encoding: 'utf-8' });
    expect(d.text).toBe('行政 许可\t12\t\t3');
    expect(d.origins.map((o) => (o.origin as { path: string }).path)).toEqual([1, 2, 3, 4].map((k) => `html>body>table[1]>tbody>tr[1]>td[${k}]`));
  });
  it('pathological nesting (5000 unclosed spans) does not overflow the stack', () => {
    const d = readHtml(`<table><tr><td>${'<span>'.repeat(5000)}1<span>2</span></td><td>x</td></tr></table>`, { encoding: 'utf-8' });
    expect(d.text).toBe('12\tx');
  });
  it('a small nested table inside a wide data table is read into its cell', () => {
    const d = readHtml('<table><tr><td>行政复议</td><td><table><tr><td>结果</td><td>维持</td></tr></table></td><td>0</td><td>1</td></tr></table>', { encoding: 'utf-8' });
    expect(d.text).toBe('行政复议\t结果 维持\t0\t1');
  });
  it('a table holding a table is layout: the inner table is the data table', () => {
    const d = readHtml('<table><tr><td><p>标题</p><table><tr><td>a</td><td>1</td></tr></table></td></tr></table>', { encoding: 'utf-8' });
    expect(d.text).toBe('标题\n\na\t1');
  });
});
