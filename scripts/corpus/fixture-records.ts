/** Test helper: a full ReportRecord from a hand-checked tests/fixtures/expected/*.expected.json (extra keys filled neutrally). */
import { readFileSync } from 'node:fs';
import type { ReportRecord } from '../template/record.ts';

export function fixtureRecord(name: string): ReportRecord {
  const e = JSON.parse(readFileSync(new URL(`../../tests/fixtures/expected/${name}.expected.json`, import.meta.url), 'utf8'));
  return {
    agency: e.agency, year: e.year, template: e.template, t2: e.t2, ...(e.t2_extra ? { t2_extra: e.t2_extra } : {}), t3: e.t3, t4: e.t4,
    level: 'unknown', parents: [],
    region: { code: null, name: null, province: null, city: null, county: null, township: null, candidates: [], ambiguous: false, basis: 'fixture' },
    published: null, phone: null, t3_other_single_row: 'other_total' in e.t3, sections: [], checks: [],
    ambiguous: e.ambiguous ?? [], ambiguity: [], provenance: {}, layout: 'fixture', warnings: [],
  };
}

export const FIXTURES = [
  '000_fec3dc6b6efa534b', '001_f9e7c90898d0e983', '002_425035603a0bba90', '003_17bc6c5624a3c32d', '004_51f69ccf0222012c',
  'pingtan_001_junshan-pianqu_2022', 'pingtan_002_pingtan-lvyou-wenti-ju_2019', 'pingtan_003_pingtan-shichang-jianguan-ju_2019', 'pingtan_004_pingtan-guoziju_2019',
];
