/**
 * Parent places of an agency: those in its name, those written right before it in the text, and a
 * county/city the text ties to a township (conservatively).
 */
import { lookupPlace, placeLengthsEndingAt, regionIndex } from '../region.ts';

const RANK: Record<string, number> = { province: 0, city: 1, zone: 1, county: 2 };

/** Known places written immediately before `pos` in `text` (新乡市封丘县|赵岗镇 → 新乡市, 封丘县). */
export function placesBefore(text: string, pos: number): string[] {
  const idx = regionIndex();
  const out: string[] = [];
  let end = pos;
  for (;;) {
    let hit: string | null = null;
    // Longest first, as trying every length from maxPlaceLen down to 2 would; lengths no place name
    // ending in this character has cannot hit.
    const top = Math.min(idx.maxPlaceLen, end);
    for (const len of placeLengthsEndingAt(text, end)) {
      if (len > top || len < 2) continue;
      const s = text.slice(end - len, end);
      if (lookupPlace(s)) { hit = s; break; }
    }
    if (!hit) return out;
    out.unshift(hit);
    end -= hit.length;
  }
}

// A county/city the agency answers to: 按照定安县…, 定安县委…, 定安县人民政府…, 定安县政务公开….
const RELATION_BEFORE = /(?:按照|根据|遵照|依照|依据|落实|在)$/;
const RELATION_AFTER = /^(?:委|党委|人民政府|政府|政务公开|政务服务|门户网站)/;

const [SUFFIX_XIAN, SUFFIX_SHI, SUFFIX_QU, SUFFIX_QI, SUFFIX_ZHOU, SUFFIX_MENG] = [...'县市区旗州盟'].map((ch) => ch.charCodeAt(0));

/** County/city names the text ties to the agency. Conservative: only when exactly one name of a kind is found. */
export function relatedPlaces(text: string): string[] {
  const idx = regionIndex();
  const found: Record<'city' | 'county', Set<string>> = { city: new Set(), county: new Set() };
  for (let i = 0; i < text.length; i++) {
    // By code unit: text[i] would make a string per character of the report.
    const c = text.charCodeAt(i);
    if (c !== SUFFIX_XIAN && c !== SUFFIX_SHI && c !== SUFFIX_QU && c !== SUFFIX_QI && c !== SUFFIX_ZHOU && c !== SUFFIX_MENG) continue;
    const top = Math.min(idx.maxPlaceLen, i + 1);
    for (const len of placeLengthsEndingAt(text, i + 1)) {
      if (len > top || len < 2) continue;
      const name = text.slice(i + 1 - len, i + 1);
      const p = lookupPlace(name);
      if (!p || (p.kind !== 'county' && p.kind !== 'city')) continue;
      const before = text.slice(Math.max(0, i + 1 - len - 2), i + 1 - len);
      const after = text.slice(i + 1, i + 6);
      if (RELATION_BEFORE.test(before) || RELATION_AFTER.test(after)) found[p.kind].add(name);
      break;
    }
  }
  const out: string[] = [];
  if (found.city.size === 1) out.push(...found.city);
  if (found.county.size === 1) out.push(...found.county);
  return out;
}

/**
 * The known places of one kind of suffix (县, 市, 区, 旗) the text names, each once: the place a body printed
 * without it (县乡村振兴局, 市农业农村局) belongs to, when the page names exactly one.
 */
export function placesEndingIn(text: string, suffix: string): string[] {
  const idx = regionIndex();
  const found = new Set<string>();
  for (let i = text.indexOf(suffix); i !== -1; i = text.indexOf(suffix, i + 1)) {
    const top = Math.min(idx.maxPlaceLen, i + 1);
    for (const len of placeLengthsEndingAt(text, i + 1)) {
      if (len > top || len < 2) continue;
      const name = text.slice(i + 1 - len, i + 1);
      if (lookupPlace(name)) { found.add(name); break; }
    }
  }
  return [...found];
}

export function sortParents(names: string[]): string[] {
  const uniq = [...new Set(names)];
  const rank = (n: string) => {
    const p = lookupPlace(n);
    if (p) return RANK[p.kind] ?? 2;
    return /(?:省|自治区)$/.test(n) ? 0 : /(?:自治州|盟|市)$/.test(n) ? 1 : 2;
  };
  return uniq.map((n, i) => ({ n, i, r: rank(n) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.n);
}
