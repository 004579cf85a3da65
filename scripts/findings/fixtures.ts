/**
 * Test/bench fixtures: a FindingInput for a bundled report built from its text and its hand-checked expected record
 * (tests/fixtures/expected/), so the findings' tests rest on hand-checked values, not on the extractor. Only the fields the findings
 * read are filled, the way the extractor fills them: sections split at the template headings, level from the
 * agency's suffix, parents/region from the gazetteer, and a provenance span for each table-三 row (the printed
 * label and the digit run after it).
 */
import { t3Path } from '../template/cell-path.ts';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { ReportRecord, Section, Provenance } from '../template/record.ts';
import { SECTIONS, T3_ROWS, T3_WIDTH } from '../template/vocabulary.ts';
import { lookup, parentNames } from './gazetteer.ts';
import { lineStarts, toLineCol } from './text.ts';
import { TOTAL_COL } from './tables.ts';
import { rng } from '../synthetic/tables.ts';
import type { FindingInput } from './types.ts';
import { normaliseText } from '../text/normalise.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Names of the bundled text reports that have an expected record. */
export const FIXTURES = [
  '000_fec3dc6b6efa534b', '001_f9e7c90898d0e983', '002_425035603a0bba90', '003_17bc6c5624a3c32d', '004_51f69ccf0222012c',
  'pingtan_001_junshan-pianqu_2022', 'pingtan_002_pingtan-lvyou-wenti-ju_2019', 'pingtan_003_pingtan-shichang-jianguan-ju_2019', 'pingtan_004_pingtan-guoziju_2019',
];

// A heading number (一、 … 六、, or 6、) and up to 8 characters before the template words (四、政府信息公开行政复议…).
const HEADING_NUM = '[一二三四五六七八九1-9][、.．]\\s*[^\\n。、，]{0,8}?';

/** Sections at the template headings (一、总体情况 … 六、其他需要报告的事项), each up to the next heading. */
export function splitSections(text: string): Section[] {
  const starts = lineStarts(text);
  const found: Array<{ code: Section['code']; title: string; at: number; body: number }> = [];
  let from = 0;
  for (const s of SECTIONS) {
    const re = new RegExp(HEADING_NUM + '(' + s.match.source + '[^\\n。]{0,12}?(情况|事项)?)', 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) continue;
    const at = m.index + m[0].length - m[1]!.length;
    found.push({ code: s.code, title: m[1]!, at, body: m.index + m[0].length });
    from = m.index + m[0].length;
  }
  return found.map((f, i) => {
    const end = i + 1 < found.length ? found[i + 1]!.at - (text.slice(0, found[i + 1]!.at).match(/[一二三四五六七八九1-9][、.．]\s*$/)?.[0].length ?? 0) : text.length;
    return { code: f.code, title: f.title, text: text.slice(f.body, end).trim(), line: toLineCol(starts, f.at).line };
  });
}

function regionFor(agency: string, text: string): Pick<ReportRecord, 'parents' | 'region'> {
  const name = agency.replace(/人民政府$/, '');
  const none = { parents: [], region: { code: null, name: null, province: null, city: null, county: null, township: null, candidates: [], ambiguous: false, basis: 'none' } };
  // The longest tail of the name that is a township (封丘县赵岗镇 → 赵岗镇).
  let towns: ReturnType<typeof lookup> = [];
  for (let k = 0; k < name.length - 1 && towns.length === 0; k++) towns = lookup(name.slice(k)).filter((p) => p.kind === 'township');
  if (towns.length === 0) return none;
  // Several townships share a name: keep the ones whose county the report names (title, signature, prose).
  if (towns.length > 1) towns = towns.filter((p) => parentNames(p).some((n) => /[县区市旗]$/.test(n) && text.includes(n)));
  if (towns.length !== 1) return none;
  const t = towns[0]!;
  const parents = parentNames(t);
  const [province, city, county] = [parents[0] ?? null, parents.length > 2 ? parents[1]! : null, parents[parents.length - 1] ?? null];
  return {
    parents: parents.filter((p) => text.includes(p)),
    region: { code: t.code, name: parents.join('') + t.name, province, city, county, township: t.name, candidates: [], ambiguous: false, basis: 'gazetteer (test helper)' },
  };
}

/** Provenance for each table-三 row's cells: the digit run after the printed label (or the label itself). */
function t3Provenance(text: string, sections: Section[]): Record<string, Provenance> {
  const out: Record<string, Provenance> = {};
  const starts = lineStarts(text);
  const s3 = sections.find((s) => s.code === 's3');
  let from = s3 ? starts[s3.line]! : 0;
  for (const row of T3_ROWS) {
    const label = row.zh.replace(/^[（(][一二三四五六七][)）]|^[一二三四]、|^\d\./, '').replace(/（.*）$/, '').replace(/"/g, '“').slice(0, 8);
    const i = text.indexOf(label, from);
    if (i < 0) continue;
    // the run of digits after the label, without the next item's number (…25|2.没有现成…)
    const after = /^[^\d\n]{0,40}?((?:\s*\d)+?)(?=\d[.．]|[^\d\s]|$)/.exec(text.slice(i + label.length));
    let s = i, e = i + label.length;
    if (after && !after[1]!.includes('\n')) { s = i + label.length + after[0].length - after[1]!.length; e = i + label.length + after[0].length; }
    const lc = toLineCol(starts, s);
    const raw = text.slice(s, e);
    for (let c = 0; c < T3_WIDTH; c++) out[t3Path(row.code, c)] = { line: lc.line, start: lc.col, end: lc.col + raw.length, raw };
    from = i + label.length;
  }
  return out;
}

/** The expected record's ambiguity notes ({"label (cell, cell…)": {txt_run, candidates}}) in the record's shape. */
function ambiguityOf(exp: { ambiguity?: Record<string, { txt_run?: string; candidates?: string[][] }> }): ReportRecord['ambiguity'] {
  return Object.entries(exp.ambiguity ?? {}).flatMap(([k, v]) => {
    const cells = /\(([^)]*)\)/.exec(k)?.[1]?.split(/,\s*/) ?? [];
    if (!v.txt_run || !v.candidates || cells.length === 0) return [];
    const num = (x: string) => (/^[+-]?\d+(\.\d+)?$/.test(x) ? Number(x) : null);
    return [{ run: v.txt_run.replace(/^[^\d+-]+/, ''), cells, candidates: v.candidates.map((c) => c.map(num)) }];
  });
}

export function fixtureInput(name: string): FindingInput {
  const bytes = readFileSync(join(ROOT, 'data/reports', `${name}.txt`));
  const text = normaliseText(bytes.toString('utf8').replace(/^\uFEFF/, '')); // as the extractor reads it
  const exp = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/expected', `${name}.expected.json`), 'utf8'));
  const sections = splitSections(text);
  const agency: string = exp.agency;
  const level = /(乡|镇|街道)(人民政府)?$/.test(agency) ? 'township' : /(局|委|办|中心)$/.test(agency) ? 'department' : 'unknown';
  const record: ReportRecord = {
    agency, year: exp.year, template: exp.template, t2: exp.t2, t2_extra: exp.t2_extra, t3: exp.t3, t4: exp.t4,
    level, ...regionFor(agency, text), published: null, phone: null,
    t3_other_single_row: 'other_total' in exp.t3, sections, checks: [], ambiguous: exp.ambiguous ?? [], ambiguity: ambiguityOf(exp),
    provenance: t3Provenance(text, sections), layout: 'test-helper', warnings: [],
  };
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 16), record, text };
}

export function allFixtures(): FindingInput[] {
  return FIXTURES.map(fixtureInput);
}

/**
 * A copy of a real report's record with its prose replaced by `prose` (one s1 section) and its tables patched —
 * for precision tests of single sentences. Tables stay the real report's unless `patch` changes them.
 */
export function withProse(base: FindingInput, prose: string, patch: (r: ReportRecord) => void = () => {}): FindingInput {
  const record: ReportRecord = structuredClone(base.record);
  prose = normaliseText(prose);
  const text = `一、总体情况\n${prose}\n`;
  record.sections = [{ code: 's1', title: '总体情况', text: prose, line: 1 }];
  record.provenance = {};
  patch(record);
  return { id: base.id, record, text };
}

/** SYNTHETIC (test only): a real report re-badged as another agency, with one sentence changed — a copied report. */
export function rebadged(x: FindingInput, agency: string, id: string): FindingInput {
  const own = (x.record.agency ?? '').replace(/人民政府$/, '');
  const text = x.text.split(own).join(agency).replace('高度重视信息公开工作', '始终把信息公开摆在重要位置');
  const record = structuredClone(x.record);
  record.agency = agency;
  record.region = { ...record.region, code: null, township: agency, candidates: [] };
  record.sections = splitSections(text);
  return { id, record, text };
}

/** SYNTHETIC peers (test only): copies of a real record (`base`) with table 四 set to the given review outcomes. */
export function peers(rates: Array<[number, number]>, level: ReportRecord['level'] = 'county', base: FindingInput = fixtureInput('000_fec3dc6b6efa534b'), prefix = 'synthetic'): FindingInput[] {
  return rates.map(([corrected, total], i) => {
    const record = structuredClone(base.record);
    record.level = level;
    record.agency = `合成机关${i}`;
    record.t4 = [total - corrected, corrected, 0, 0, total, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    return { id: `${prefix}${String(i).padStart(16 - prefix.length, '0')}`, record, text: base.text };
  });
}

/**
 * SYNTHETIC corpus (test/bench only, built in memory): the bundled reports plus two re-badged copies
 * (段村乡 → 某某镇, 雷鸣镇 → 某某街道), nine county reports whose 纠正率 are about 10% but one 90%, nine
 * departments whose 不予公开 shares are 5–10% but one 90%, and 平潭旅游局 again for 2022 (2020 and 2021 missing).
 * The peers' prose is one short sentence, so they are too short for the copy-paste rule. Two more reports
 * (partlyCopied) share part of 段村乡's prose: one is an LSH candidate of it whose signatures agree in too few
 * bins to verify, the other is verified (loaded) but falls short of the threshold.
 */
export function syntheticCorpus(): FindingInput[] {
  const real = allFixtures();
  const byName = (n: string) => real[FIXTURES.indexOf(n)]!;
  const short = withProse(byName('000_fec3dc6b6efa534b'), '本年度无其他需要报告的事项。');
  const normal: Array<[number, number]> = [[1, 10], [1, 8], [2, 12], [1, 9], [1, 10], [2, 11], [1, 7], [1, 10]];
  const correction = peers([...normal, [9, 10]], 'county', short, 'synCorr');
  const deny = peers([1, 2, 1, 1, 2, 1, 1, 2, 18].map(() => [0, 0] as [number, number]), 'department', short, 'synDeny');
  [1, 2, 1, 1, 2, 1, 1, 2, 18].forEach((k, i) => {
    const r = deny[i]!.record;
    r.agency = `合成部门${i}局`;
    r.year = 2022;
    for (const row of T3_ROWS) if (row.group === 'deny') r.t3[row.code] = new Array<number>(T3_WIDTH).fill(0);
    r.t3.deny_process![TOTAL_COL] = k;
    r.t3.total![TOTAL_COL] = 20;
  });
  const tour = byName('pingtan_002_pingtan-lvyou-wenti-ju_2019');
  return [
    ...real,
    rebadged(byName('000_fec3dc6b6efa534b'), '某某镇', 'synCopy000000000'),
    rebadged(byName('002_425035603a0bba90'), '某某街道', 'synCopy000000001'),
    ...correction, ...deny,
    { ...tour, id: 'synYear000002022', record: { ...tour.record, year: 2022 } },
    partlyCopied(byName('000_fec3dc6b6efa534b'), 0.55, 4, '某甲乡', 'synMix0000000001'),
    partlyCopied(byName('000_fec3dc6b6efa534b'), 0.8, 1, '某乙乡', 'synMix0000000002'),
  ];
}

/**
 * SYNTHETIC (test only): the first `share` of a report's prose followed by 700 random CJK characters (seeded),
 * under another agency's name — a report that copies part of another.
 */
export function partlyCopied(x: FindingInput, share: number, seed: number, agency: string, id: string): FindingInput {
  const prose = (x.record.sections ?? []).filter((s) => ['s1', 's5', 's6'].includes(s.code)).map((s) => s.text).join('');
  const r = rng(seed);
  let filler = '';
  for (let i = 0; i < 700; i++) filler += String.fromCharCode(0x4e00 + Math.floor(r() * 2000));
  const out = withProse(x, `${prose.slice(0, Math.floor(prose.length * share))}。${filler}。`, (rec) => {
    rec.agency = agency;
    rec.region = { ...rec.region, code: null, township: agency, candidates: [] };
  });
  return { ...out, id };
}
