/**
 * Matching a reader's key column to the corpus's agencies (pure). An agency is one `agency_key` series of
 * reports.parquet (scripts/corpus/agency-key.ts), with the region the build resolved for it (region_code,
 * region_name, township; scripts/extract/region.ts). Names are folded with the same agencyKey rule, and township
 * names compared with the same TOWNSHIP_SUFFIX, so `七家子镇` finds `昌图县七家子镇人民政府` and `金井片区` finds
 * 平潭's 金井片区管理局 (township 金井镇).
 *
 * Never a guess: the best tier that fits decides; one agency there is `matched` (with the basis), several are
 * `ambiguous` (all listed), none is `unmatched`. Two reader rows that reach the same agency are both ambiguous.
 * The reader settles ambiguous and unmatched rows by hand (`fixes`).
 */
import { agencyKey } from '../../scripts/corpus/agency-key.ts';
import { TOWNSHIP_SUFFIX } from '../../scripts/extract/township.ts';

export type KeyKind = 'agency' | 'region' | 'code';
export const KEY_KINDS: Array<{ code: KeyKind; zh: string }> = [
  { code: 'agency', zh: '机关名称' },
  { code: 'region', zh: '地区名称' },
  { code: 'code', zh: '区划代码（GB/T 2260）' },
];

export interface Entity {
  /** agency_key of reports.parquet */
  key: string;
  /** Agency names as printed in its reports. */
  names: string[];
  township: string | null;
  region_code: string | null;
  region_name: string | null;
}

export interface Match { status: 'matched' | 'ambiguous' | 'unmatched'; keys: string[]; basis: string }

/** The corpus's agencies from reports rows (agency, agency_key, township, region_code, region_name). */
export function entitiesOf(rows: Array<Record<string, any>>): Entity[] {
  const by = new Map<string, Entity>();
  for (const r of rows) {
    const key = r.agency_key ?? agencyKey(r.agency);
    if (!key) continue;
    let e = by.get(key);
    if (!e) { e = { key, names: [], township: r.township ?? null, region_code: r.region_code ?? null, region_name: r.region_name ?? null }; by.set(key, e); }
    if (r.agency && !e.names.includes(r.agency)) e.names.push(r.agency);
    e.township ??= r.township ?? null; e.region_code ??= r.region_code ?? null; e.region_name ??= r.region_name ?? null;
  }
  return [...by.values()].sort((a, b) => a.key.localeCompare(b.key, 'zh'));
}

/** A reader's name folded as agency keys are (NFKC, no spaces, no 人民政府/政府/办事处 ending). */
export const foldName = (s: string) => agencyKey(s);

/** A reader's region code: digits only; a 12-digit NBS code ending 000 is its 9-digit township; 2/4 digits are padded to 6 (GB/T 2260). */
export function foldCode(s: string): string | null {
  const d = s.normalize('NFKC').replace(/\s+/g, '');
  if (!/^\d+$/.test(d)) return null;
  if (d.length === 12 && d.endsWith('000')) return d.slice(0, 9);
  if (d.length === 2 || d.length === 4) return d.padEnd(6, '0');
  return d.length === 6 || d.length === 9 ? d : null;
}

const stem = (s: string) => s.replace(TOWNSHIP_SUFFIX, '');

/** How a name fits an agency's township: 'exact' (the township, maybe after places its region names), 'stem' (乡/镇/街道/片区 aside), or null. */
function townshipFit(k: string, e: Entity): 'exact' | 'stem' | null {
  const t = e.township;
  if (!t) return null;
  const region = e.region_name ?? '';
  const prefixOk = (p: string) => p === '' || region.includes(p);
  if (k.endsWith(t) && prefixOk(k.slice(0, -t.length))) return 'exact';
  if (!TOWNSHIP_SUFFIX.test(k)) return null;
  const ks = stem(k), ts = stem(t);
  if (ts && ks.endsWith(ts) && prefixOk(ks.slice(0, -ts.length))) return 'stem';
  return null;
}

type Tier = { basis: string; test: (k: string, e: Entity) => boolean };

const AGENCY_TIERS: Tier[] = [
  { basis: '机关名称相同（按机关归并规则）', test: (k, e) => e.key === k || e.names.some((n) => foldName(n) === k) },
  { basis: '名称的一方是另一方的结尾（省略了上级地名）', test: (k, e) => k.length >= 2 && (e.key.endsWith(k) || (e.key.length >= 2 && k.endsWith(e.key))) },
  { basis: '乡镇名称与该机关所在乡镇相同', test: (k, e) => townshipFit(k, e) === 'exact' },
  { basis: '乡镇名称主干相同（乡/镇/街道/片区之别）', test: (k, e) => townshipFit(k, e) === 'stem' },
];

const REGION_TIERS: Tier[] = [
  { basis: '地区名称与该机关所在乡镇相同', test: (k, e) => townshipFit(k, e) === 'exact' },
  { basis: '地区名称与该机关的区划名称结尾相同', test: (k, e) => k.length >= 2 && !!e.region_name && e.region_name.endsWith(k) },
  { basis: '乡镇名称主干相同（乡/镇/街道/片区之别）', test: (k, e) => townshipFit(k, e) === 'stem' },
];

/** Match one reader key value. */
export function matchOne(value: string | null, kind: KeyKind, entities: Entity[]): Match {
  if (value == null || !value.trim()) return { status: 'unmatched', keys: [], basis: '键为空' };
  if (kind === 'code') {
    const c = foldCode(value);
    if (!c) return { status: 'unmatched', keys: [], basis: '不是 6 位或 9 位（或 12 位）区划代码' };
    const keys = entities.filter((e) => e.region_code === c).map((e) => e.key);
    return decide(keys, `区划代码 ${c} 相同`);
  }
  const k = foldName(value);
  // A region name that fits no region (a township the build could not place) may still be an agency's own name.
  for (const t of kind === 'agency' ? AGENCY_TIERS : [...REGION_TIERS, ...AGENCY_TIERS]) {
    const keys = entities.filter((e) => t.test(k, e)).map((e) => e.key);
    if (keys.length) return decide(keys, t.basis);
  }
  return { status: 'unmatched', keys: [], basis: '本站报告中没有对应的机关' };
}

function decide(keys: string[], basis: string): Match {
  if (keys.length === 0) return { status: 'unmatched', keys, basis: '本站报告中没有对应的机关' };
  if (keys.length === 1) return { status: 'matched', keys, basis };
  return { status: 'ambiguous', keys, basis: `${basis}：${keys.length} 个机关都符合，需要手工选择` };
}

/** Match every row; rows that reach the same agency are all made ambiguous (naming each other's rows). */
export function matchAll(values: Array<string | null>, kind: KeyKind, entities: Entity[]): Match[] {
  const ms = values.map((v) => matchOne(v, kind, entities));
  const byKey = new Map<string, number[]>();
  ms.forEach((m, i) => { if (m.status === 'matched') byKey.set(m.keys[0]!, [...(byKey.get(m.keys[0]!) ?? []), i]); });
  for (const [, rows] of byKey) {
    if (rows.length < 2) continue;
    for (const i of rows) ms[i] = { status: 'ambiguous', keys: ms[i]!.keys, basis: `与第 ${rows.filter((j) => j !== i).map((j) => j + 1).join('、')} 条数据对应同一机关，需要手工选择` };
  }
  return ms;
}

/** A hand fix: the agency key the reader chose for a row, or '' for "no agency". */
export type Fixes = Record<number, string>;

/** The agency each row joins after the reader's fixes (null: not joined). */
export function joinedKeys(ms: Match[], fixes: Fixes): Array<string | null> {
  return ms.map((m, i) => (i in fixes ? fixes[i] || null : m.status === 'matched' ? m.keys[0]! : null));
}

/**
 * Rows (0-based) not yet settled by hand that are ambiguous between `key` and other agencies: why an agency that
 * no row joins may still have the reader's value, once the reader chooses.
 */
export function ambiguousRowsFor(ms: Match[], fixes: Fixes, key: string): number[] {
  return ms.flatMap((m, i) => (!(i in fixes) && m.status === 'ambiguous' && m.keys.includes(key) ? [i] : []));
}

export function counts(ms: Match[], fixes: Fixes): { matched: number; ambiguous: number; unmatched: number; fixed: number } {
  const c = { matched: 0, ambiguous: 0, unmatched: 0, fixed: 0 };
  ms.forEach((m, i) => { if (i in fixes) c.fixed++; else c[m.status]++; });
  return c;
}

/** Agencies that two joined rows (after fixes) both reach: the join would count them twice. */
export function doubleJoined(keys: Array<string | null>): string[] {
  const seen = new Set<string>(), dup = new Set<string>();
  for (const k of keys) if (k) { if (seen.has(k)) dup.add(k); seen.add(k); }
  return [...dup];
}
