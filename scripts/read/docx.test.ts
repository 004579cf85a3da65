/**
 * DOCX reader on files LibreOffice made from real reports (tests/fixtures/formats/MAKE.sh):
 * 005 (the 君山片区 2022 page, merged cells as gridSpan/vMerge) and seed 004 rendered as a Word table.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readSource } from './index.ts';
import { inflateRawSync } from 'node:zlib';
import { MAX_PART_BYTES, readDocx } from './docx.ts';
import { bombDocx } from '../fuzz/zip.ts';
import { NotAReport } from '../template/record.ts';

const bytes = (rel: string) => new Uint8Array(readFileSync(new URL(`../../${rel}`, import.meta.url)));
const seed = (id: string) => readFileSync(new URL(`../../data/reports/${id}.txt`, import.meta.url), 'utf8');
const tabLines = (text: string) => text.split('\n').filter((l) => l.includes('\t'));

describe('005.docx (from the real 005 page)', async () => {
  const doc = await readSource(bytes('tests/fixtures/formats/005_junshan-pianqu_2022.docx'), '005.docx');
  const html = await readSource(bytes('tests/fixtures/html/005_junshan-pianqu_2022.html'), '005.html');
  const lines = doc.text.split('\n');

  it('is recognised by content and carries the page metadata kept in the document properties', () => {
    expect(doc.format).toBe('docx');
    expect(doc.meta).toEqual({
      title: '平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告',
      published: '2023-01-09',
      url: 'https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202301/t20230108_50246.htm',
    });
  });

  it('merged cells follow the HTML rules: the same table rows as the original page', () => {
    expect(tabLines(doc.text)).toEqual(tabLines(html.text));
    expect(lines.filter((l) => l.includes('三、本年度办理结果'))).toHaveLength(1);
    expect(lines).toContain('（四） 无法 提供\t1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t2\t5');
  });

  it('origins name table, row and cell (1-based) in the document', () => {
    const row = lines.findIndex((l) => l.startsWith('（四） 无法 提供\t'));
    const cells = doc.origins.filter((o) => o.line === row);
    expect(cells).toHaveLength(9);
    const tables = new Set(cells.map((c) => (c.origin as { table: number }).table));
    expect(tables.size).toBe(1);
    // <w:tc> 1 of this row is the vMerge continuation of 三、本年度办理结果: counted, not emitted
    expect(cells.map((c) => (c.origin as { cell: number }).cell)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const three = cells[2];
    expect(lines[row].slice(three.start, three.end)).toBe('3');
    expect(three.origin).toMatchObject({ kind: 'docx', cell: 4 });
    expect(three.grid).toMatchObject({ col: 3 }); // column 0 held by the vMerge'd 三、本年度办理结果
    const outer = doc.origins.find((o) => lines[o.line].slice(o.start, o.end) === '三、本年度办理结果')!;
    expect(outer.grid).toMatchObject({ col: 0, rowspan: 22 });
  });
});

describe('004.docx (seed 004 as a Word document)', () => {
  it('gives back the seed report\'s table rows, blank cells blank', async () => {
    const doc = await readSource(bytes('tests/fixtures/formats/004_51f69ccf0222012c.docx'), '004.docx');
    const want = tabLines(seed('004_51f69ccf0222012c')).map((l) => l.split('\t').map((c) => c.trim()).join('\t'));
    expect(tabLines(doc.text)).toEqual(want);
    expect(doc.text).toContain('别斯托别乡');
    expect(doc.meta?.title).toBe('别斯托别乡2023年政府信息公开工作年度报告');
  });
});

describe('damaged DOCX', () => {
  it('a truncated DOCX is refused as corrupt with a one-line reason', async () => {
    await expect(readSource(bytes('tests/fixtures/formats/004_51f69ccf0222012c.truncated.docx'), 'cut.docx'))
      .rejects.toMatchObject({ code: 'corrupt', message: expect.stringMatching(/^cut\.docx: truncated or damaged ZIP container \(a DOCX\)/) });
  });
  it('readDocx itself refuses bytes that jszip cannot open', async () => {
    const cut = bytes('tests/fixtures/formats/004_51f69ccf0222012c.truncated.docx');
    const err = await readDocx(cut, 'cut.docx').catch((e) => e);
    expect(err).toBeInstanceOf(NotAReport);
    expect(err.code).toBe('corrupt');
    expect(err.message.split('\n')).toHaveLength(1);
  });
});

/** The package with each entry's stated size set to what it truly inflates to (read with node's zlib). */
async function honest(zip: Buffer): Promise<Buffer> {
  const out = Buffer.from(zip);
  for (let i = out.indexOf(Buffer.from('PK\x01\x02', 'latin1')); i >= 0; i = out.indexOf(Buffer.from('PK\x01\x02', 'latin1'), i + 4)) {
    const method = out.readUInt16LE(i + 10), csize = out.readUInt32LE(i + 20), local = out.readUInt32LE(i + 42);
    const data = out.subarray(local + 30 + out.readUInt16LE(local + 26), local + 30 + out.readUInt16LE(local + 26) + csize);
    const size = method === 8 ? inflateRawSync(data).length : data.length;
    out.writeUInt32LE(size, i + 24);
    out.writeUInt32LE(size, local + 22);
  }
  return out;
}

describe('zip bomb guard', () => {
  it('a DOCX whose document.xml claims to inflate past the limit is refused before inflating', async () => {
    const docx = Buffer.from(bytes('tests/fixtures/formats/004_51f69ccf0222012c.docx'));
    // patch the central-directory record of word/document.xml: uncompressed size (offset 24) → 2^31-1
    const name = Buffer.from('word/document.xml');
    let at = -1;
    for (let i = docx.indexOf(Buffer.from('PK\x01\x02', 'latin1')); i >= 0; i = docx.indexOf(Buffer.from('PK\x01\x02', 'latin1'), i + 4)) {
      const len = docx.readUInt16LE(i + 28);
      if (docx.subarray(i + 46, i + 46 + len).equals(name)) { at = i; break; }
    }
    expect(at).toBeGreaterThan(0);
    docx.writeUInt32LE(0x7fffffff, at + 24);
    await expect(readDocx(new Uint8Array(docx), 'bomb.docx')).rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/^bomb\.docx: word\/document\.xml inflates to 2147483647 bytes/) });
  });

  it('a DOCX whose header lies about the size (SYNTHETIC: states 300 kB, inflates past the limit) is refused at the limit, not inflated to its end', async () => {
    const docx = await bombDocx(MAX_PART_BYTES + 16 * 2 ** 20, 300_000);
    expect(docx.length).toBeLessThan(1_000_000);
    // inflating to the end would meet the lie (jszip checks the stated size only there) and call the file damaged:
    // refusing as too_large with this reason shows the inflation stopped at the limit
    await expect(readDocx(new Uint8Array(docx), 'lie.docx')).rejects.toMatchObject({
      code: 'too_large',
      message: `lie.docx: word/document.xml inflates to more than ${MAX_PART_BYTES} bytes (limit ${MAX_PART_BYTES}; its header states 300000 bytes)`,
    });
  });

  it('the same SYNTHETIC package under the limit, its header honest, is read (the cap refuses only what passes it)', async () => {
    const docx = await bombDocx(2 ** 20, 0);
    // fix the stated size to the true one: the forger writes what it is told
    const doc = await readDocx(new Uint8Array(await honest(docx)), 'ok.docx');
    expect(doc.text.startsWith('政府信息公开 政府信息公开')).toBe(true);
  });
});

describe('DOCX whose body is an altChunk (seed 003 as GB2312 Word HTML inside the package)', () => {
  it('reads the chunk as HTML: the seed\'s rows, with paths into the chunk', async () => {
    const doc = await readSource(bytes('tests/fixtures/formats/003_17bc6c5624a3c32d.altchunk.docx'), 'chunk.docx');
    expect(doc.format).toBe('docx');
    const want = tabLines(seed('003_17bc6c5624a3c32d')).map((l) => l.split('\t').map((c) => c.trim()).join('\t'));
    expect(tabLines(doc.text)).toEqual(want);
    expect(doc.text).toContain('封丘县赵岗镇');
    expect(doc.origins[0].origin).toEqual({ kind: 'html', path: 'altChunk(word/afchunk1.htm)>html>body>table[1]>tbody>tr[1]>td[1]' });
    expect(doc.warnings.join(' ')).toMatch(/altChunk/);
  });
});

describe('seed 003 inside a one-cell "box" table (nested tables)', () => {
  const want = () => tabLines(seed('003_17bc6c5624a3c32d')).map((l) => l.split('\t').map((c) => c.trim()).join('\t'));
  it.each(['boxed.html', 'boxed.docx'])('%s: the box is layout, the nested tables are the rows', async (f) => {
    const doc = await readSource(bytes(`tests/fixtures/formats/003_17bc6c5624a3c32d.${f}`), f);
    expect(tabLines(doc.text)).toEqual(want());
  });
});
