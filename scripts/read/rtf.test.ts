/**
 * RTF reader (RTF is often published under a .doc name) on fixtures derived from real reports:
 * LibreOffice's RTF of page 005 and of seed 004 (\uN escapes, merged cells), and seed 000 written the
 * way Word/WPS write Chinese RTF (\ansicpg936, GBK bytes as \'hh).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readSource } from './index.ts';

const bytes = (rel: string) => new Uint8Array(readFileSync(new URL(`../../${rel}`, import.meta.url)));
const seed = (id: string) => readFileSync(new URL(`../../data/reports/${id}.txt`, import.meta.url), 'utf8');
const tabLines = (text: string) => text.split('\n').filter((l) => l.includes('\t'));
const seedRows = (id: string) => tabLines(seed(id)).map((l) => l.split('\t').map((c) => c.trim()).join('\t'));

describe('RTF', () => {
  it('005.rtf: merged cells (\\clvmgf/\\clvmrg, wide \\cellx) give the same rows as the original page', async () => {
    const html = await readSource(bytes('tests/fixtures/html/005_junshan-pianqu_2022.html'), '005.html');
    const doc = await readSource(bytes('tests/fixtures/formats/005_junshan-pianqu_2022.rtf'), '005.rtf');
    expect(doc.format).toBe('doc');
    expect(tabLines(doc.text)).toEqual(tabLines(html.text));
    const lines = doc.text.split('\n');
    const outer = doc.origins.find((o) => lines[o.line].slice(o.start, o.end) === '三、本年度办理结果')!;
    expect(outer.origin).toMatchObject({ kind: 'doc', note: expect.stringMatching(/^RTF table \d+, row \d+, cell 1$/) });
    expect(outer.grid).toMatchObject({ col: 0, rowspan: 22 });
  });

  it('004.rtf: the seed\'s rows, blank cells blank', async () => {
    const doc = await readSource(bytes('tests/fixtures/formats/004_51f69ccf0222012c.rtf'), '004.rtf');
    expect(tabLines(doc.text)).toEqual(seedRows('004_51f69ccf0222012c'));
    expect(doc.meta?.title).toBe('别斯托别乡2023年政府信息公开工作年度报告');
  });

  it('GBK RTF under a .doc name: code page 936 bytes decoded, title from \\info', async () => {
    const doc = await readSource(bytes('tests/fixtures/formats/000_fec3dc6b6efa534b.rtf-cp936-named.doc'), 'x.doc');
    expect(doc.format).toBe('doc');
    expect(doc.encoding).toBe('gbk');
    expect(tabLines(doc.text)).toEqual(seedRows('000_fec3dc6b6efa534b'));
    expect(doc.text).toContain('段村乡人民政府 2023 年政府信息公开工作年度报告');
    expect(doc.meta).toEqual({ title: '段村乡人民政府2023年政府信息公开工作年度报告' });
    expect(doc.warnings.join(' ')).toMatch(/RTF document/);
  });
});
