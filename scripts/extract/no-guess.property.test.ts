/**
 * "No guess" as a property: mutate REAL reports the way real pages damage them — a row label blanked, a cell turned
 * into words, a row dropped, the document truncated, the cell separators swapped (TAB → `|` cells, one cell per line,
 * aligned spaces), Traditional characters — and every non-null value the extractor still gives must equal the truth
 * of the report's hand-checked expected record. A value it cannot place is null (and named in a warning); it is
 * never a neighbour's value. Bases: the bundled text reports (data/reports, truth in tests/fixtures/expected) and
 * the TAB text the HTML reader makes of the two real HTML pages (tests/fixtures/html).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { extractReport } from './report.ts';
import { readSource } from '../read/index.ts';
import { gradeRecord } from './score.ts';
import { loadExpected } from './expected.ts';
import { NotAReport } from '../template/record.ts';

const root = join(import.meta.dirname, '../..');
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

interface Base { name: string; text: string; expected: any }
const bases: Base[] = [];

beforeAll(async () => {
  const text = (f: string) => readFileSync(join(root, 'data/reports', f), 'utf8');
  for (const id of ['000_fec3dc6b6efa534b', '001_f9e7c90898d0e983', '002_425035603a0bba90', '003_17bc6c5624a3c32d', '004_51f69ccf0222012c']) {
    bases.push({ name: `${id}.txt`, text: text(`${id}.txt`), expected: loadExpected(`${id}.expected.json`) });
  }
  for (const [html, exp] of [['005_junshan-pianqu_2022.html', 'pingtan_001_junshan-pianqu_2022'], ['006_pingtan-lvyou-wenti-ju_2019.html', 'pingtan_002_pingtan-lvyou-wenti-ju_2019']]) {
    const doc = await readSource(readFileSync(join(root, 'tests/fixtures/html', html!)), html!);
    bases.push({ name: `${html} (reader's TAB text)`, text: doc.text, expected: loadExpected(`${exp}.expected.json`) });
  }
});

const TO_TRAD: Record<string, string> = { 乡: '鄉', 镇: '鎮', 县: '縣', 区: '區', 报: '報', 务: '務', 开: '開', 处: '處', 办: '辦', 总: '總', 结: '結', 转: '轉', 续: '續', 继: '繼', 规: '規', 范: '範', 数: '數', 项: '項', 许: '許', 罚: '罰', 强: '強', 费: '費', 复: '復', 议: '議', 诉: '訴', 讼: '訟', 请: '請', 机: '機', 关: '關', 属: '屬', 国: '國', 内: '內', 过: '過', 无: '無', 确: '確', 补: '補', 类: '類', 会: '會', 组: '組', 织: '織', 业: '業', 构: '構', 维: '維', 审: '審', 发: '發', 废: '廢', 现: '現', 执: '執' };

type Mutation =
  | { op: 'blank_label'; at: number }
  | { op: 'text_cell'; at: number; cell: number; words: string }
  | { op: 'drop_line'; at: number }
  | { op: 'truncate'; at: number }
  | { op: 'separators'; to: 'bars' | 'cell_per_line' | 'spaces' }
  | { op: 'traditional' };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('blank_label' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('text_cell' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), cell: fc.nat(8), words: fc.constantFrom('未增未减', '无', '—', '/', '持平') }),
  fc.record({ op: fc.constant('drop_line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0.2, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('separators' as const), to: fc.constantFrom('bars' as const, 'cell_per_line' as const, 'spaces' as const) }),
  fc.record({ op: fc.constant('traditional' as const) }),
);

const pickIndex = (n: number, at: number) => Math.min(n - 1, Math.floor(at * n));

/** Apply one mutation to a report's text (pure). */
function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const rows = lines.map((l, i) => [l, i] as const).filter(([l]) => l.includes('\t'));
  switch (m.op) {
    case 'blank_label': {
      if (!rows.length) return text;
      const [l, i] = rows[pickIndex(rows.length, m.at)]!;
      const cells = l.split('\t');
      const k = cells.findIndex((c) => /[\u4e00-\u9fa5]/.test(c));
      if (k < 0) return text;
      cells[k] = '';
      lines[i] = cells.join('\t');
      return lines.join('\n');
    }
    case 'text_cell': {
      if (!rows.length) return text;
      const [l, i] = rows[pickIndex(rows.length, m.at)]!;
      const cells = l.split('\t');
      const nums = cells.map((c, k) => [c, k] as const).filter(([c]) => /^\s*\d+(?:\.\d+)?\s*$/.test(c));
      if (!nums.length) return text;
      cells[nums[m.cell % nums.length]![1]] = m.words;
      lines[i] = cells.join('\t');
      return lines.join('\n');
    }
    case 'drop_line': {
      if (!rows.length) return text;
      lines.splice(rows[pickIndex(rows.length, m.at)]![1], 1);
      return lines.join('\n');
    }
    case 'truncate': {
      // At a line end: a cut inside a number would print another number, which the text then states.
      return lines.slice(0, Math.max(1, Math.floor(lines.length * m.at))).join('\n');
    }
    case 'separators': {
      if (m.to === 'bars') return lines.map((l) => (l.includes('\t') ? `| ${l.split('\t').join(' | ')} |` : l)).join('\n');
      if (m.to === 'spaces') return lines.map((l) => l.split('\t').join('    ')).join('\n');
      return lines.flatMap((l) => (l.includes('\t') ? l.split('\t').filter((c) => c.trim()).flatMap((c) => [c, '']) : [l])).join('\n');
    }
    case 'traditional':
      return [...text].map((c) => TO_TRAD[c] ?? c).join('');
  }
}

/** Numbers the mutation itself removed from the text cannot be asked for; numbers still given must be right. */
function wrongNumbers(text: string, expected: any): string[] {
  let rec;
  try {
    rec = extractReport({ format: 'text', encoding: 'utf-8', text, origins: [], warnings: [] }, 'mutated.txt');
  } catch (e) {
    if (e instanceof NotAReport) return []; // e.g. truncated before any table: nothing claimed
    throw e;
  }
  return gradeRecord(rec, expected).wrong;
}

describe('no guess: every non-null value equals the truth after real-world damage', () => {
  it('the bases are exact before any mutation', () => {
    for (const b of bases) expect(wrongNumbers(b.text, b.expected), b.name).toEqual([]);
  });

  it('1–3 mutations of a real report never produce a wrong number', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (bi, muts) => {
        const b = bases[bi % bases.length]!;
        const text = muts.reduce(applyMutation, b.text);
        const wrong = wrongNumbers(text, b.expected);
        if (wrong.length) throw new Error(`${b.name} ${JSON.stringify(muts)}\n${wrong.join('\n')}`);
      }),
      { seed: SEED, numRuns: Number(process.env.NO_GUESS_RUNS ?? 150), endOnFailure: true },
    );
  }, 240_000);

  it('found by this property: a blank-label row after a dropped row gave its values to the row below (005)', () => {
    const b = bases.find((x) => x.name.startsWith('005'))!;
    const muts: Mutation[] = [{ op: 'drop_line', at: 0 }, { op: 'blank_label', at: 0 }, { op: 'blank_label', at: 0 }];
    expect(wrongNumbers(muts.reduce(applyMutation, b.text), b.expected)).toEqual([]);
  });

  it('the property can fail: a value moved to its neighbouring row is caught', () => {
    const b = bases.find((x) => x.name.startsWith('003'))!;
    const exp = structuredClone(b.expected);
    exp.t3.new[0] = (exp.t3.new[0] ?? 0) + 1;
    expect(wrongNumbers(b.text, exp).length).toBeGreaterThan(0);
  });
});

/**
 * Plain `pdftotext` (one token per line) of the repository's report PDFs (tests/fixtures/layouts/*.raw.txt), damaged
 * the way such text is: a value line lost, a stray number line (a page number printed bare), a label line drifted
 * further down, the text cut off. Table 三 may then be placed by the grid's printed order (sequence.ts) only when
 * the stream still holds the whole grid with its sums; every value given must equal the truth.
 */
describe('no guess on plain pdftotext renderings', () => {
  const layouts = join(root, 'tests/fixtures/layouts');
  const raws: Array<[string, string]> = [
    ['000_fec3dc6b6efa534b.pagebreak.raw.txt', '000_fec3dc6b6efa534b'],
    ['003_17bc6c5624a3c32d.raw.txt', '003_17bc6c5624a3c32d'],
    ['005_junshan-pianqu_2022.raw.txt', 'pingtan_001_junshan-pianqu_2022'],
    ['006_pingtan-lvyou-wenti-ju_2019.raw.txt', 'pingtan_002_pingtan-lvyou-wenti-ju_2019'],
    ['005_junshan-pianqu_2022.chromium.raw.txt', 'pingtan_001_junshan-pianqu_2022'],
    ['003_17bc6c5624a3c32d.running.raw.txt', '003_17bc6c5624a3c32d'],
  ];
  type RawMutation = { op: 'drop_value' | 'stray_value' | 'drift_label' | 'truncate'; at: number; to: number; value: number };
  const rawMutationArb: fc.Arbitrary<RawMutation> = fc.record({
    op: fc.constantFrom('drop_value' as const, 'stray_value' as const, 'drift_label' as const, 'truncate' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.integer({ min: 1, max: 40 }),
  });
  function damage(text: string, m: RawMutation): string {
    const lines = text.split('\n');
    const values = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*\d+\s*$/.test(l));
    const labels = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*(?:\d\.|[（(][一二三四五六七][)）]).*[\u4e00-\u9fa5]/.test(l));
    if (m.op === 'truncate') return lines.slice(0, Math.max(1, Math.floor(lines.length * (0.2 + 0.8 * m.at)))).join('\n');
    if (m.op === 'drop_value' && values.length) { lines.splice(values[pickIndex(values.length, m.at)]![1], 1); return lines.join('\n'); }
    if (m.op === 'stray_value' && values.length) { lines.splice(values[pickIndex(values.length, m.at)]![1], 0, String(m.value)); return lines.join('\n'); }
    if (m.op === 'drift_label' && labels.length) {
      const [l, i] = labels[pickIndex(labels.length, m.at)]!;
      lines.splice(i, 1);
      const to = Math.min(lines.length, i + 1 + Math.floor(m.to * 40));
      lines.splice(to, 0, l);
      return lines.join('\n');
    }
    return text;
  }
  it('one or two kinds of damage never produce a wrong number', () => {
    const bases2 = raws.map(([f, e]) => ({ name: f, text: readFileSync(join(layouts, f), 'utf8'), expected: loadExpected(`${e}.expected.json`) }));
    for (const b of bases2) expect(wrongNumbers(b.text, b.expected), b.name).toEqual([]);
    fc.assert(
      // (A value dropped and a stray one added at its place is a changed value: the text then states it. One of the
      // two per run, with a label drift or a cut.)
      fc.property(fc.nat(), rawMutationArb, rawMutationArb, (bi, m1, m2) => {
        const muts = [m1, ...(/_value$/.test(m1.op) && /_value$/.test(m2.op) ? [] : [m2])];
        const b = bases2[bi % bases2.length]!;
        const wrong = wrongNumbers(muts.reduce(damage, b.text), b.expected);
        if (wrong.length) throw new Error(`${b.name} ${JSON.stringify(muts)}\n${wrong.join('\n')}`);
      }),
      { seed: SEED, numRuns: Number(process.env.NO_GUESS_RUNS ?? 150), endOnFailure: true },
    );
  }, 240_000);
});
