import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { agencyKey } from './agency-key.ts';

const root = join(import.meta.dirname, '../..');
const reports = join(root, 'data/reports');

/** agency (as SOURCES-pingtan-archive.tsv names it from the title) of each archive file */
function archive(): Array<{ file: string; agency: string; year: number }> {
  const lines = readFileSync(join(root, 'tests/fixtures/SOURCES-pingtan-archive.tsv'), 'utf8').trim().split('\n');
  const head = lines[0]!.split('\t');
  return lines.slice(1).map((l) => { const c = l.split('\t'); const g = (k: string) => c[head.indexOf(k)]!; return { file: g('file'), agency: g('agency'), year: Number(g('report_year')) }; });
}

describe('agencyKey', () => {
  it('joins title variants of one agency', () => {
    const k = agencyKey('平潭综合实验区苏平片区管理局');
    expect(agencyKey('平潭综合实验区苏平片区管理局关于报送')).toBe(k);
    expect(agencyKey('平潭综合实验区苏平片区管理局关于报送2020年度政府信息公开工作年度报告的函')).toBe(k);
    expect(agencyKey('平潭综合实验区苏平片区管理局2020年度政府信息公开工作报告')).toBe(k);
    expect(agencyKey(' 平潭综合实验区 苏平片区管理局 ')).toBe(k);
    expect(agencyKey('赵岗镇人民政府')).toBe(agencyKey('赵岗镇政府'));
    expect(agencyKey('赵岗镇人民政府')).toBe('赵岗镇');
  });
  it('keeps different agencies apart', () => {
    expect(agencyKey('平潭综合实验区国有资产管理局')).not.toBe(agencyKey('平潭综合实验区投资促进局'));
    expect(agencyKey('平潭综合实验区海坛片区管理局')).not.toBe(agencyKey('平潭综合实验区金井片区管理局'));
  });
  it('follows a documented rename to the newest name', () => {
    const renames = new Map([['某某县文化局', '某某县文化和旅游局']]);
    expect(agencyKey('某某县文化局', renames)).toBe('某某县文化和旅游局');
    expect(agencyKey('某某县文化和旅游局', renames)).toBe('某某县文化和旅游局');
  });
});

describe('the Pingtan archive: 18 agencies → 18 keys', () => {
  it('gives every report of one agency the same key, and different agencies different keys', async () => {
    const rows = archive().filter((r) => r.file.endsWith('.txt'));
    expect(rows).toHaveLength(112);
    const keyOf = new Map<string, Set<string>>(); // SOURCES agency → keys of its extracted records
    let read = 0;
    for (const r of rows) {
      const out = await extractBytes(readFileSync(join(reports, r.file)), r.file);
      if (!out.ok) continue;
      read++;
      const s = keyOf.get(r.agency) ?? new Set(); s.add(agencyKey(out.record.agency)); keyOf.set(r.agency, s);
    }
    expect(read).toBe(112); // every one, 公安局 2020 too (its text holds only its title: kept, without tables)
    expect(keyOf.size).toBe(18);
    for (const [agency, keys] of keyOf) expect([...keys], agency).toEqual([agencyKey(agency)]);
    expect(new Set([...keyOf.values()].map((s) => [...s][0])).size).toBe(18);
  }, 120_000);
  it('joins the four earlier-bundled Pingtan reports to their series', async () => {
    for (const [f, a] of [['pingtan_001_junshan-pianqu_2022.txt', '平潭综合实验区君山片区管理局'], ['pingtan_004_pingtan-guoziju_2019.txt', '平潭综合实验区国有资产管理局']] as const) {
      const out = await extractBytes(readFileSync(join(reports, f)), f);
      expect(out.ok && agencyKey(out.record.agency)).toBe(agencyKey(a));
    }
  });
});
