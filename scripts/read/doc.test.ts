/**
 * Word 97–2003 reader on .doc files LibreOffice made from real reports (tests/fixtures/formats/MAKE.sh).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readSource } from './index.ts';

const bytes = (rel: string) => new Uint8Array(readFileSync(new URL(`../../${rel}`, import.meta.url)));
const seed = (id: string) => readFileSync(new URL(`../../data/reports/${id}.txt`, import.meta.url), 'utf8');
const tabLines = (text: string) => text.split('\n').filter((l) => l.includes('\t'));

describe('004.doc (seed 004 as Word 97)', () => {
  it('each table row is one line of TAB-separated cells, exactly the seed\'s rows', async () => {
    const doc = await readSource(bytes('tests/fixtures/formats/004_51f69ccf0222012c.doc'), '004.doc');
    expect(doc.format).toBe('doc');
    const want = tabLines(seed('004_51f69ccf0222012c')).map((l) => l.split('\t').map((c) => c.trim()).join('\t'));
    expect(tabLines(doc.text)).toEqual(want);
    expect(doc.warnings).toEqual([]);
    const lines = doc.text.split('\n');
    for (const o of doc.origins) {
      expect(o.origin.kind).toBe('doc');
      expect(lines[o.line].split('\t')).toContain(lines[o.line].slice(o.start, o.end));
    }
  });
});

describe('005.doc (the real 005 page as Word 97: merged cells, multi-paragraph cells)', async () => {
  const doc = await readSource(bytes('tests/fixtures/formats/005_junshan-pianqu_2022.doc'), '005.doc');
  const lines = doc.text.split('\n');
  it('recovers row ends inside tables whose row definitions live in the Data stream', () => {
    expect(lines).toContain('一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0');
    // vertically merged slots stay as empty cells in .doc (the format keeps the slot)
    expect(lines).toContain('\t（四） 无法 提供\t1.本机关不掌握相关政府信息\t3\t0\t0\t0\t0\t2\t5');
    expect(lines).toContain('\t\t2.没有现成信息需要另行制作\t0\t0\t0\t0\t0\t0\t0');
    expect(lines).toContain(Array(15).fill('0').join('\t'));
  });
  it('paragraphs inside a cell are joined by a space, not split into lines', () => {
    expect(lines).toContain('\t\t商业 企业\t科研 机构\t社会公益组织\t法律服务机构\t其他\t');
    expect(doc.text).toContain('（二）依申请公开方面。2022年未收到依申请公开事宜。');
  });
  it('origins point at table/row/cell of the .doc', () => {
    const row = lines.findIndex((l) => l.includes('1.本机关不掌握相关政府信息'));
    const three = doc.origins.find((o) => o.line === row && lines[row].slice(o.start, o.end) === '3')!;
    expect(three.origin).toMatchObject({ kind: 'doc', note: expect.stringMatching(/^table \d+, row \d+, cell 4$/) });
  });
});

describe('seed 003 inside a one-cell "box" table (nested tables), as .doc', () => {
  it('the box is layout: the nested tables give the seed\'s rows', async () => {
    const doc = await readSource(bytes('tests/fixtures/formats/003_17bc6c5624a3c32d.boxed.doc'), 'boxed.doc');
    const want = tabLines(seed('003_17bc6c5624a3c32d')).map((l) => l.split('\t').map((c) => c.trim()).join('\t'));
    expect(tabLines(doc.text)).toEqual(want);
    expect(doc.text.split('\n')).toContain('三、收到和处理政府信息公开申请情况');
  });
});

describe('encrypted .doc', () => {
  it('is refused, not read as ciphertext (FIB fEncrypted set on seed 004\'s .doc)', async () => {
    const doc = Buffer.from(bytes('tests/fixtures/formats/004_51f69ccf0222012c.doc'));
    let fib = -1;
    for (let o = 512; o < doc.length; o += 512) if (doc.readUInt16LE(o) === 0xa5ec) { fib = o; break; }
    expect(fib).toBeGreaterThan(0);
    doc.writeUInt16LE(doc.readUInt16LE(fib + 0x0a) | 0x0100, fib + 0x0a);
    await expect(readSource(new Uint8Array(doc), 'locked.doc')).rejects.toMatchObject({ code: 'unsupported', message: 'locked.doc: a password-protected (encrypted) Word document' });
  });
});
