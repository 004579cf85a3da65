/**
 * Encoding detection on real reports: the seed texts and the Pingtan pages, re-encoded (fixtures in
 * tests/fixtures/formats, see MAKE.sh) or transformed on the fly here.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { decodeBytes } from './decode.ts';
import { NotAReport } from '../template/record.ts';

const F = (f: string) => new Uint8Array(readFileSync(new URL(`../../tests/fixtures/formats/${f}`, import.meta.url)));
const seed = (id: string) => readFileSync(new URL(`../../data/reports/${id}.txt`, import.meta.url), 'utf8');
const S000 = '000_fec3dc6b6efa534b', S001 = '001_f9e7c90898d0e983', S002 = '002_425035603a0bba90', S003 = '003_17bc6c5624a3c32d';

describe('decodeBytes: encodings decided by the bytes', () => {
  it('reads plain UTF-8 (seed 000) unchanged', () => {
    const d = decodeBytes(new TextEncoder().encode(seed(S000)), 'x.txt');
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toBe(seed(S000));
    expect(d.warnings).toEqual([]);
  });

  it('reads the GBK copy of seed 000 back to the same text', () => {
    const d = decodeBytes(F(`${S000}.gbk.txt`), 'gbk.txt');
    expect(d.encoding).toBe('gbk');
    expect(d.text).toBe(seed(S000));
    expect(d.text).toContain('段村乡人民政府 2023 年政府信息公开工作年度报告');
    expect(d.warnings).toEqual([]);
  });

  it('reads the GB18030 copy of seed 002 (4-byte sequences for U+00A0) exactly', () => {
    const d = decodeBytes(F(`${S002}.gb18030.txt`), 'gb.txt');
    expect(d.encoding).toBe('gb18030');
    expect(d.text).toBe(seed(S002));
  });

  it('reads UTF-16LE and UTF-16BE with a BOM', () => {
    const le = decodeBytes(F(`${S001}.utf16le-bom.txt`), 'le.txt');
    expect(le.encoding).toBe('utf-16le');
    expect(le.text).toBe(seed(S001));
    const be = decodeBytes(F(`${S003}.utf16be-bom.txt`), 'be.txt');
    expect(be.encoding).toBe('utf-16be');
    expect(be.text).toBe(seed(S003));
  });

  it('reads BOM-less UTF-16LE, and says it guessed', () => {
    const d = decodeBytes(new Uint8Array(iconv.encode(seed(S001), 'utf-16le')), 'nobom.txt');
    expect(d.encoding).toBe('utf-16le');
    expect(d.text).toBe(seed(S001));
    expect(d.warnings.join(' ')).toMatch(/no byte-order mark/);
  });

  it('does not mistake GBK for Big5 (GBK bytes are also mostly valid Big5)', () => {
    const d = decodeBytes(new Uint8Array(iconv.encode(seed(S003), 'gbk')), 'x.txt');
    expect(d.encoding).toBe('gbk');
    expect(d.text).toBe(seed(S003));
  });

  it('a meta charset that lies loses to the bytes, with a warning (GBK page claiming utf-8)', () => {
    const bytes = F('006_pingtan-lvyou-wenti-ju_2019.gbk-meta-utf8.html');
    const d = decodeBytes(bytes, 'p.html', 'utf-8');
    expect(d.encoding).toBe('gbk');
    expect(d.text).toContain('平潭综合实验区旅游与文化体育局2019年度政府信息公开工作年度报告');
    expect(d.warnings.join(' ')).toMatch(/declares charset utf-8 but the bytes read as gbk/);
  });

  it('UTF-8 page claiming gb2312 is read as UTF-8, with a warning', () => {
    const d = decodeBytes(F('005_junshan-pianqu_2022.utf8-meta-gb2312.html'), 'p.html', 'gb2312');
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toContain('平潭综合实验区君山片区管理局');
    expect(d.warnings.join(' ')).toMatch(/declares charset gb2312 but the bytes are UTF-8/);
  });

  it('repairs GBK mojibake saved as UTF-8 (GBK bytes read as Windows-1252), and says so', () => {
    const mojibake = iconv.decode(iconv.encode(seed(S000), 'gbk'), 'win1252');
    expect(mojibake).not.toContain('段村乡');
    const d = decodeBytes(new TextEncoder().encode(mojibake), 'moji.txt');
    expect(d.text).toBe(seed(S000));
    expect(d.warnings.join(' ')).toMatch(/mojibake.*repaired/);
  });

  it('refuses hopeless text instead of passing mojibake on (GBK read as Big5, saved as UTF-8)', () => {
    const garbled = iconv.decode(iconv.encode(seed(S000), 'gbk'), 'big5');
    const run = () => decodeBytes(new TextEncoder().encode(garbled), 'garbled.txt');
    expect(run).toThrow(NotAReport);
    try { run(); } catch (e) {
      expect((e as NotAReport).code).toBe('encoding');
      expect((e as Error).message).toMatch(/^garbled\.txt: cannot tell the text encoding/);
    }
  });

  it('damaged UTF-8 (bytes cut out of a character) keeps the text and warns about U+FFFD', () => {
    const bytes = new TextEncoder().encode(seed(S003));
    const at = bytes.indexOf(0xe8, 200); // a lead byte of a CJK character
    const damaged = new Uint8Array([...bytes.subarray(0, at + 1), ...bytes.subarray(at + 3)]);
    const d = decodeBytes(damaged, 'cut.txt');
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toContain('封丘县赵岗镇');
    expect(d.text).toContain('\uFFFD');
    expect(d.warnings.join(' ')).toMatch(/U\+FFFD/);
  });
});
