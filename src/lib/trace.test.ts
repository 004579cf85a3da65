/**
 * Tracing cells of the real bundled reports (public/data/archive/records, made by `npm run build:data`): every value the
 * solver split out of a run-together number is found at its own digits, and 2019 行政许可/处罚/强制 have provenance.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cellValue } from '../../scripts/findings/tables.ts';
import { ambiguityOf, cellName, lineWindow, ownSpan, provenanceOf, type TracedRecord } from './trace.ts';

const DIR = join(resolve(import.meta.dirname, '..', '..'), 'public', 'data', 'archive', 'records');
if (!existsSync(DIR)) throw new Error(`${DIR}: no published records — run \`npm run build:data\` first`);
const load = (id: string): TracedRecord => JSON.parse(readFileSync(join(DIR, `${id}.json`), 'utf8'));
const all = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => load(f.slice(0, -5)));

describe('trace', () => {
  it('finds each split value at its own digits in the run (all solver cells of the corpus)', () => {
    let n = 0;
    for (const rec of all) {
      const lines = String(rec.source_text).split('\n');
      for (const [path, p] of Object.entries(rec.provenance)) {
        if (p.settled !== 'solver' || p.end - p.start < 2) continue;
        const v = cellValue(rec, path);
        const s = ownSpan(rec, path);
        if (v == null || !s) continue;
        expect(lines[p.line]!.slice(s.start, s.end), `${rec.agency} ${rec.year} ${path}`).toBe(String(Math.abs(v)));
        n++;
      }
    }
    expect(n).toBeGreaterThan(5000);
  });

  it('平潭海坛片区 2024 (flattened): 表三 本年新收 总计 is the last 0 of the run 5100000', () => {
    const rec = load('1930c9cc1f4fce98');
    const p = provenanceOf(rec, 't3.new[6]')!;
    const line = String(rec.source_text).split('\n')[p.line]!;
    expect(line.slice(p.start, p.end)).toBe('5100000');
    expect(ownSpan(rec, 't3.new[6]')).toEqual({ start: p.end - 1, end: p.end });
    expect(ownSpan(rec, 't3.new[0]')).toEqual({ start: p.start, end: p.start + 1 });
    expect(line.length).toBeGreaterThan(1000);
    const w = lineWindow(line, p.end - 1, p.end);
    expect(w.text.length).toBeLessThan(200);
    expect(w.text).toContain('5100000');
  });

  it('a 2019 report: 行政强制 has the provenance of 处理决定数量, an unsettled 行政许可 has its candidate splits', () => {
    const rec = load('51939ef0df314496'); // 平潭综合实验区社会事业局 2020, 2019 template
    expect(rec.template).toBe('2019');
    expect(rec.t2.coercion).toBe(0);
    expect(rec.provenance['t2.coercion']).toBeUndefined();
    expect(provenanceOf(rec, 't2.coercion')).toEqual(rec.provenance['t2_extra.coercion_decisions']);
    expect(rec.t2.licensing).toBeNull();
    const a = ambiguityOf(rec, 't2.licensing')!;
    expect(a.run).toBe('72171051');
    expect(a.candidates.length).toBe(16);
    // 行政处罚 printed as the run 3500: the first two cells unsettled (3|50 or 35|0), 处理决定数量 = 0 is the last digit
    const fin = load('0344ef177bece33b'); // 平潭综合实验区财政金融局 2019
    const q = provenanceOf(fin, 't2.punishment')!;
    expect(String(fin.source_text).split('\n')[q.line]!.slice(q.start, q.end)).toBe('3500');
    expect(ownSpan(fin, 't2.punishment')).toEqual({ start: q.end - 1, end: q.end });
    expect(cellName('t2_extra.licensing_decisions')).toBe('表二“行政许可·处理决定数量”');
    expect(cellName('t3.new[0]')).toBe('表三“一、本年新收政府信息公开申请数量”·自然人');
  });
});
