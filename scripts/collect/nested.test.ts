/**
 * The collector as a library (Collector.run) on the 大汉-style fixture site: a channel root reached by
 * <meta refresh>, year pages that are lists themselves, a download.jsp file named by Content-Disposition,
 * an HTTP redirect, and one page linked under two URLs (saved once); and --max-pages on the TRS channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDF_BYTES_2, PDF_BYTES_3, startFixtureSites, type FixtureSites } from '../../tests/fixtures/sites/server.ts';
import { Collector } from './crawl.ts';
import type { CollectOptions } from './options.ts';
import type { Summary } from './summary.ts';
import { userAgent } from './http.ts';
import { readSidecar } from './sidecar.ts';

let sites: FixtureSites;
let out: string;
let summary: Summary;
const lines: string[] = [];
let options: CollectOptions;

beforeAll(async () => {
  sites = await startFixtureSites();
  out = await mkdtemp(join(tmpdir(), 'collect-nested-'));
  options = {
    from: [`${sites.nested.origin}/xxgk/`],
    out,
    since: null,
    maxPages: 10,
    delayMs: 0,
    timeoutMs: 10_000,
    maxBytes: 1024 * 1024,
    retries: 1,
    backoffMs: 1,
    skipKnown: false,
    userAgent: userAgent('test@example.org'),
    log: (l) => lines.push(l),
  };
  summary = await Collector.run(options);
});

afterAll(async () => {
  await sites?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('nested channel', () => {
  it('lists the year pages instead of saving them, and saves each report and attachment once', async () => {
    const host = sites.nested.host.replace(':', '_');
    const files = (await readdir(out)).filter((f) => !f.endsWith('.source.json') && !f.startsWith('.')).sort();
    expect(files.map((f) => f.replace(/_[0-9a-f]{8}\./, '_#.'))).toEqual([
      `${host}_art-2023-2-1-P020230201_#.pdf`, // relative link on the page /old/t9.html redirected to
      `${host}_art-2024-1-10-art_1_1_#.html`,
      `${host}_module-download-downfile-id-7_#.pdf`, // extension from Content-Disposition
      `${host}_old-t50246_#.html`,
      `${host}_old-t9_#.html`,
    ]);
    expect(summary).toMatchObject({ listPages: 3, reportPages: 4, reportsFound: 5, alreadyPresent: 1, failed: [], notFollowed: [] });
    expect([...summary.downloaded].sort()).toEqual(files);
    expect(lines).toContain(`  meta refresh → ${sites.nested.origin}/ndbg/`);
    expect(lines).toContain(`  ${sites.nested.origin}/ndbg/2023/index.html is a list of reports, not a report; listing it`);
    const paths = sites.nested.requests.map((r) => r.path);
    expect(paths).not.toContain('/ndbg/index.html'); // same page as the channel root /ndbg/
    expect(paths.filter((p) => p === '/art/2024/1/10/art_1_1.html')).toHaveLength(2); // fetched under both URLs, saved once
    expect(lines).toContainEqual(expect.stringMatching(/^\[have\] .*art_1_1_[0-9a-f]{8}\.html \(same page already saved from another URL\) ← .*\?from=2022$/));
    for (const r of sites.nested.requests) expect(r.headers['user-agent']).toBe('GongkaiAtlas/0.1 (+test@example.org; research crawler for government open-information annual reports, xinxi gongkai nianbao)');

    const redirected = await readSidecar(join(out, files[3]!));
    expect(redirected).toMatchObject({
      url: `${sites.nested.origin}/old/t50246.html`,
      final_url: `${sites.nested.origin}/art/2023/1/9/art_2_50246.html`,
      found_on: `${sites.nested.origin}/ndbg/2022/index.html`,
      link_text: '平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告',
      sha256: '73c72eb12ed964ea0a519213346cbaf2baa829336e9546a88f9feadf44cb317a',
    });
    const download = await readSidecar(join(out, files[2]!));
    expect(download).toMatchObject({ kind: 'document', year: 2023, link_text: '雷鸣镇人民政府2023年度信息公开工作年度报告', http: { 'content-disposition': 'attachment; filename="leiming-2023.pdf"' } });
    expect((await readFile(join(out, files[2]!))).equals(PDF_BYTES_2)).toBe(true);
    expect((await readFile(join(out, files[0]!))).equals(PDF_BYTES_3)).toBe(true);
    expect(await readSidecar(join(out, files[0]!))).toMatchObject({
      kind: 'attachment',
      report_page: `${sites.nested.origin}/old/t9.html`,
      url: `${sites.nested.origin}/art/2023/2/1/P020230201.pdf`,
    });
  });

  it('a second run saves nothing (even for the page whose markup changes per request) and keeps both URLs of the shared page', async () => {
    const log: string[] = [];
    const again = await Collector.run({ ...options, log: (l) => log.push(l) });
    expect(again.downloaded).toEqual([]);
    expect(again.alreadyPresent).toBe(6);
    // its markup changed since the first run (new ?v= and script serial), its text did not
    expect(log).toContainEqual(expect.stringMatching(/^\[have\] .*art_1_1_[0-9a-f]{8}\.html \(same text; only the markup differs\)$/));
    const state = JSON.parse(await readFile(join(out, '.collect-state.json'), 'utf8'));
    const a = state.documents[`${sites.nested.origin}/art/2024/1/10/art_1_1.html`];
    const b = state.documents[`${sites.nested.origin}/art/2024/1/10/art_1_1.html?from=2022`];
    expect(b.file).toBe(a.file);
  });

  it('with --skip-known, reads saved pages back with links resolved against the URL they were served from', async () => {
    const before = sites.nested.requests.length;
    const third = await Collector.run({ ...options, skipKnown: true, log: () => {} });
    expect(third).toMatchObject({ downloaded: [], alreadyPresent: 6, failed: [] });
    // list pages and year pages only: no report page, no attachment
    expect(sites.nested.requests.slice(before).map((r) => r.path)).toEqual(['/robots.txt', '/xxgk/', '/ndbg/', '/ndbg/2023/index.html', '/ndbg/2022/index.html']);
  });
});

describe('--max-pages', () => {
  it('stops listing a channel after N list pages and says how many were left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'collect-maxpages-'));
    try {
      const log: string[] = [];
      const s = await Collector.run({ ...options, from: [`${sites.trs.origin}/xxgk/ndbg/index.html`], out: dir, maxPages: 2, since: 2019, log: (l) => log.push(l) });
      expect(s.listPages).toBe(2);
      const paths = sites.trs.requests.map((r) => r.path);
      expect(paths).toContain('/xxgk/ndbg/index_1.html');
      expect(paths).not.toContain('/xxgk/ndbg/index_2.html');
      expect(paths).not.toContain('/xxgk/ndbg/202402/t20240112_2.html'); // linked from the page not visited
      expect(log).toContain('  --max-pages 2 reached; 1 list page(s) not visited');
      expect(s.downloaded).toHaveLength(3); // the reports of pages 1 and 2 (one more is behind robots.txt)
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
