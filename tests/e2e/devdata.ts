/**
 * A stand-in for `npm run build:data` output, used only to develop and benchmark the site before/without
 * the real corpus build, and by the injection test when build:data is unavailable.
 * Writes every DATA-CONTRACT file into a directory the caller chooses (a temp dir — never public/ or data/).
 *
 * Real values come from tests/fixtures/expected/*.expected.json and the bundled texts; provenance spans are
 * located by a simple label search (approximate: dev only). Extra reports are SYNTHETIC: their agency names
 * start with "（合成）" so nobody can mistake them for real reports.
 *
 *   npx tsx tests/e2e/devdata.ts <outDir> [--synthetic N] [--inject]
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { slimRecord } from '../../scripts/template/record-rows.ts';
import { T3_ROWS, T3_COLUMNS, T4_CELLS, T4_GROUPS, SECTIONS, T2_DOC_KINDS, T2_DOC_FIELDS, T2_SINGLE } from '../../scripts/template/vocabulary.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

type Rec = Record<string, any>;

export interface DevReport { record: Rec; text: string; file: string; bytes: Buffer; source_url: string | null }

const SEED_REGIONS: Record<string, Partial<Rec>> = {
  '封丘县赵岗镇': { province: '河南省', city: '新乡市', county: '封丘县', township: '赵岗镇', code: '410727', name: '河南省新乡市封丘县赵岗镇' },
};
const PINGTAN = { province: '福建省', city: '福州市', county: '平潭县', township: null, code: '350128', name: '福建省福州市平潭县' };

function sha(b: Buffer | string) { return createHash('sha256').update(b).digest('hex'); }

/** Find the spans of the numbers printed after a row label (approximate provenance, dev only). */
function locate(lines: string[], match: RegExp[], n: number, fromLine = 0): Array<{ line: number; start: number; end: number; raw: string }> {
  for (let i = fromLine; i < lines.length; i++) {
    const compact = lines[i].replace(/\s+/g, '');
    if (!match.some((m) => m.test(compact))) continue;
    const out: Array<{ line: number; start: number; end: number; raw: string }> = [];
    for (let j = i; j < Math.min(lines.length, i + 40) && out.length < n; j++) {
      const re = /-?\d+(?:\.\d+)?/g;
      let m: RegExpExecArray | null;
      const text = j === i ? lines[j].replace(/^[^\t]*[一二三四五六七八九十]、|^\s*\d\./, (s) => ' '.repeat(s.length)) : lines[j];
      while ((m = re.exec(text)) && out.length < n) out.push({ line: j, start: m.index, end: m.index + m[0].length, raw: lines[j] });
    }
    if (out.length === n) return out;
  }
  return [];
}

function sectionsOf(lines: string[]) {
  const found: Array<{ code: string; title: string; line: number }> = [];
  for (const s of SECTIONS) {
    const i = lines.findIndex((l) => s.match.test(l) && l.trim().length < 40);
    if (i >= 0) found.push({ code: s.code, title: lines[i].trim(), line: i });
  }
  found.sort((a, b) => a.line - b.line);
  return found.map((f, k) => ({ ...f, text: lines.slice(f.line + 1, k + 1 < found.length ? found[k + 1].line : lines.length).join('\n').trim() }));
}

/** Column-balance checks (新收+结转 = 总计+结转下年) and row sums, in the shape of CheckResult. */
export function checksOf(r: Rec) {
  const out: Rec[] = [];
  for (let c = 0; c < 7; c++) {
    const v = (k: string) => r.t3[k]?.[c] ?? null;
    const cells = ['new', 'carried', 'total', 'carry_forward'].map((k) => `t3.${k}[${c}]`);
    const [a, b, t, f] = ['new', 'carried', 'total', 'carry_forward'].map(v);
    if ([a, b, t, f].some((x) => x == null)) {
      out.push({ rule: 't3.column_balance', scope: T3_COLUMNS[c].zh, expected: null, actual: null, status: 'not_applicable', cells, detail: '有空白单元格' });
      continue;
    }
    const ok = a + b === t + f;
    out.push({ rule: 't3.column_balance', scope: T3_COLUMNS[c].zh, expected: a + b, actual: t + f, status: ok ? 'pass' : 'fail', cells,
      detail: `新收 ${a} + 上年结转 ${b} = ${a + b} ${ok ? '=' : '≠'} 总计 ${t} + 结转 ${f} = ${t + f}` });
  }
  for (let g = 0; g < 3; g++) {
    const vals = r.t4.slice(g * 5, g * 5 + 4); const tot = r.t4[g * 5 + 4];
    const cells = [0, 1, 2, 3, 4].map((k) => `t4[${g * 5 + k}]`);
    if (vals.some((x: any) => x == null) || tot == null) { out.push({ rule: 't4.group_sum', scope: T4_GROUPS[g].zh, expected: null, actual: null, status: 'not_applicable', cells, detail: '有空白单元格' }); continue; }
    const s = vals.reduce((a: number, b: number) => a + b, 0);
    out.push({ rule: 't4.group_sum', scope: T4_GROUPS[g].zh, expected: s, actual: tot, status: s === tot ? 'pass' : 'fail', cells,
      detail: `${vals.join(' + ')} = ${s} ${s === tot ? '=' : '≠'} 总计 ${tot}` });
  }
  return out;
}

function provenanceOf(r: Rec, lines: string[]) {
  const prov: Rec = {};
  let from = 0;
  for (const row of T3_ROWS) {
    if (!r.t3[row.code]) continue;
    const spans = locate(lines, row.match, 7, from);
    spans.forEach((s, c) => { prov[`t3.${row.code}[${c}]`] = s; });
    if (spans.length) from = spans[0].line;
  }
  for (const k of T2_SINGLE) { const s = locate(lines, k.match as any, 1); if (s[0]) prov[`t2.${k.code}`] = s[0]; }
  for (const k of T2_DOC_KINDS) { const s = locate(lines, k.match as any, 3); s.forEach((sp, i) => { prov[`t2.${k.code}.${T2_DOC_FIELDS[i].code}`] = sp; }); }
  const t4 = locate(lines, [/行政复议/], 15, lines.findIndex((l) => /复议.{0,3}行政诉讼/.test(l)) + 1);
  t4.forEach((s, i) => { prov[`t4[${i}]`] = s; });
  return prov;
}

export function seedReports(): DevReport[] {
  const dir = join(ROOT, 'tests/fixtures/expected');
  const out: DevReport[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.expected.json')).sort()) {
    const stem = f.replace('.expected.json', '');
    const file = `${stem}.txt`;
    const path = join(ROOT, 'data/reports', file);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    const text = bytes.toString('utf8');
    const exp = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const lines = text.split('\n');
    const pingtan = stem.startsWith('pingtan');
    const reg = pingtan ? PINGTAN : SEED_REGIONS[exp.agency] ?? null;
    const url = pingtan ? (text.match(/原文链接:\s*(\S+)/)?.[1] ?? null) : null;
    const record: Rec = {
      ...exp,
      level: pingtan ? 'department' : 'township',
      parents: reg?.county ? [reg.county] : [],
      region: { code: reg?.code ?? null, name: reg?.name ?? null, province: reg?.province ?? null, city: reg?.city ?? null, county: reg?.county ?? null, township: reg?.township ?? null, candidates: [], ambiguous: false, basis: '开发数据：手工填写' },
      published: pingtan ? (text.match(/发布时间:\s*(\d{4}-\d{2}-\d{2})/)?.[1] ?? null) : null,
      phone: null, t3_other_single_row: !exp.t3.other_overdue_correction,
      sections: sectionsOf(lines).map(({ code, title, text, line }) => ({ code, title, text, line })),
      ambiguous: [], ambiguity: [], warnings: [], layout: pingtan ? 'flattened' : 'cell-per-line',
      provenance: provenanceOf(exp, lines),
    };
    record.checks = checksOf(record);
    out.push({ record, text, file, bytes, source_url: url });
  }
  return out;
}

const PLACES = [
  ['浙江省', '杭州市', '西湖区'], ['浙江省', '宁波市', '鄞州区'], ['广东省', '广州市', '天河区'], ['广东省', '深圳市', '南山区'],
  ['四川省', '成都市', '武侯区'], ['河南省', '郑州市', '中原区'], ['江苏省', '南京市', '玄武区'], ['湖北省', '武汉市', '洪山区'],
];
function rng(seed: number) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32); }

/** Clearly SYNTHETIC reports (agency names start with （合成）): a few agencies over several years. */
export function syntheticReports(n: number, seed = 7): DevReport[] {
  const rand = rng(seed);
  const out: DevReport[] = [];
  for (let i = 0; i < n; i++) {
    const [province, city, county] = PLACES[i % PLACES.length];
    // two agencies per place, one report per year: the same agency appears in several years
    const agencyNo = Math.floor(i / PLACES.length) % 2;
    const year = 2019 + Math.floor(i / (2 * PLACES.length));
    const agency = `（合成）${county}第${agencyNo + 1}街道办事处`;
    const int = (m: number) => Math.floor(rand() * m);
    const t3: Rec = {};
    for (const row of T3_ROWS) {
      if (row.code === 'other_total' || !row.templates.includes('2021')) continue;
      const cols = [0, 1, 2, 3, 4, 5].map(() => (row.group === 'intake' || row.group === 'granted' ? int(20) : int(3)));
      t3[row.code] = [...cols, cols.reduce((a, b) => a + b, 0)];
    }
    // make the totals add up (most of the time), so checks pass; every 7th report is left unbalanced on purpose
    const results = T3_ROWS.filter((r) => r.result && t3[r.code]);
    t3.total = [0, 1, 2, 3, 4, 5, 6].map((c) => results.reduce((a, r) => a + t3[r.code][c], 0));
    t3.carry_forward = [0, 1, 2, 3, 4, 5, 6].map((c) => Math.max(0, t3.new[c] + t3.carried[c] - t3.total[c]));
    t3.new = t3.new.map((v: number, c: number) => v + Math.max(0, t3.total[c] + t3.carry_forward[c] - v - t3.carried[c]));
    if (i % 7 === 3) t3.total[6] += 1;
    if (i % 11 === 5) t3.deny_query = [null, null, null, null, null, null, null];
    const t4 = T4_GROUPS.flatMap(() => { const v = [int(3), int(2), int(2), int(2)]; return [...v, v.reduce((a, b) => a + b, 0)]; });
    const narrative = `（合成数据）${agency}${year}年度持续推进政务公开，依申请公开办理规范。本段文字为合成，仅用于开发与测试。`;
    const record: Rec = {
      agency, year, template: '2021',
      t2: { regulations: { made: null, repealed: null, valid: null }, normative: { made: int(5), repealed: int(2), valid: int(30) }, licensing: int(500), punishment: int(50), coercion: int(5), fees: null },
      t3, t4, level: 'county', parents: [city, county],
      region: { code: null, name: `${province}${city}${county}`, province, city, county, township: null, candidates: [], ambiguous: false, basis: '合成' },
      published: `${year + 1}-01-${String(10 + (i % 18)).padStart(2, '0')}`, phone: null, t3_other_single_row: false,
      sections: SECTIONS.map((s, k) => ({ code: s.code, title: `${s.num}、${s.zh}`, text: k === 0 ? narrative : `（合成）${s.zh}。`, line: k })),
      ambiguous: i % 9 === 2 ? ['t3.granted[0]'] : [], ambiguity: [], warnings: [], layout: 'tab', provenance: {},
    };
    record.checks = checksOf(record);
    const text = `${agency}\n${year}年政府信息公开工作年度报告\n（合成数据，仅用于开发测试）\n${narrative}\n`;
    out.push({ record, text, file: `synthetic_${String(i).padStart(4, '0')}.txt`, bytes: Buffer.from(text), source_url: null });
  }
  return out;
}

const T2_COLS = ['regulations_made', 'regulations_repealed', 'regulations_valid', 'normative_made', 'normative_repealed', 'normative_valid', 'licensing', 'punishment', 'coercion', 'fees'];

export function reportRow(d: DevReport, id: string): Rec {
  const r = d.record; const c = r.checks as Rec[];
  const row: Rec = {
    id, file: d.file, format: 'text', agency: r.agency, level: r.level, parents: r.parents.join('/'),
    province: r.region.province, city: r.region.city, county: r.region.county, township: r.region.township,
    region_code: r.region.code, region_name: r.region.name, region_ambiguous: r.region.ambiguous, region_candidates: JSON.stringify(r.region.candidates),
    year: r.year, template: r.template, published: r.published, phone: r.phone, layout: r.layout, status: 'ok',
    checks_pass: c.filter((x) => x.status === 'pass').length, checks_fail: c.filter((x) => x.status === 'fail').length,
    checks_na: c.filter((x) => x.status === 'not_applicable').length, ambiguous_cells: r.ambiguous.length,
    source_url: d.source_url, fetched_at: null,
  };
  for (const k of T2_COLS) { const [a, b] = k.split('_'); row[`t2_${k}`] = b && r.t2[a] && typeof r.t2[a] === 'object' ? r.t2[a][b] : r.t2[k]; }
  for (const t of T3_ROWS) row[`t3_${t.code}_total`] = r.t3[t.code]?.[6] ?? null;
  T4_CELLS.forEach((cell, i) => { row[`t4_${cell.code}`] = r.t4[i] ?? null; });
  return row;
}

export async function writeDataset(outDir: string, reports: DevReport[], opts: { findings?: boolean } = {}) {
  mkdirSync(join(outDir, 'archive', 'records'), { recursive: true });
  mkdirSync(join(outDir, 'archive', 'sources'), { recursive: true });
  const rows: Rec[] = [], cells: Rec[] = [], checks: Rec[] = [], sections: Rec[] = [], slimRecords: Rec[] = [], files: Rec[] = [], findings: Rec[] = [];
  for (const d of reports) {
    const h = sha(d.bytes); const id = h.slice(0, 16); const r = d.record;
    rows.push(reportRow(d, id));
    files.push({ path: d.file, sha256: h, bytes: d.bytes.length, format: 'text', status: 'ok', reason: null, duplicate_of: null, report_id: id });
    const push = (tbl: string, row: string, col: string | null, value: any, path: string) => {
      const p = r.provenance[path];
      cells.push({ report_id: id, tbl, row, col, value, as_stated: value == null ? '' : String(value), raw: p?.raw ?? null, line: p?.line ?? null, span_start: p?.start ?? null, span_end: p?.end ?? null, origin: null, settled: p?.settled ?? null, settled_by: p?.settled_by ?? null, ambiguous: r.ambiguous.includes(path), path });
    };
    for (const k of T2_DOC_KINDS) for (const f of T2_DOC_FIELDS) push('t2', k.code, f.code, r.t2[k.code][f.code], `t2.${k.code}.${f.code}`);
    for (const k of T2_SINGLE) push('t2', k.code, null, r.t2[k.code], `t2.${k.code}`);
    for (const t of T3_ROWS) (r.t3[t.code] ?? []).forEach((v: any, c: number) => push('t3', t.code, T3_COLUMNS[c].code, v, `t3.${t.code}[${c}]`));
    T4_CELLS.forEach((cell, i) => push('t4', cell.group, cell.outcome, r.t4[i], `t4[${i}]`));
    for (const c of r.checks) checks.push({ report_id: id, ...c, cells: JSON.stringify(c.cells) });
    for (const s of r.sections) sections.push({ report_id: id, section: s.code, title: s.title, text: s.text, line: s.line ?? null });
    const full = { ...r, source: { file: d.file, format: 'text', encoding: 'utf-8', sha256: h, bytes: d.bytes.length }, source_text: d.text };
    slimRecords.push({ report_id: id, record: JSON.stringify(slimRecord(full as any)) });
    writeFileSync(join(outDir, 'archive', 'records', `${id}.json`), JSON.stringify(full, null, 1));
    writeFileSync(join(outDir, 'archive', 'sources', `${id}.txt`), d.bytes);
    if (opts.findings && r.checks.some((c: Rec) => c.status === 'fail')) {
      findings.push({ report_id: id, rule: 'arithmetic_fail', severity: 'warn', score: 1, message: `${r.agency} ${r.year} 年报表格算术不一致`, evidence: '[]', other_report_id: null });
    }
  }
  // one duplicate file, listed in files only (contract: duplicates excluded from reports)
  if (reports[0]) {
    const h = sha(reports[0].bytes);
    files.push({ path: `dup/${reports[0].file}`, sha256: h, bytes: reports[0].bytes.length, format: 'text', status: 'duplicate', reason: '与另一文件字节相同', duplicate_of: h.slice(0, 16), report_id: null });
  }
  files.push({ path: 'broken/empty.pdf', sha256: sha(''), bytes: 0, format: 'pdf', status: 'failed', reason: 'empty: 文件为空', duplicate_of: null, report_id: null });
  await writeTables(outDir, { reports: rows, cells, checks, sections, slim_records: slimRecords, files, ...(opts.findings ? { findings } : {}) });
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(files, null, 1));
  writeFileSync(join(outDir, 'dictionary.json'), JSON.stringify(dictionary(), null, 1));
  return rows.map((r) => r.id as string);
}

const TYPES: Record<string, Record<string, string>> = {
  cells: { report_id: 'VARCHAR', tbl: 'VARCHAR', row: 'VARCHAR', col: 'VARCHAR', value: 'DOUBLE', as_stated: 'VARCHAR', raw: 'VARCHAR', line: 'INTEGER', span_start: 'INTEGER', span_end: 'INTEGER', origin: 'VARCHAR', settled: 'VARCHAR', settled_by: 'VARCHAR', ambiguous: 'BOOLEAN', path: 'VARCHAR' },
  checks: { report_id: 'VARCHAR', rule: 'VARCHAR', scope: 'VARCHAR', status: 'VARCHAR', expected: 'DOUBLE', actual: 'DOUBLE', cells: 'VARCHAR', detail: 'VARCHAR' },
  sections: { report_id: 'VARCHAR', section: 'VARCHAR', title: 'VARCHAR', text: 'VARCHAR', line: 'INTEGER' },
  slim_records: { report_id: 'VARCHAR', record: 'VARCHAR' },
  files: { path: 'VARCHAR', sha256: 'VARCHAR', bytes: 'BIGINT', format: 'VARCHAR', status: 'VARCHAR', reason: 'VARCHAR', duplicate_of: 'VARCHAR', report_id: 'VARCHAR' },
  findings: { report_id: 'VARCHAR', rule: 'VARCHAR', severity: 'VARCHAR', score: 'DOUBLE', message: 'VARCHAR', evidence: 'VARCHAR', other_report_id: 'VARCHAR' },
};
export function reportTypes() {
  const t: Record<string, string> = {};
  for (const k of ['id', 'file', 'format', 'agency', 'level', 'parents', 'province', 'city', 'county', 'township', 'region_code', 'region_name']) t[k] = 'VARCHAR';
  t.region_ambiguous = 'BOOLEAN'; t.region_candidates = 'VARCHAR'; t.year = 'INTEGER'; t.template = 'VARCHAR';
  for (const k of ['published', 'phone', 'layout', 'status']) t[k] = 'VARCHAR';
  for (const k of ['checks_pass', 'checks_fail', 'checks_na', 'ambiguous_cells']) t[k] = 'INTEGER';
  t.source_url = 'VARCHAR'; t.fetched_at = 'VARCHAR';
  for (const k of T2_COLS) t[`t2_${k}`] = 'DOUBLE';
  for (const r of T3_ROWS) t[`t3_${r.code}_total`] = 'INTEGER';
  for (const c of T4_CELLS) t[`t4_${c.code}`] = 'INTEGER';
  return t;
}
TYPES.reports = reportTypes();

export async function writeTables(outDir: string, tables: Record<string, Rec[]>) {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  for (const [name, rows] of Object.entries(tables)) {
    const types = TYPES[name];
    const tmp = join(outDir, `.${name}.jsonl`);
    writeFileSync(tmp, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const cols = Object.entries(types).map(([k, v]) => `'${k}': '${v}'`).join(', ');
    const src = `read_json('${tmp}', format='newline_delimited', columns={${cols}})`;
    await conn.run(`COPY (SELECT * FROM ${src}) TO '${join(outDir, name + '.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 50000)`);
    const csv = join(outDir, name + '.csv');
    await conn.run(`COPY (SELECT * FROM ${src}) TO '${csv}' (HEADER, DELIMITER ',')`);
    writeFileSync(csv, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(csv)]));
    (await import('node:fs')).unlinkSync(tmp);
  }
  conn.closeSync?.(); inst.closeSync?.();
}

function dictionary() {
  const out: Rec[] = [];
  const zh: Record<string, string> = { id: '报告编号', agency: '机关名称', year: '年度', level: '层级', province: '省', city: '市', county: '县', template: '模板' };
  for (const [table, types] of Object.entries(TYPES)) for (const [column, type] of Object.entries(types)) {
    const t3 = T3_ROWS.find((r) => column === `t3_${r.code}_total`);
    const t4 = T4_CELLS.find((c) => column === `t4_${c.code}`);
    out.push({ table, column, type, zh: t3?.zh ?? t4?.zh ?? zh[column] ?? column, en: t3?.en ?? t4?.en ?? column, description: '（开发数据字典）' });
  }
  return out;
}

if (process.argv[1] && basename(process.argv[1]).startsWith('devdata')) {
  const out = process.argv[2];
  if (!out || out.startsWith('public') || out.startsWith('data')) throw new Error('devdata: give a temp dir (never public/ or data/)');
  const n = Number(process.argv[process.argv.indexOf('--synthetic') + 1] || 0) || 0;
  const reports = [...seedReports(), ...syntheticReports(process.argv.includes('--synthetic') ? n : 0)];
  const ids = await writeDataset(out, reports, { findings: process.argv.includes('--findings') });
  console.log(`devdata: wrote ${ids.length} reports to ${out}`);
}
