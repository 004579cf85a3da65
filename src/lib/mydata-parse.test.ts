/**
 * The pure half of "加入我的数据": numbers as readers type them, encodings, delimiters and headers, and the
 * refusals (nothing half-loaded). Inputs are small tables made here for the test.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNumber, decodeText, parseBytes, parseText, duplicateKeys, MyDataError, MAX_BYTES } from './mydata-parse.ts';

const FIX = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'byod');
const enc = (s: string) => new TextEncoder().encode(s);

describe('parseNumber', () => {
  it('reads full-width digits and thousands separators, blank is null, text is not a number', () => {
    expect(parseNumber('５２，３００')).toBe(52300);
    expect(parseNumber('52,300')).toBe(52300);
    expect(parseNumber('1,234,567.5')).toBe(1234567.5);
    expect(parseNumber('１２．５')).toBe(12.5);
    expect(parseNumber('52 300')).toBe(52300);
    expect(parseNumber('－７')).toBe(-7);
    expect(parseNumber('0')).toBe(0);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('  ')).toBeNull();
    expect(parseNumber('—')).toBeNull();
    expect(parseNumber(null)).toBeNull();
    expect(parseNumber('约五万')).toBeUndefined();
    expect(parseNumber('12,34')).toBeUndefined(); // not groups of three: not a number, never guessed
    expect(parseNumber('1 2')).toBeUndefined();
    expect(parseNumber('12%')).toBeUndefined();
  });
});

describe('decodeText', () => {
  it('tells UTF-8 with and without BOM, GBK and UTF-16 apart by the bytes', () => {
    expect(decodeText(enc('\ufeff乡镇,人口\n金井镇,1\n'))).toEqual({ text: '乡镇,人口\n金井镇,1\n', encoding: 'UTF-8（带 BOM）' });
    expect(decodeText(enc('乡镇,人口\n')).encoding).toBe('UTF-8');
    // 金井镇 in GBK
    const gbk = new Uint8Array([0xbd, 0xf0, 0xbe, 0xae, 0xd5, 0xf2, 0x2c, 0x31]);
    expect(decodeText(gbk)).toEqual({ text: '金井镇,1', encoding: 'GB18030/GBK' });
    const le = new Uint8Array([0xff, 0xfe, 0xd1, 0x91, 0x2c, 0x00, 0x31, 0x00]);
    expect(decodeText(le)).toEqual({ text: '金,1', encoding: 'UTF-16LE' });
  });
  it('refuses empty, binary, Office and oversized input with a message', () => {
    expect(() => decodeText(new Uint8Array())).toThrow(/文件是空的/);
    expect(() => decodeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toThrow(/ZIP 压缩包/);
    expect(() => decodeText(new Uint8Array([0x61, 0x00, 0x62, 0x01]))).toThrow(/二进制文件/);
    const big = { length: MAX_BYTES + 1 } as unknown as Uint8Array;
    expect(() => decodeText(big)).toThrow(/上限 200 MB/);
  });
});

describe('parseText', () => {
  it('sniffs tab delimiters and a header, types columns, keeps blanks null', () => {
    const t = parseText('乡镇\t常住人口\t备注\n金井镇\t５２，３００\t\n君山镇\t\t未统计\n', 'x.tsv');
    expect(t.header).toBe(true);
    expect(t.delimiter).toBe('制表符');
    expect(t.rows).toBe(2);
    expect(t.columns.map((c) => [c.name, c.kind])).toEqual([['乡镇', 'text'], ['常住人口', 'number'], ['备注', 'text']]);
    expect(t.columns[1]!.values).toEqual([52300, null]);
  });
  it('names columns when the first row is data', () => {
    const t = parseText('金井镇,52300\n君山镇,38600\n', 'x.csv');
    expect(t.header).toBe(false);
    expect(t.columns.map((c) => c.name)).toEqual(['第1列', '第2列']);
    expect(t.columns[1]!.values).toEqual([52300, 38600]);
  });
  it('refuses ragged rows, naming them', () => {
    expect(() => parseText('a,b\n1,2\n3\n4,5,6\n', 'x.csv')).toThrow('各行的列数不一致：第 1 行有 2 列，而第 3 行（1 列）、第 4 行（3 列）');
  });
  it('refuses text in a column of numbers, naming the rows', () => {
    expect(() => parseText('乡镇,人口\n甲,100\n乙,约五万\n丙,300\n', 'x.csv')).toThrow('“人口”列应为数字，但第 3 行是“约五万”');
  });
  it('refuses a file of only blank lines or only a header', () => {
    expect(() => parseText('\n\n , \n', 'x.csv')).toThrow(MyDataError);
    expect(() => parseText('乡镇,人口\n', 'x.csv')).toThrow('文件只有表头，没有数据行。');
  });
});

describe('duplicateKeys', () => {
  it('lists keys that repeat after folding', () => {
    expect(duplicateKeys(['金井镇', '君山镇', '金井镇人民政府', null, null], (s) => s.replace(/人民政府$/, ''))).toEqual(['金井镇人民政府']);
  });
});

describe('the test files in tests/fixtures/byod', () => {
  it('reads the GBK township table with full-width digits', () => {
    const t = parseBytes(new Uint8Array(readFileSync(join(FIX, 'township-population-gbk.csv'))), 'township-population-gbk.csv');
    expect(t.encoding).toBe('GB18030/GBK');
    expect(t.header).toBe(true);
    const pop = t.columns.find((c) => c.name === '常住人口')!;
    expect(pop.kind).toBe('number');
    expect(t.columns[0]!.text[0]).toBe('金井片区');
    expect(pop.values![0]).toBe(52300);
  });
  it('reads the BOM-less UTF-8 budget table with thousands separators', () => {
    const t = parseBytes(new Uint8Array(readFileSync(join(FIX, 'department-budget-utf8.csv'))), 'department-budget-utf8.csv');
    expect(t.encoding).toBe('UTF-8');
    const budget = t.columns.find((c) => c.name.startsWith('预算'))!;
    expect(budget.kind).toBe('number');
    expect(budget.values![0]).toBe(12345.6);
  });
});
