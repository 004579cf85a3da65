/**
 * A name found in the narrative, completed to the fullest form the same text prints for the same body:
 * the full name an abbreviation is defined for (广西…管理办公室(以下简称自治区北部湾办)), and the government's name
 * with its places and 人民政府 (沈村镇 → 沈村镇人民政府 when the contact line prints it). Each result is a span the
 * text prints as one piece; nothing is pieced together from separate mentions. Also: which kind of body the text
 * calls itself (我镇, 本局), to check a weak signal against.
 */
import { placesBefore } from './parents.ts';
import { splitAgencyOnce, lookupPlace } from '../region.ts';
import { levelOf } from './level.ts';

export interface Named { agency: string; offset: number }

/** What may stand between the clause start and a defined name: a verb of the sentence, not part of the name. */
const LEAD_VERB = /^(?:由|经|是|为|系|即|现将|根据|按照)/;
const ENDS_AS_BODY = /(?:政府|乡|镇|街道|苏木|局|委|办|办公室|中心|委员会|办事处|管委会|厅|院|署|县|市|区|旗)$/;

/**
 * The full name a text defines `agency` as an abbreviation of — 由广西壮族自治区北部湾经济区规划建设管理办公室(以下简称
 * 自治区北部湾办)编制 — or null. The full name is the clause's words right before the bracket.
 */
export function definedFullName(folded: string, agency: string): Named | null {
  // By 简称's positions rather than a regex built from the name (compiling one per report costs more than the search).
  for (let k = folded.indexOf('简称'); k !== -1; k = folded.indexOf('简称', k + 2)) {
    const after = folded.slice(k + 2, k + 2 + agency.length + 12).match(/^\s*[:：]?\s*[“"《]?/)![0].length;
    const rest = folded.slice(k + 2 + after, k + 2 + after + agency.length + 4);
    if (!rest.startsWith(agency) || !/^[”"》]?\s*[)）]/.test(rest.slice(agency.length))) continue;
    const open = folded.slice(Math.max(0, k - 4), k).match(/[(（]\s*(?:以下)?$/);
    if (!open) continue;
    const at = k - open[0].length;
    const clause = folded.slice(Math.max(0, at - 60), at).split(/[,，。;；:：、\s“”"《》()（）]/).pop() ?? '';
    const full = clause.replace(LEAD_VERB, '');
    if (full.length > agency.length && full.length <= 40 && /^[\u4e00-\u9fa5]+$/.test(full) && ENDS_AS_BODY.test(full)) {
      return { agency: full, offset: at - full.length };
    }
  }
  return null;
}

/** Character ranges of postal addresses (地址:…), whose places locate a building and do not name the body. */
function addressRanges(folded: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of folded.matchAll(/地址\s*[:：]?[^,，;；。)）\n]*/g)) out.push([m.index!, m.index! + m[0].length]);
  return out;
}

// A government's name after its place (政府 of 政府信息公开 is the subject's, not a name's).
const GOV_AFTER = /^(?:人民政府|街道办事处|办事处|政府(?!信息))/;
const GOV_REST = /^(?:|人民政府|政府|办事处|街道办事处)$/;

/**
 * The longest form the text prints of the government `agency` names (a township or a county/city/province's own
 * government): places written right before it, then 人民政府 / 政府 / 办事处 — 沈村镇 → 沈村镇人民政府 (请与沈村镇人民政府联系),
 * 北坡镇 → 遂溪县北坡镇人民政府 (通过"遂溪县北坡镇人民政府"微信公众号). A form is taken only when it holds `agency` whole
 * and ends in the government's word; mentions inside a postal address are skipped. Null when nothing longer is printed.
 */
export function fullestGovernmentName(folded: string, agency: string): Named | null {
  const split = splitAgencyOnce(agency);
  if (!GOV_REST.test(split.rest)) return null;
  const level = levelOf(agency);
  if (level !== 'township' && level !== 'county' && level !== 'city' && level !== 'province') return null;
  const inner = split.township ?? split.places[split.places.length - 1]?.name;
  if (!inner) return null;
  const addresses = addressRanges(folded);
  let best: Named | null = null;
  for (let i = folded.indexOf(inner); i !== -1; i = folded.indexOf(inner, i + inner.length)) {
    if (addresses.some(([a, b]) => i >= a && i < b)) continue;
    let before = placesBefore(folded, i).join('');
    // A street office's legal name puts its district's government first (南京市鼓楼区人民政府华侨路街道办事处); only
    // directly before the township and only after places the tables know.
    if (!before && split.township && folded.slice(i - 4, i) === '人民政府') {
      const chain = placesBefore(folded, i - 4);
      if (chain.length) before = chain.join('') + '人民政府';
    }
    const gov = folded.slice(i + inner.length, i + inner.length + 6).match(GOV_AFTER)?.[0];
    if (!gov) continue;
    const form = before + inner + gov;
    if (form.length <= agency.length || !form.includes(agency)) continue;
    if (!best || form.length > best.agency.length) best = { agency: form, offset: i - before.length };
  }
  return best;
}

/**
 * A street office's or township's legal name, X区人民政府Y街道办事处, whose X is no place the region tables know (a
 * page where injected text stands in for the district: 新葡京博彩官网区人民政府北京街道办事处): only Y街道办事处 is
 * trusted. A name whose places are all known is returned as it is.
 */
export function withoutUnknownPlace(agency: string): string {
  const m = agency.match(/^(.+?)(?:人民政府|政府)(.{2,}(?:街道办事处|办事处|人民政府|政府|街道|乡|镇|苏木))$/);
  if (!m || levelOf(m[2]!) !== 'township') return agency;
  const head = splitAgencyOnce(m[1]!);
  const allKnown = head.rest === '' && head.places.length > 0 && head.places.every((p) => p.known || lookupPlace(p.name));
  return allKnown ? agency : m[2]!;
}

/** The kinds of body the text calls itself (我镇 → 镇, 本局 → 局, 我街/本街道 → 街道); empty when it never does. */
export function selfKinds(folded: string): Set<string> {
  const out = new Set<string>();
  for (const m of folded.matchAll(/[我本](街道|苏木|镇|乡|街|局|委|办|厅|县|市|区|旗)/g)) out.add(m[1] === '街' ? '街道' : m[1]!);
  return out;
}

/** The kind of body a name is (镇, 乡, 街道, 苏木, 县, 市, 局 …), in the terms of selfKinds. */
export function kindOf(agency: string): string | null {
  const split = splitAgencyOnce(agency);
  if (split.township) return split.township.match(/(街道|苏木|乡|镇)$/)?.[1] ?? null;
  if (GOV_REST.test(split.rest)) return split.places[split.places.length - 1]?.name.slice(-1) ?? null;
  return split.rest.match(/(局|委|办|厅)/g)?.pop() ?? null;
}

/** True when the text never calls itself anything, or calls itself the kind of body `agency` is. */
export function agreesWithSelf(folded: string, agency: string): boolean {
  const self = selfKinds(folded);
  if (!self.size) return true;
  const k = kindOf(agency);
  return k !== null && self.has(k);
}
