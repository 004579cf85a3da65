/**
 * A SYNTHETIC corpus for benchmarks and tests only, written to a folder the caller gives (a temp dir) —
 * never into data/. Every file says it is synthetic: in its title (合成测试报告 synthetic) and on a line of
 * its own under the title (SYNTHETIC_LABEL).
 *
 * Report i is a pure function of (seed, i), so a corpus can be written in pieces (writeSyntheticCorpus's
 * `from`) and any report regenerated alone:
 * - agencies: report i belongs to agency ⌊i / 6⌋ and covers year 2019 + i mod 6 (2019 template for 2019–2020,
 *   2021 template after), so each agency has a run of consecutive years; its tables carry last year's
 *   结转 and 现行有效 on (cross-year checks mostly pass). Agencies are distinct names (合成<counter>镇人民政府,
 *   合成<counter>县财政局 …) of four levels: township, county, city, department;
 * - layout: each agency mostly publishes in one layout (every text layout of render.ts, or Word HTML), a
 *   flattened text always inside a scraper's page dump, other text layouts sometimes;
 * - prose: sections 一、五、六 from prose.ts's combinatorial pool, so unrelated reports are not near-duplicates;
 *   a share `copyRate` of reports (default 5 %) copy an earlier report's prose of another agency, with the
 *   agency name swapped, their own figures, and ~10 % of sentences their own (copySource tells which).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LevelCode, TemplateId } from '../template/vocabulary.ts';
import { copiedPlan, fillProse, prosePlan, type ProsePlan } from './prose.ts';
import { type Prose, renderHtml, renderText, TEXT_LAYOUTS, type TextLayout } from './render.ts';
import { randomTables, streamRng, type SyntheticTables } from './tables.ts';

export const SYNTHETIC_LABEL = '【合成数据 SYNTHETIC：随机生成的测试与基准数据，并非真实报告 — generated for tests and benchmarks, not a real report】';

export type CorpusLayout = TextLayout | 'html';
export const CORPUS_LAYOUTS: CorpusLayout[] = [...TEXT_LAYOUTS, 'html'];
export const FIRST_YEAR = 2019;
/** Reports (years) per agency. */
export const YEARS_PER_AGENCY = 6;

export interface CorpusOptions {
  seed?: number;
  /** Share of reports whose prose is copied from another agency's report (0–1). Default 0.05. */
  copyRate?: number;
  /** Layouts agencies publish in. Default CORPUS_LAYOUTS. */
  layouts?: CorpusLayout[];
}

export interface SyntheticReport {
  index: number;
  /** File name: synthetic_<index>.txt or .html. */
  file: string;
  agency: string;
  level: LevelCode;
  year: number;
  layout: CorpusLayout;
  /** Text layouts: wrapped in a scraper's page dump. */
  dump: boolean;
  tables: SyntheticTables;
  /** The report whose prose this one copies, or null. */
  copyOf: number | null;
}

const DEFAULT_SEED = 1;
const SALT = { agency: 1, tables: 2, prose: 3, copy: 4, layout: 5 };
const opt = (o: CorpusOptions) => ({ seed: o.seed ?? DEFAULT_SEED, copyRate: o.copyRate ?? 0.05, layouts: o.layouts ?? CORPUS_LAYOUTS });

// ---------------------------------------------------------------- agencies

const DIGITS = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const DEPARTMENTS = ['财政局', '自然资源局', '生态环境局', '卫生健康委员会', '人力资源和社会保障局', '市场监督管理局', '交通运输局', '农业农村局', '教育局', '民政局', '住房和城乡建设局', '应急管理局', '水利局', '司法局', '统计局', '医疗保障局', '退役军人事务局', '文化和旅游局'];

export interface SyntheticAgency { name: string; level: LevelCode; layout: CorpusLayout }

/** Agency g: a distinct name (its counter in 甲…癸 digits) and a level. */
export function syntheticAgency(g: number, opts: CorpusOptions = {}): SyntheticAgency {
  const o = opt(opts);
  const r = streamRng(o.seed, g, SALT.agency);
  const id = String(g).split('').map((d) => DIGITS[Number(d)]).join('');
  const x = r();
  const layout = o.layouts[Math.floor(r() * o.layouts.length)]!;
  if (x < 0.45) return { name: `合成${id}镇人民政府`, level: 'township', layout };
  if (x < 0.5) return { name: `合成${id}乡人民政府`, level: 'township', layout };
  if (x < 0.55) return { name: `合成${id}街道办事处`, level: 'township', layout };
  if (x < 0.65) return { name: `合成${id}县人民政府`, level: 'county', layout };
  if (x < 0.7) return { name: `合成${id}市人民政府`, level: 'city', layout };
  return { name: `合成${id}${r() < 0.7 ? '县' : '市'}${DEPARTMENTS[Math.floor(r() * DEPARTMENTS.length)]}`, level: 'department', layout };
}

// ---------------------------------------------------------------- reports

const templateOf = (year: number): TemplateId => (year >= 2021 ? '2021' : '2019');

function tablesAt(i: number, seed: number, level: LevelCode, prev?: { index: number; tables: SyntheticTables }): SyntheticTables {
  const k = i % YEARS_PER_AGENCY;
  const before = k === 0 ? undefined : prev?.index === i - 1 ? prev.tables : tablesAt(i - 1, seed, level);
  // only provincial and 设区的市 governments make 规章
  const regulations = level === 'city' || level === 'province';
  return randomTables(streamRng(seed, i, SALT.tables), { profile: 'typical', template: templateOf(FIRST_YEAR + k), prev: before, regulations });
}

function isCopy(i: number, o: ReturnType<typeof opt>): boolean {
  return i >= YEARS_PER_AGENCY && streamRng(o.seed, i, SALT.copy)() < o.copyRate;
}

/** The earlier report (of another agency, itself not a copy) whose prose report i copies, or null. */
export function copySource(i: number, opts: CorpusOptions = {}): number | null {
  const o = opt(opts);
  if (!isCopy(i, o)) return null;
  const r = streamRng(o.seed, i, SALT.copy);
  r();
  const earlier = Math.floor(i / YEARS_PER_AGENCY) * YEARS_PER_AGENCY; // every report of the agencies before this one
  for (let t = 0; t < 16; t++) {
    const j = Math.floor(r() * earlier);
    if (!isCopy(j, o)) return j;
  }
  return null;
}

/** Report i of the corpus (tables and metadata; the prose is made when rendered: reportProse). */
export function syntheticReport(i: number, opts: CorpusOptions = {}, prev?: SyntheticReport): SyntheticReport {
  const o = opt(opts);
  const agency = syntheticAgency(Math.floor(i / YEARS_PER_AGENCY), o);
  const r = streamRng(o.seed, i, SALT.layout);
  const layout = r() < 0.85 ? agency.layout : o.layouts[Math.floor(r() * o.layouts.length)]!;
  const dump = layout !== 'html' && (layout === 'flattened' || r() < 0.2);
  return {
    index: i,
    file: `synthetic_${String(i).padStart(6, '0')}.${layout === 'html' ? 'html' : 'txt'}`,
    agency: agency.name, level: agency.level, year: FIRST_YEAR + (i % YEARS_PER_AGENCY), layout, dump,
    tables: tablesAt(i, o.seed, agency.level, prev ? { index: prev.index, tables: prev.tables } : undefined),
    copyOf: copySource(i, o),
  };
}

const planOf = (i: number, seed: number): ProsePlan => prosePlan(streamRng(seed, i, SALT.prose));

/** Sections 一、五、六 of the report: its own plan, or (a copy) its source's plan filled with its own name and figures. */
export function reportProse(rep: SyntheticReport, opts: CorpusOptions = {}): Prose {
  const o = opt(opts);
  const own = planOf(rep.index, o.seed);
  const plan = rep.copyOf === null ? own : copiedPlan(planOf(rep.copyOf, o.seed), own, streamRng(o.seed, rep.index, SALT.copy + 100));
  return fillProse(plan, { agency: rep.agency, year: rep.year, level: rep.level, tables: rep.tables });
}

/** The report's file contents. */
export function renderReport(rep: SyntheticReport, opts: CorpusOptions = {}): string {
  const base = { agency: rep.agency, year: rep.year, prose: reportProse(rep, opts), label: SYNTHETIC_LABEL };
  if (rep.layout === 'html') return renderHtml(rep.tables, base);
  const day = 10 + ((rep.index * 7) % 18);
  const dump = rep.dump ? { published: `${rep.year + 1}-01-${day} 10:00`, url: `https://example.invalid/synthetic/${rep.index}.html` } : undefined;
  return renderText(rep.tables, rep.layout, { ...base, dump });
}

/** Reports [from, from + n), in order (each reuses the one before for its agency's last-year tables). */
export function* syntheticReports(n: number, opts: CorpusOptions & { from?: number } = {}): Generator<SyntheticReport> {
  let prev: SyntheticReport | undefined;
  const from = opts.from ?? 0;
  for (let i = from; i < from + n; i++) yield (prev = syntheticReport(i, opts, prev));
}

/** Write reports [from, from + n) into dir as synthetic_<i>.txt / .html; returns bytes written. */
export async function writeSyntheticCorpus(dir: string, n: number, opts: CorpusOptions & { from?: number } = {}): Promise<number> {
  await mkdir(dir, { recursive: true });
  let bytes = 0;
  for (const rep of syntheticReports(n, opts)) {
    const text = renderReport(rep, opts);
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, rep.file), text);
  }
  return bytes;
}
