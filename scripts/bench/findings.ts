/**
 * Benchmark of the copy-paste detector (findings/copypaste.ts) on SYNTHETIC reports generated on the fly
 * (nothing is written to disk; nothing here is real data).
 *
 *   npx tsx scripts/bench/findings.ts [--n 10000] [--copies 0.05]
 *
 * Each synthetic report has prose sections s1/s5/s6 of about 1,500 characters: a few sentences from a shared
 * pool of 400 "boilerplate" sentences (as real reports share template wording) and the rest unique. A fraction
 * of reports (--copies) are planted copies of another report under another agency's name with ~10% of their
 * sentences rewritten. Prints time, peak memory, and how many planted pairs were found (recall) and how many
 * reported pairs were not planted.
 */
import type { ReportRecord } from '../template/record.ts';
import { copyPasteFindings, DEFAULTS } from '../findings/copypaste.ts';
import type { FindingInput } from '../findings/types.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('n', 10_000);
const COPIES = arg('copies', 0.05);

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(20240601);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;

// A vocabulary of words that occur in these reports; sentences are random strings of them.
const WORDS = ('政府 信息 公开 工作 年度 报告 条例 要求 进一步 加强 完善 制度 机制 平台 建设 网站 栏目 更新 主动 依申请 办理 答复 群众 关切 ' +
  '政策 解读 回应 舆情 监督 保障 考核 培训 人员 队伍 规范 标准 目录 指南 内容 形式 渠道 公众 参与 互动 服务 便民 质量 水平 效率 ' +
  '落实 推进 深化 提升 强化 健全 优化 拓展 统筹 协调 领导 小组 办公室 专人 负责 保密 审查 发布 及时 准确 全面 完整 重点 领域 ' +
  '财政 预算 决算 乡村 振兴 民生 就业 教育 医疗 社会 保障 安全 生产 环境 保护 应急 管理 重大 决策 项目 建设 意见 建议 征集').split(' ');
function sentence(): string {
  const n = 8 + Math.floor(rnd() * 14);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(WORDS) + (rnd() < 0.15 ? '，' : '');
  return s.replace(/，$/, '') + '。';
}
const BOILERPLATE = Array.from({ length: 400 }, sentence);

function prose(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 36; i++) out.push(rnd() < 0.15 ? pick(BOILERPLATE) : sentence());
  return out;
}

function makeReport(i: number, sentences: string[]): FindingInput {
  const agency = `合成第${i}镇`;
  const s1 = sentences.slice(0, 20).join('');
  const s5 = sentences.slice(20, 32).join('');
  const s6 = sentences.slice(32).join('');
  const text = `${agency}2023年政府信息公开工作年度报告（合成）\n一、总体情况\n${s1}\n五、存在的主要问题及改进情况\n${s5}\n六、其他需要报告的事项\n${s6}\n`;
  const record = {
    agency, year: 2023, template: '2021', level: 'township', parents: [], t2: {}, t3: {}, t4: [],
    region: { code: null, name: null, province: null, city: null, county: null, township: null, candidates: [], ambiguous: false, basis: 'synthetic' },
    sections: [
      { code: 's1', title: '总体情况', text: s1, line: 2 },
      { code: 's5', title: '存在的主要问题及改进情况', text: s5, line: 4 },
      { code: 's6', title: '其他需要报告的事项', text: s6, line: 6 },
    ],
    checks: [], ambiguous: [], ambiguity: [], provenance: {}, warnings: [], layout: 'synthetic',
  } as unknown as ReportRecord;
  return { id: `syn${String(i).padStart(13, '0')}`, record, text };
}

const t0 = performance.now();
const inputs: FindingInput[] = [];
const planted = new Set<string>();
const bodies: string[][] = [];
for (let i = 0; i < N; i++) {
  let s: string[];
  if (i > 0 && rnd() < COPIES) {
    const src = Math.floor(rnd() * i);
    s = bodies[src]!.map((x) => (rnd() < 0.1 ? sentence() : x));
    planted.add(`${inputs[src]!.id}|syn${String(i).padStart(13, '0')}`);
  } else s = prose();
  bodies.push(s);
  inputs.push(makeReport(i, s));
}
bodies.length = 0;
const t1 = performance.now();
const rssBefore = process.memoryUsage().rss;
const findings = copyPasteFindings(inputs, DEFAULTS);
const t2 = performance.now();

// planted copies form components (a copy of a copy, two copies of one original): pairs inside one are expected too
const parent = new Map<string, string>();
const root = (x: string): string => { const p = parent.get(x); if (!p || p === x) return x; const r = root(p); parent.set(x, r); return r; };
for (const p of planted) { const [a, b] = p.split('|') as [string, string]; parent.set(root(a), root(b)); }
const found = new Set<string>();
for (const f of findings) if (f.other_report_id && f.report_id < f.other_report_id) found.add(`${f.report_id}|${f.other_report_id}`);
// a copy of a copy also resembles the first original: count pairs linked through planted copies as expected
const recall = [...planted].filter((p) => found.has(p)).length;
const extra = [...found].filter((p) => !planted.has(p));
const related = extra.filter((p) => { const [a, b] = p.split('|') as [string, string]; return root(a) === root(b); }).length;
// every planted copy should carry at least one near_duplicate finding (with big families the per-report cap of
// DEFAULTS.maxPerReport partners means not every planted pair is listed)
const flagged = new Set(findings.map((f) => f.report_id));
const copies = [...planted].map((p) => p.split('|')[1]!);
const copiesFlagged = copies.filter((c) => flagged.has(c)).length;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const chars = inputs.reduce((a, x) => a + x.text.length, 0);
console.log(`copy-paste detector, SYNTHETIC corpus: ${N} reports, ${(chars / N).toFixed(0)} chars each on average, ${planted.size} planted copies`);
console.log(`generate: ${((t1 - t0) / 1000).toFixed(2)} s; detect: ${((t2 - t1) / 1000).toFixed(2)} s (${(((t2 - t1) / N) * 1000).toFixed(0)} µs/report)`);
console.log(`memory: rss before detect ${mb(rssBefore)}, peak rss ${mb(process.resourceUsage().maxRSS * 1024)}, heap used after ${mb(process.memoryUsage().heapUsed)}`);
console.log(`found ${found.size} pairs (${findings.length} findings): ${recall}/${planted.size} planted pairs (recall ${(recall / Math.max(1, planted.size) * 100).toFixed(1)}%), ${related} other pairs inside planted copy families (copies of one original, chains), ${extra.length - related} unrelated pairs (false positives)`);
console.log(`planted copies carrying a near_duplicate finding: ${copiesFlagged}/${copies.length}`);
