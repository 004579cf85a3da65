/**
 * The bundled Pingtan archive files are the bytes their provenance list names, and each report's source_url is its
 * own 原文链接 line (tests/fixtures/SOURCES-pingtan-archive.tsv).
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes } from './file.ts';

const root = join(import.meta.dirname, '../..');
const lines = readFileSync(join(root, 'tests/fixtures/SOURCES-pingtan-archive.tsv'), 'utf8').trim().split('\n');
const head = lines[0]!.split('\t');
const rows = lines.slice(1).map((l) => Object.fromEntries(l.split('\t').map((v, i) => [head[i]!, v])) as Record<string, string>);

describe('SOURCES-pingtan-archive.tsv', () => {
  it('lists 112 text reports and 2 saved pages, 18 agencies, 2019–2025', () => {
    expect(rows.filter((r) => r.file!.endsWith('.txt'))).toHaveLength(112);
    expect(rows.filter((r) => r.file!.endsWith('.html')).map((r) => r.file)).toEqual(['pingtan_151_guanweihuibangongshi_2024.html', 'pingtan_164_xingzhengshenpi_2024.html']);
    expect(new Set(rows.map((r) => r.agency)).size).toBe(18);
    expect([...new Set(rows.map((r) => r.report_year))].sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024', '2025']);
  });
  it('matches every bundled file byte for byte (sha256)', () => {
    for (const r of rows) {
      const bytes = readFileSync(join(root, 'data/reports', r.file!));
      expect(createHash('sha256').update(bytes).digest('hex'), r.file).toBe(r.sha256);
    }
  });
  it('gives each report its 原文链接 as source_url, which the extractor reads from the file', async () => {
    for (const r of rows) {
      const out = await extractBytes(readFileSync(join(root, 'data/reports', r.file!)), r.file!);
      if (!out.ok) { expect(r.file).toBe('pingtan_142_gongan_2020.txt'); continue; }
      expect(out.record.source_url, r.file).toBe(r.source_url);
      expect(r.source_url).toMatch(/^https:\/\/www\.pingtan\.gov\.cn\/zwgk\/.+\.htm$/);
    }
  }, 120_000);
});
