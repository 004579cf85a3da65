/**
 * The findings on the records the extractor actually produces for every bundled file (text and HTML), with
 * the text the build passes (the decoded source): the same findings as on the hand-checked records, and every
 * evidence span indexes its report's text.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { extractBytes } from '../extract/file.ts';
import { readSource } from '../read/index.ts';
import { normaliseText } from '../text/normalise.ts';
import { ROOT } from './fixtures.ts';
import { computeFindings, countByRule } from './index.ts';
import type { FindingInput } from './types.ts';

/** The seed and first Pingtan reports these findings were hand-checked on (the archive reports beside them are not). */
const SEED = /^(\d{3}_[0-9a-f]{16}\.txt|pingtan_00\d_.+)$/;

async function corpus(): Promise<FindingInput[]> {
  const dir = join(ROOT, 'data/reports');
  const out: FindingInput[] = [];
  for (const f of readdirSync(dir).sort().filter((n) => SEED.test(n))) {
    const bytes = readFileSync(join(dir, f));
    const r = await extractBytes(bytes, f);
    if (!r.ok) throw new Error(r.reason);
    const doc = await readSource(bytes, f);
    out.push({ id: createHash('sha256').update(bytes).digest('hex').slice(0, 16), record: r.record, text: doc.text });
  }
  return out;
}

describe('findings on the extracted bundled corpus', () => {
  it('君山片区 2022 (txt and html): none_received; 别斯托别乡 2023: 新源镇; 平潭国资局 2019: 规章; nothing else', async () => {
    const xs = await corpus();
    expect(xs).toHaveLength(11);
    const fs = computeFindings(xs);
    expect(countByRule(fs)).toEqual({ 'narrative.none_received': 2, 'copypaste.foreign_place': 1, 'outlier.regulations_unempowered': 1 });
    const agency = (id: string) => xs.find((x) => x.id === id)!.record.agency;
    expect(fs.map((f) => [agency(f.report_id), f.rule]).sort()).toEqual([
      ['别斯托别乡', 'copypaste.foreign_place'],
      ['平潭综合实验区君山片区管理局', 'narrative.none_received'],
      ['平潭综合实验区君山片区管理局', 'narrative.none_received'],
      ['平潭综合实验区国有资产管理局', 'outlier.regulations_unempowered'],
    ]);
    for (const f of fs) {
      for (const e of f.evidence) {
        expect(e.line, `${f.rule} ${e.text}`).toBeGreaterThanOrEqual(0);
        const text = normaliseText(xs.find((x) => x.id === e.report_id)!.text);
        expect(text.split('\n')[e.line]!.slice(e.start, e.end)).toBe(e.text);
      }
      const unable = f.evidence.find((e) => e.cell === 't3.unable_no_info[6]');
      if (f.rule === 'narrative.none_received') expect(unable).toBeDefined();
    }
  });
});
