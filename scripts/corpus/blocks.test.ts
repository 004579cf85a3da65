import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBlocks, writeOrdered } from './blocks.ts';
import { appendStaged, closeStaged, linesFor } from './staging.ts';

// Two writers (as two workers) stage three reports out of id order; one report fails and one is staged twice.
const section = (report_id: string, section: string, text: string) => ({ report_id, section, title: `${section} 标题`, text, line: 2 });
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blocks-'));
  appendStaged(dir, 't1', 'cccc', { sections: linesFor('sections', [section('cccc', 's1', '丙，第一（全角逗号，不必加引号）'), section('cccc', 's5', '丙，"第五"')]) });
  appendStaged(dir, 't2', 'aaaa', { sections: linesFor('sections', [section('aaaa', 's1', '甲\n两行')]) });
  appendStaged(dir, 't1', 'bbbb', { sections: linesFor('sections', [section('bbbb', 's1', '乙（失败的文件）')]) });
  appendStaged(dir, 't2', 'dddd', {}); // a report with no sections: a blocks line without a block
  closeStaged();
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('publishing cells, checks and sections by copying report blocks', () => {
  it('writes the published reports in id order, each report\'s lines as staged, and nothing of the others', async () => {
    const published = new Set(['cccc', 'aaaa', 'dddd']);
    const blocks = await readBlocks([dir], published);
    const out = join(dir, 'sections.csv');
    writeOrdered('sections', [...published].sort(), blocks, out, { after: (id) => (id === 'aaaa' ? Buffer.from('aaaa,s6,,"后加"\n') : null) });
    expect(await readFile(out, 'utf8')).toBe('\uFEFFreport_id,section,title,text,line\n'
      + 'aaaa,s1,s1 标题,"甲\n两行",2\n'
      + 'aaaa,s6,,"后加"\n'
      + 'cccc,s1,s1 标题,丙，第一（全角逗号，不必加引号）,2\n'
      + 'cccc,s5,s5 标题,"丙，""第五""",2\n');
  });

  it('splits by year for the partitions, and writes no file for a year without rows', async () => {
    const published = new Set(['aaaa', 'cccc', 'dddd']);
    const years: Record<string, string> = { aaaa: '2022', cccc: '2023', dddd: '2024' };
    const { all, perPart: perYear } = writeOrdered('sections', [...published].sort(), await readBlocks([dir], published), join(dir, 'all.csv'), { parts: { dir, key: (id) => years[id]! } });
    expect([...perYear.keys()]).toEqual(['2022', '2023']);
    expect(all!.sha256).toBeNull(); // hashed only when asked (the Parquet cache)
    expect(await readFile(perYear.get('2023')!.file, 'utf8')).toBe('report_id,section,title,text,line\ncccc,s1,s1 标题,丙，第一（全角逗号，不必加引号）,2\ncccc,s5,s5 标题,"丙，""第五""",2\n');
  });

  it('publishes one CSV per bucket (with a BOM) and no single file when the parts are published', async () => {
    const published = new Set(['aaaa', 'cccc']);
    const out = join(dir, 'pub');
    const { all, perPart } = writeOrdered('sections', [...published].sort(), await readBlocks([dir], published), join(out, 'sections.csv'), { parts: { dir: out, key: (id) => id.slice(0, 1), publish: 'bucket' } });
    expect(all).toBeNull();
    expect([...perPart.keys()]).toEqual(['a', 'c']);
    expect(perPart.get('c')!.file).toBe(join(out, 'sections', 'bucket=c', 'data_0.csv'));
    expect(await readFile(perPart.get('c')!.file, 'utf8')).toBe('\uFEFFreport_id,section,title,text,line\ncccc,s1,s1 标题,丙，第一（全角逗号，不必加引号）,2\ncccc,s5,s5 标题,"丙，""第五""",2\n');
    await expect(readFile(join(out, 'sections.csv'))).rejects.toThrow(/ENOENT/);
  });

  it('hashes what is converted when asked: the sha256 of the per-year files, or of the one file without years', async () => {
    const published = new Set(['aaaa', 'cccc']);
    const years: Record<string, string> = { aaaa: '2022', cccc: '2023' };
    const { all, perPart: perYear } = writeOrdered('sections', [...published].sort(), await readBlocks([dir], published), join(dir, 'hashed.csv'), { parts: { dir, key: (id) => years[id]! }, hashed: true });
    const sha = async (f: string) => createHash('sha256').update(await readFile(f)).digest('hex');
    expect(all!.sha256).toBeNull(); // with years, the published file is not converted
    expect(perYear.size).toBe(2);
    for (const w of perYear.values()) expect(w.sha256).toBe(await sha(w.file));
    const flat = writeOrdered('sections', [...published].sort(), await readBlocks([dir], published), join(dir, 'flat.csv'), { hashed: true }).all;
    expect(flat!.sha256).toBe(await sha(flat!.file));
  });

  it('refuses a block that holds another report\'s rows (a staging file changed after its blocks line was written)', async () => {
    const other = await mkdtemp(join(tmpdir(), 'blocks-'));
    try {
      appendStaged(other, 't1', 'aaaa', { sections: linesFor('sections', [section('aaaa', 's1', '甲')]) });
      appendStaged(other, 't1', 'bbbb', { sections: linesFor('sections', [section('bbbb', 's1', '乙')]) });
      closeStaged();
      const blocks = await readBlocks([other], new Set(['aaaa', 'bbbb']));
      blocks.get('bbbb')!.entry.sections = blocks.get('aaaa')!.entry.sections;
      expect(() => writeOrdered('sections', ['aaaa', 'bbbb'], blocks, join(other, 'out.csv'))).toThrow(/block of bbbb at 0 holds another report's rows/);
    } finally { await rm(other, { recursive: true, force: true }); }
  });

  it('refuses a block cut short (it would end mid-row, and the CSV could not be read back), naming the report', async () => {
    const other = await mkdtemp(join(tmpdir(), 'blocks-'));
    try {
      appendStaged(other, 't1', 'aaaa', { sections: linesFor('sections', [section('aaaa', 's1', '甲'), section('aaaa', 's2', '"乙"')]) });
      closeStaged();
      const blocks = await readBlocks([other], new Set(['aaaa']));
      const at = blocks.get('aaaa')!.entry.sections!;
      blocks.get('aaaa')!.entry.sections = [at[0], at[1] - 3];
      expect(() => writeOrdered('sections', ['aaaa'], blocks, join(other, 'out.csv'))).toThrow(/block of aaaa at 0 \(\+\d+\) does not end at a line end/);
    } finally { await rm(other, { recursive: true, force: true }); }
  });

  it('refuses a published report without a blocks line (a staging folder of an older version), naming it', async () => {
    await expect(readBlocks([dir], new Set(['aaaa', 'eeee']))).rejects.toThrow(/no blocks line for 1 published report\(s\), e\.g\. eeee/);
  });

  it('takes a report staged in two folders (a shard given twice to --merge) from the first folder', async () => {
    const other = await mkdtemp(join(tmpdir(), 'blocks-'));
    try {
      appendStaged(other, 't9', 'aaaa', { sections: linesFor('sections', [section('aaaa', 's1', '另一份')]) });
      closeStaged();
      const blocks = await readBlocks([dir, other], new Set(['aaaa']));
      expect(blocks.get('aaaa')!.dir).toBe(dir);
      expect((await readBlocks([other, dir], new Set(['aaaa']))).get('aaaa')!.dir).toBe(other);
    } finally { await rm(other, { recursive: true, force: true }); }
  });
});
