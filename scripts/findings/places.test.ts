import { describe, expect, it } from 'vitest';
import { fixtureInput, FIXTURES, withProse } from './fixtures.ts';
import { foreignPlaceFindings, ownPlaces, placeMentions } from './places.ts';

describe('foreign place names on the bundled corpus', () => {
  it('别斯托别乡 2023 names 新源镇, another township of 新源县', () => {
    const x = fixtureInput('004_51f69ccf0222012c');
    const fs = foreignPlaceFindings(x);
    expect(fs).toHaveLength(1);
    const f = fs[0]!;
    expect(f).toMatchObject({ rule: 'copypaste.foreign_place', severity: 'warn', other_report_id: null });
    expect(f.message).toContain('新源镇');
    expect(f.evidence).toHaveLength(1);
    const e = f.evidence[0]!;
    expect(e.text).toContain('对新源镇下辖 11 个村');
    expect(x.text.split('\n')[e.line]!.slice(e.start, e.end)).toBe(e.text);
  });

  it('own names and parents are not foreign: 新源县 (别斯托别乡), 封丘县 (赵岗镇), 定安县 (雷鸣镇)', () => {
    for (const name of FIXTURES.filter((n) => n !== '004_51f69ccf0222012c')) expect(foreignPlaceFindings(fixtureInput(name)), name).toEqual([]);
    const zhao = fixtureInput('003_17bc6c5624a3c32d');
    expect(zhao.text).toContain('封丘县政府网站');
    expect(placeMentions('通过封丘县政府网站政府信息公开专栏').map((m) => m.name)).toEqual(['封丘县']);
    expect(ownPlaces(zhao.record).counties.has('410727')).toBe(true);
  });

  it('department-level reports are not judged (平潭旅游局 gives its address in 北厝镇)', () => {
    const x = fixtureInput('pingtan_002_pingtan-lvyou-wenti-ju_2019');
    expect(x.text).toContain('北厝镇');
    expect(x.record.level).toBe('department');
    expect(foreignPlaceFindings(x)).toEqual([]);
  });
});

describe('place-name recognition', () => {
  it('generic words are not places', () => {
    for (const s of ['全面推进乡村振兴战略', '城乡一体化发展', '镇村两级公开栏', '各乡镇、街道要加强', '社区服务中心', '本镇政务公开办', '强化镇政务公开办与各中心联动', '区域协调发展', '经济开发区管委会', '全县各乡镇']) {
      expect(placeMentions(s), s).toEqual([]);
    }
  });

  it('longest gazetteer name at each suffix', () => {
    expect(placeMentions('新源县别斯托别乡人民政府').map((m) => m.name)).toEqual(['新源县', '别斯托别乡']);
    expect(placeMentions('对新源镇下辖11个村').map((m) => m.name)).toEqual(['新源镇']);
    // 宿城区 is a district, 老城区 a word (中扬镇 2022, www.sqsc.gov.cn)
    expect(placeMentions('地址:宿城区中扬镇成子湖大道8号,老城区改造').map((m) => m.name)).toEqual(['宿城区', '中扬镇']);
  });

  it('a township elsewhere, or another county, is reported; a sibling township is a warning', () => {
    const base = fixtureInput('003_17bc6c5624a3c32d'); // 封丘县赵岗镇
    const far = foreignPlaceFindings(withProse(base, '学习借鉴别斯托别乡的做法。'));
    expect(far).toHaveLength(1);
    expect(far[0]).toMatchObject({ severity: 'info' });
    const county = foreignPlaceFindings(withProse(base, '严格按照定安县政务公开相关文件的要求。'));
    expect(county).toHaveLength(1);
    expect(county[0]!.severity).toBe('warn');
    expect(foreignPlaceFindings(withProse(base, '严格按照封丘县政务公开相关文件的要求，赵岗镇人民政府认真落实。'))).toEqual([]);
  });

  it('the agency under its old or new suffix is not foreign (段村乡 → 段村镇)', () => {
    const base = fixtureInput('000_fec3dc6b6efa534b'); // 段村乡, 411221
    expect(foreignPlaceFindings(withProse(base, '段村镇人民政府认真落实政务公开要求。'))).toEqual([]);
  });

  it('an agency whose county cannot be resolved is not judged', () => {
    const base = fixtureInput('004_51f69ccf0222012c');
    const x = withProse(base, '对新源镇下辖11个村进行督导。', (r) => { r.agency = '某某乡'; r.parents = []; r.region = { code: null, name: null, province: null, city: null, county: null, township: null, candidates: [], ambiguous: false, basis: 'none' }; });
    expect(foreignPlaceFindings(x)).toEqual([]);
  });
});
