/**
 * Fuzz case families (fast-check arbitraries), shared by the bounded run in `npm test`
 * (fuzz.test.ts) and the long run (`npm run fuzz`, run.ts):
 *
 *   bytes      arbitrary bytes
 *   string     arbitrary strings (any UTF-16 unit, lone surrogates included), UTF-8 encoded
 *   vocab      strings made of the templates' own labels, digits, tabs, newlines, spaces, full-width forms
 *   mutation   a real report (data/reports, tests/fixtures/layouts, tests/fixtures/html) or a SYNTHETIC
 *              rendering (generated here, never written to data/) with 1–4 mutations (mutate.ts)
 *   narrative  a plain-text report with one narrative-only edit: its table numbers must not change
 *   binary     byte-level damage (flipped bits, cut short, junk inserted) to the real format fixtures
 *              (tests/fixtures/formats, tests/fixtures/pdf: PDF, DOCX, DOC, RTF, MHTML, legacy encodings)
 *   splice     a plain-text report whose table section (二, 三 or 四) is replaced by a vocab string, so
 *              random table text gets past the agency/year gates and into the table readers
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SECTIONS, T2_2019_ROWS, T2_DOC_FIELDS, T2_DOC_KINDS, T2_SINGLE, T3_COLUMNS, T3_ROWS, T4_GROUPS, T4_OUTCOMES } from '../template/vocabulary.ts';
import { randomTables } from '../synthetic/tables.ts';
import { renderHtml, renderText, TEXT_LAYOUTS } from '../synthetic/render.ts';
import { BYTE_OPS, TEXT_OPS, applyByteOp, mutate, narrativeEdit, type Mutation } from './mutate.ts';
import { sectionSpans } from '../extract/sections.ts';
import { normaliseText } from '../text/normalise.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface Base { name: string; text: string; synthetic: boolean }

/** The real fixtures (read once) and a few SYNTHETIC renderings in every text layout and HTML. */
let bases: Base[] | null = null;
export function loadBases(): Base[] {
  if (bases) return bases;
  const out: Base[] = [];
  for (const dir of ['data/reports', 'tests/fixtures/layouts', 'tests/fixtures/html']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) {
      if (!/\.(txt|html?)$/.test(f)) continue;
      out.push({ name: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8'), synthetic: false });
    }
  }
  for (const [i, layout] of TEXT_LAYOUTS.entries()) {
    const seed = 8000 + i;
    out.push({ name: `synthetic:${layout}:${seed}`, text: renderText(randomTables(seed, { blanks: layout === 'tab' }), layout), synthetic: true });
  }
  out.push({ name: 'synthetic:html:8100', text: renderHtml(randomTables(8100, { blanks: true })), synthetic: true });
  bases = out;
  return out;
}

export function baseByName(name: string): Base {
  const b = loadBases().find((x) => x.name === name);
  if (!b) throw new Error(`fuzz base ${name} not found`);
  return b;
}

/** What a case is, as plain data (saved beside a reproducer). */
export type CaseSpec =
  | { kind: 'bytes' | 'string' | 'vocab'; note?: string }
  | { kind: 'mutation'; base: string; muts: Mutation[] }
  | { kind: 'narrative'; base: string; muts: Mutation[] }
  | { kind: 'splice'; base: string; section: 's2' | 's3' | 's4'; body: string }
  | { kind: 'binary'; base: string; muts: Mutation[] };

export interface FuzzCase { spec: CaseSpec; name: string; bytes: Uint8Array }

const enc = new TextEncoder();

/** Template vocabulary fragments (from vocabulary.ts), with the numbering and units printed around them. */
export const FRAGMENTS: string[] = [
  ...T3_ROWS.map((r) => r.zh), ...T3_COLUMNS.map((c) => c.zh), '申请人情况', '法人或其他组织',
  ...T2_DOC_KINDS.map((d) => d.zh), ...T2_SINGLE.map((s) => s.zh), ...T2_DOC_FIELDS.flatMap((f) => [f.zh, f.zh2019 ?? '']).filter(Boolean),
  '规范性文件', '其他对外管理服务事项', '政府集中采购', '上一年项目数量', '本年增/减', '处理决定数量', '采购项目数量', '采购总金额', '本年处理决定数量', '本年收费金额（单位：万元）', '信息内容', '第二十条第（一）项', '第二十条第（五）项',
  ...T2_2019_ROWS.map((r) => r.code),
  ...T4_GROUPS.map((g) => g.zh), ...T4_OUTCOMES.map((o) => o.zh), '行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉',
  ...SECTIONS.map((s) => `${s.num}、${s.zh}`), ...SECTIONS.map((s) => s.zh),
  '三、本年度办理结果', '（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理', '（一）', '（二）', '1.', '2、', '一、',
  '万元', '元', '个', '件', '+', '-', '.', '（', '）', '"', '，', '。',
  '某某镇人民政府', '平潭综合实验区旅游与文化体育局', '2019年', '2023年', '2024年1月15日', '政府信息公开工作年度报告', '合成测试报告',
];

const DIGITS = fc.oneof(
  fc.nat({ max: 9 }).map(String),
  fc.nat({ max: 99999 }).map(String),
  fc.stringMatching(/^\d{1,30}$/), // flattened runs
  fc.constantFrom('0', '00', '000000', '0.5', '12.50', '-3', '+12', '１２', '０', '٣', '1e5', '0x1F', '1,234', '９９９'),
);
const SEPS = fc.constantFrom('\t', '\n', ' ', '  ', '   ', '\u3000', '\r\n', '\r', '\t\t', '\n\n', '\u00a0', '\f', '\u200b');
const FULLWIDTH = fc.string({ unit: fc.integer({ min: 0xff01, max: 0xff5e }).map((c) => String.fromCharCode(c)), maxLength: 6 });

export const bytesArb = fc.uint8Array({ maxLength: 4096 });
export const stringArb = fc.string({ unit: 'binary', maxLength: 2000 });
export const vocabArb = fc.tuple(
  fc.boolean(),
  fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 4, arbitrary: DIGITS }, { weight: 4, arbitrary: SEPS }, { weight: 1, arbitrary: FULLWIDTH }), { maxLength: 400 }),
).map(([titled, parts]) => (titled ? '某某镇人民政府2023年政府信息公开工作年度报告\n' : '') + parts.join(''));

const FRACTION = fc.integer({ min: 0, max: 999_999 }).map((x) => x / 1_000_000);

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom(...TEXT_OPS, ...BYTE_OPS),
  // Uniform fractions (fc.double favours tiny values, which would pin every edit to the start).
  at: FRACTION,
  arg: FRACTION,
});

export function baseNames(filter: (b: Base) => boolean = () => true): string[] {
  return loadBases().filter(filter).map((b) => b.name);
}

export const mutationCaseArb = (names = baseNames()) => fc.record({ base: fc.constantFrom(...names), muts: fc.array(mutationArb, { minLength: 1, maxLength: 4 }) });
export const narrativeCaseArb = (names = baseNames((b) => !/html/.test(b.name))) =>
  fc.record({ base: fc.constantFrom(...names), muts: fc.array(mutationArb.map((m) => ({ ...m, op: 'narrative' as const })), { minLength: 1, maxLength: 3 }) });

/** Real files in every container format, as bytes (read once). */
let binaries: Map<string, Uint8Array> | null = null;
export function binaryBases(): Map<string, Uint8Array> {
  if (binaries) return binaries;
  binaries = new Map();
  for (const dir of ['tests/fixtures/formats', 'tests/fixtures/pdf']) {
    for (const f of readdirSync(join(ROOT, dir)).sort()) {
      if (/\.(sh|ts|md)$/.test(f)) continue;
      binaries.set(`${dir}/${f}`, new Uint8Array(readFileSync(join(ROOT, dir, f))));
    }
  }
  return binaries;
}
const BINARY_OPS = ['flip_byte', 'truncate_bytes', 'insert_bytes'] as const;
export const binaryCaseArb = () => fc.record({
  base: fc.constantFrom(...binaryBases().keys()),
  muts: fc.array(fc.record({ op: fc.constantFrom(...BINARY_OPS), at: FRACTION, arg: FRACTION }), { minLength: 1, maxLength: 6 }),
});

export const spliceCaseArb = (names = baseNames((b) => !/html/.test(b.name))) =>
  fc.record({ base: fc.constantFrom(...names), section: fc.constantFrom('s2' as const, 's3' as const, 's4' as const), body: vocabArb });

/** The base text with one section's body replaced (unchanged when the section is not found). */
export function spliceText(base: Base, section: string, body: string): string {
  if (/\r/.test(base.text)) return base.text;
  const sp = sectionSpans(normaliseText(base.text)).find((x) => x.code === section);
  return sp ? base.text.slice(0, sp.bodyStart) + '\n' + body + '\n' + base.text.slice(sp.end) : base.text;
}

/** Apply a narrative-only edit list (each may be a no-op when the report has no prose to edit). */
export function narrativeText(base: Base, muts: Mutation[]): string {
  let t = base.text;
  for (const m of muts) t = narrativeEdit(t, m) ?? t;
  return t;
}

/** A case's bytes from its spec (the replay of a saved reproducer uses the .bin instead). */
export function buildCase(spec: CaseSpec, raw?: Uint8Array | string): FuzzCase {
  switch (spec.kind) {
    case 'bytes': return { spec, name: 'fuzz-bytes.bin', bytes: raw as Uint8Array };
    case 'string': return { spec, name: 'fuzz-string.txt', bytes: enc.encode(raw as string) };
    case 'vocab': return { spec, name: 'fuzz-vocab.txt', bytes: enc.encode(raw as string) };
    case 'mutation': { const b = baseByName(spec.base); return { spec, name: fileNameOf(b), bytes: mutate(b.text, spec.muts) }; }
    case 'narrative': { const b = baseByName(spec.base); return { spec, name: fileNameOf(b), bytes: enc.encode(narrativeText(b, spec.muts)) }; }
    case 'binary': {
      let bytes = binaryBases().get(spec.base);
      if (!bytes) throw new Error(`fuzz base ${spec.base} not found`);
      for (const m of spec.muts) bytes = applyByteOp(bytes, '', m);
      return { spec, name: spec.base.split('/').pop()!, bytes };
    }
    case 'splice': { const b = baseByName(spec.base); return { spec, name: fileNameOf(b), bytes: enc.encode(spliceText(b, spec.section, spec.body)) }; }
  }
}

function fileNameOf(b: Base): string {
  if (b.synthetic) return `${b.name.replace(/[:]/g, '_')}.${b.name.includes(':html:') ? 'html' : 'txt'}`;
  return b.name.split('/').pop()!;
}
