/**
 * Benchmark of the corpus findings over digests (findings/digest.ts) on SYNTHETIC reports generated on the fly
 * (nothing real; nothing is written under data/ — the digests are staged in a temporary folder and removed).
 *
 *   npx tsx scripts/bench/findings.ts [--sizes 10000,100000] [--copies 0.05] [--in-memory 10000]
 *
 * For each size, two child processes, as a build would run it:
 *   1. "digest": generate each report, time digestOf(x) (what a worker adds per report), write the digest as
 *      one JSON line to a staging file, drop the report;
 *   2. "pass": read the staging file and run corpusFindingsFromDigests, with load(id) regenerating the report
 *      (standing in for reading it from disk). Its peak RSS is the corpus pass's real peak; heap (V8 heap +
 *      array buffers) is measured after GC holding the digests, sampled at every load (garbage included), and
 *      after a full GC at loads 1, 2, 4, … 512 and every 1,000 (live; that GC time is not counted in the pass time).
 * --in-memory N also times the old way, corpusFindings over N reports held in memory, for comparison.
 *
 * Each synthetic report has prose sections s1/s5/s6 of about 1,500 characters: a few sentences from a shared
 * pool of 400 "boilerplate" sentences (as real reports share template wording) and the rest unique, and a
 * table 四 with a few reviews (so the 纠正率 rule has rates). A fraction of reports (--copies) are planted copies
 * of another report under another agency's name with ~10% of their sentences rewritten. Every report is a pure
 * function of its index, so the pass can "load" any of them again.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ReportRecord } from '../template/record.ts';
import { rng, streamRng } from '../synthetic/tables.ts';
import { type CorpusDigest, corpusFindings, corpusFindingsFromDigests, countByRule, digestOf, type FindingInput } from '../findings/index.ts';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : dflt;
};
const COPIES = Number(arg('copies', '0.05'));
const SEED = 20240601;

// ---------------------------------------------------------------- synthetic reports (pure functions of the index)

// A vocabulary of words that occur in these reports; sentences are random strings of them.
const WORDS = ('政府 信息 公开 工作 年度 报告 条例 要求 进一步 加强 完善 制度 机制 平台 建设 网站 栏目 更新 主动 依申请 办理 答复 群众 关切 ' +
  '政策 解读 回应 舆情 监督 保障 考核 培训 人员 队伍 规范 标准 目录 指南 内容 形式 渠道 公众 参与 互动 服务 便民 质量 水平 效率 ' +
  '落实 推进 深化 提升 强化 健全 优化 拓展 统筹 协调 领导 小组 办公室 专人 负责 保密 审查 发布 及时 准确 全面 完整 重点 领域 ' +
  '财政 预算 决算 乡村 振兴 民生 就业 教育 医疗 社会 保障 安全 生产 环境 保护 应急 管理 重大 决策 项目 建设 意见 建议 征集').split(' ');
function sentence(r: () => number): string {
  const n = 8 + Math.floor(r() * 14);
  let s = '';
  for (let i = 0; i < n; i++) s += WORDS[Math.floor(r() * WORDS.length)]! + (r() < 0.15 ? '，' : '');
  return s.replace(/，$/, '') + '。';
}
const shared = rng(SEED);
const BOILERPLATE = Array.from({ length: 400 }, () => sentence(shared));

/** One random stream per report (scripts/synthetic's sfc32 streams: no two reports share shifted draws). */
const reportRng = (i: number): (() => number) => streamRng(SEED, i);
const idOf = (i: number) => `syn${String(i).padStart(13, '0')}`;

/** The report this one copies (its first two draws), or -1. */
function sourceOf(i: number): number {
  const r = reportRng(i);
  return i > 0 && r() < COPIES ? Math.floor(r() * i) : -1;
}

function body(i: number): string[] {
  const r = reportRng(i);
  if (i > 0 && r() < COPIES) {
    const src = Math.floor(r() * i);
    return body(src).map((x) => (r() < 0.1 ? sentence(r) : x));
  }
  return Array.from({ length: 36 }, () => (r() < 0.15 ? BOILERPLATE[Math.floor(r() * BOILERPLATE.length)]! : sentence(r)));
}

function report(i: number): FindingInput {
  const sentences = body(i);
  const r = reportRng(i + 0x40000000); // the tables' own stream
  const agency = `合成第${i}镇`;
  const year = 2019 + (i % 5);
  const s1 = sentences.slice(0, 20).join('');
  const s5 = sentences.slice(20, 32).join('');
  const s6 = sentences.slice(32).join('');
  const reviews = 5 + Math.floor(r() * 25);
  const corrected = r() < 0.01 ? reviews - 1 : Math.floor(r() * 0.3 * reviews);
  const [c, v] = [String(corrected), String(reviews)];
  const text = `${agency}${year}年政府信息公开工作年度报告（合成）\n一、总体情况\n${s1}\n五、存在的主要问题及改进情况\n${s5}\n六、其他需要报告的事项\n${s6}\n表四 行政复议 纠正 总计\n${c} ${v}\n`;
  const t4 = [reviews - corrected, corrected, 0, 0, reviews, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const record = {
    agency, year, template: '2021', level: i % 3 === 0 ? 'county' : 'township', parents: [], t2: {}, t3: {}, t4,
    region: { code: null, name: null, province: null, city: null, county: null, township: null, candidates: [], ambiguous: false, basis: 'synthetic' },
    sections: [
      { code: 's1', title: '总体情况', text: s1, line: 2 },
      { code: 's5', title: '存在的主要问题及改进情况', text: s5, line: 4 },
      { code: 's6', title: '其他需要报告的事项', text: s6, line: 6 },
    ],
    checks: [], ambiguous: [], ambiguity: [],
    provenance: { 't4[1]': { line: 8, start: 0, end: c.length, raw: c }, 't4[4]': { line: 8, start: c.length + 1, end: c.length + 1 + v.length, raw: v } },
    warnings: [], layout: 'synthetic',
  } as unknown as ReportRecord;
  return { id: idOf(i), record, text };
}

// ---------------------------------------------------------------- children

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heapMB = () => { const m = process.memoryUsage(); return (m.heapUsed + m.arrayBuffers) / MB; };
const emit = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

async function digestChild(n: number, file: string) {
  const fh = await open(file, 'w');
  let ms = 0, maxMs = 0, bytes = 0, maxBytes = 0, genMs = 0;
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const x = report(i);
    const t1 = performance.now();
    const d = digestOf(x);
    const t2 = performance.now();
    genMs += t1 - t0;
    ms += t2 - t1;
    maxMs = Math.max(maxMs, t2 - t1);
    const line = JSON.stringify(d);
    const b = Buffer.byteLength(line);
    bytes += b;
    maxBytes = Math.max(maxBytes, b);
    chunk.push(line);
    if (chunk.length === 1000) { await fh.write(chunk.join('\n') + '\n'); chunk = []; }
  }
  if (chunk.length) await fh.write(chunk.join('\n') + '\n');
  await fh.close();
  emit({ n, digestMsPerReport: ms / n, digestMsMax: maxMs, generateMsPerReport: genMs / n, digestBytesMean: bytes / n, digestBytesMax: maxBytes, stagingMB: bytes / MB });
}

async function passChild(n: number, file: string) {
  gc();
  const heapBase = heapMB();
  const t0 = performance.now();
  const digests: CorpusDigest[] = [];
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) if (line) digests.push(JSON.parse(line));
  const t1 = performance.now();
  gc();
  const heapDigests = heapMB();
  let peak = heapDigests, live = heapDigests, loads = 0, gcMs = 0;
  const load = async (id: string) => {
    loads++;
    peak = Math.max(peak, heapMB());
    if (loads % 1000 === 0 || (loads & (loads - 1)) === 0) { // live heap now (after a full GC; its time is taken out of the pass time)
      const g = performance.now();
      gc();
      live = Math.max(live, heapMB());
      gcMs += performance.now() - g;
    }
    return report(Number(id.slice(3)));
  };
  const fs = await corpusFindingsFromDigests(digests, load);
  const t2 = performance.now() - gcMs;
  peak = Math.max(peak, heapMB());
  const planted = new Set<string>();
  for (let i = 0; i < n; i++) { const s = sourceOf(i); if (s >= 0) planted.add(`${idOf(s)}|${idOf(i)}`); }
  emit({
    n, readSeconds: (t1 - t0) / 1000, passSeconds: (t2 - t1) / 1000, loads, heapBaseMB: heapBase, heapWithDigestsMB: heapDigests, heapPeakSampledMB: peak, heapLivePeakMB: live,
    maxRssMB: process.resourceUsage().maxRSS / 1024, counts: countByRule(fs), ...recall(fs, planted),
  });
}

function memoryChild(n: number) {
  const inputs = Array.from({ length: n }, (_, i) => report(i));
  gc();
  const heapInputs = heapMB();
  const t0 = performance.now();
  const fs = corpusFindings(inputs);
  const t1 = performance.now();
  emit({ n, passSeconds: (t1 - t0) / 1000, heapWithInputsMB: heapInputs, maxRssMB: process.resourceUsage().maxRSS / 1024, counts: countByRule(fs) });
}

/** How many planted copy pairs were found (copies of copies form families: pairs inside one are expected too). */
function recall(findings: Array<{ report_id: string; other_report_id: string | null; rule: string }>, planted: Set<string>) {
  const parent = new Map<string, string>();
  const root = (x: string): string => { const p = parent.get(x); if (!p || p === x) return x; const r = root(p); parent.set(x, r); return r; };
  for (const p of planted) { const [a, b] = p.split('|') as [string, string]; parent.set(root(a), root(b)); }
  const found = new Set<string>();
  for (const f of findings) if (f.rule === 'copypaste.near_duplicate' && f.other_report_id && f.report_id < f.other_report_id) found.add(`${f.report_id}|${f.other_report_id}`);
  const hit = [...planted].filter((p) => found.has(p)).length;
  const extra = [...found].filter((p) => !planted.has(p));
  const related = extra.filter((p) => { const [a, b] = p.split('|') as [string, string]; return root(a) === root(b); }).length;
  const flagged = new Set(findings.filter((f) => f.rule === 'copypaste.near_duplicate').map((f) => f.report_id));
  const copies = [...planted].map((p) => p.split('|')[1]!);
  return { planted: planted.size, pairsFound: found.size, plantedFound: hit, familyPairs: related, unrelatedPairs: extra.length - related, copiesFlagged: copies.filter((c) => flagged.has(c)).length };
}

// ---------------------------------------------------------------- parent

const SELF = fileURLToPath(import.meta.url);

function child(args: string[]): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', SELF, ...args, '--copies', String(COPIES)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    p.stdout.on('data', (d) => { buf += d; });
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(buf.trim().split('\n').pop()!)) : reject(new Error(`bench child ${args.join(' ')} exited ${code}`))));
  });
}

const f1 = (x: number) => x.toFixed(1);
const f3 = (x: number) => x.toFixed(3);

async function main() {
  const sizes = arg('sizes', '10000,100000').split(',').map(Number);
  const inMemory = Number(arg('in-memory', '10000'));
  const dir = await mkdtemp(join(tmpdir(), 'gk-bench-findings-'));
  console.log(`corpus findings over digests, SYNTHETIC reports (~1,500 prose characters each), ${COPIES * 100}% planted copies`);
  try {
    for (const n of sizes) {
      const file = join(dir, `digests-${n}.jsonl`);
      const d = await child(['--child', 'digest', '--n', String(n), '--file', file]);
      const p = await child(['--child', 'pass', '--n', String(n), '--file', file]);
      await rm(file, { force: true });
      console.log(`\n${n.toLocaleString('en')} reports`);
      console.log(`  per report (worker): digestOf ${f3(d.digestMsPerReport)} ms (max ${f1(d.digestMsMax)} ms); digest ${Math.round(d.digestBytesMean)} bytes mean, ${d.digestBytesMax} max; staging file ${f1(d.stagingMB)} MB`);
      console.log(`  corpus pass: read digests ${f1(p.readSeconds)} s, rules ${f1(p.passSeconds)} s, ${p.loads} reports loaded`);
      console.log(`  memory: heap+buffers ${f1(p.heapBaseMB)} MB empty, ${f1(p.heapWithDigestsMB)} MB holding the digests, peak ${f1(p.heapPeakSampledMB)} MB (sampled at each load, garbage included; live after GC at loads 1, 2, 4 … and every 1,000 ${f1(p.heapLivePeakMB)} MB); peak RSS of the pass process ${f1(p.maxRssMB)} MB`);
      console.log(`  findings: ${JSON.stringify(p.counts)}`);
      console.log(`  copies: ${p.plantedFound}/${p.planted} planted pairs found, ${p.familyPairs} more pairs inside copy families, ${p.unrelatedPairs} unrelated pairs; ${p.copiesFlagged}/${p.planted} planted copies flagged`);
    }
    if (inMemory > 0) {
      const m = await child(['--child', 'memory', '--n', String(inMemory)]);
      console.log(`\nfor comparison, corpusFindings over ${inMemory.toLocaleString('en')} reports held in memory: rules ${f1(m.passSeconds)} s; heap+buffers holding the reports ${f1(m.heapWithInputsMB)} MB; peak RSS ${f1(m.maxRssMB)} MB; ${JSON.stringify(m.counts)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const mode = arg('child', '');
const N = Number(arg('n', '10000'));
if (mode === 'digest') await digestChild(N, arg('file', ''));
else if (mode === 'pass') await passChild(N, arg('file', ''));
else if (mode === 'memory') memoryChild(N);
else await main();
