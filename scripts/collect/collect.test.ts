/**
 * End to end: `npm run collect` against local fixture sites (tests/fixtures/sites/server.ts — real HTTP on
 * 127.0.0.1, no internet). Asserts exactly which files land in --out, their bytes and sidecars, what the
 * servers were (and were not) asked for, and that a second run downloads nothing new.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { HUGE_BYTES, PDF_BYTES, REPORTS, startFixtureSites, wrapSeed, type FixtureSites, type Site } from '../../tests/fixtures/sites/server.ts';
import { readSidecar, type Sidecar } from './sidecar.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** Each run starts npm and tsx: slow on a loaded 2-core machine, so more than the default 60 s per test. */
const SPAWN_TIMEOUT = 180_000;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    // `npm run collect` itself (the script line in package.json), asynchronously: the servers live in this process.
    const p = spawn('npm', ['run', '--silent', 'collect', '--', ...args], { cwd: ROOT, env: { ...process.env, GONGKAI_ATLAS_CONTACT: '' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

const paths = (s: Site) => s.requests.map((r) => r.path);
const count = (s: Site, path: string) => paths(s).filter((p) => p === path).length;
const summaryValue = (out: string, label: string) => Number(out.match(new RegExp(`^${label}: (\\d+)`, 'm'))?.[1]);

let sites: FixtureSites;
let out: string;
let args: string[];
let first: { code: number; out: string; err: string };

function nameRe(site: Site, slug: string, ext: string): RegExp {
  return new RegExp(`^${site.host.replace(/[.:]/g, (c) => (c === ':' ? '_' : '\\.'))}_${slug}_[0-9a-f]{8}\\.${ext}$`);
}

async function docFiles(): Promise<string[]> {
  return (await readdir(out)).filter((f) => !f.endsWith('.source.json') && !f.startsWith('.')).sort();
}

async function byPattern(re: RegExp): Promise<string> {
  const hits = (await docFiles()).filter((f) => re.test(f));
  expect(hits, String(re)).toHaveLength(1);
  return hits[0]!;
}

async function sidecar(file: string): Promise<Sidecar> {
  const s = await readSidecar(join(out, file));
  expect(s, `${file} has a sidecar`).not.toBeNull();
  return s!;
}

beforeAll(async () => {
  sites = await startFixtureSites();
  out = await mkdtemp(join(tmpdir(), 'collect-test-'));
  args = [
    '--from', `${sites.trs.origin}/xxgk/ndbg/index.html`,
    '--from', `${sites.gbk.origin}/zwgk/gknb/list.html`,
    '--from', `${sites.pdf.origin}/xxgk/gzbg/2024/t20240115_1.html`,
    '--out', out,
    '--since', '2019',
    '--delay-ms', '5',
    '--backoff-ms', '5',
    '--retries', '2',
    '--timeout-ms', '20000', // the never-answered page waits 5 s (a quarter) for headers; the 30 MB read has 20 s
  ];
  first = await run(args);
});

afterAll(async () => {
  await sites?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('first run', () => {
  it('saves exactly the nine report documents, each with a sidecar, and the state file', async () => {
    expect(first.err).not.toMatch(/collect:|Error/);
    const { trs, gbk, pdf } = sites;
    const expected = [
      nameRe(trs, 'xxgk-ndbg-202301-t20230108_50246', 'html'),
      nameRe(trs, 'xxgk-ndbg-202001-t20200106_19090', 'html'),
      nameRe(trs, 'xxgk-ndbg-202401-t20240110_1', 'html'),
      nameRe(trs, 'xxgk-ndbg-202402-t20240112_2', 'html'),
      nameRe(gbk, 'zwgk-gknb-2024-0115-a1', 'html'),
      nameRe(gbk, 'zwgk-gknb-2024-0116-a2', 'html'),
      nameRe(gbk, 'zwgk-gknb-2024-0117-a3', 'html'),
      nameRe(pdf, 'xxgk-gzbg-2024-t20240115_1', 'html'),
      nameRe(pdf, 'uploads-2024-P020240115', 'pdf'),
    ];
    const docs = await docFiles();
    expect(docs).toHaveLength(expected.length);
    for (const re of expected) expect(docs.filter((f) => re.test(f)), String(re)).toHaveLength(1);
    const all = (await readdir(out)).sort();
    expect(all).toEqual([...docs.map((f) => [f, f + '.source.json']).flat(), '.collect-state.json'].sort());
  });

  it('saves the original bytes: real Pingtan pages byte for byte, GBK pages still GBK, the PDF', async () => {
    const p005 = await byPattern(nameRe(sites.trs, 'xxgk-ndbg-202301-t20230108_50246', 'html'));
    expect((await readFile(join(out, p005))).equals(readFileSync(join(REPORTS, 'pingtan_005_junshan-pianqu_2022.html')))).toBe(true);
    const p006 = await byPattern(nameRe(sites.trs, 'xxgk-ndbg-202001-t20200106_19090', 'html'));
    expect(sha(await readFile(join(out, p006)))).toBe('820ea4e94b74ac5caaf63888a01db741e7d06238780c084b53f9d1c64741551a');
    const a1 = await byPattern(nameRe(sites.gbk, 'zwgk-gknb-2024-0115-a1', 'html'));
    expect((await readFile(join(out, a1))).equals(iconv.encode(wrapSeed('002_425035603a0bba90.txt', { metaCharset: 'gb2312' }), 'gbk'))).toBe(true);
    const pdfFile = await byPattern(nameRe(sites.pdf, 'uploads-2024-P020240115', 'pdf'));
    expect((await readFile(join(out, pdfFile))).equals(PDF_BYTES)).toBe(true);
  });

  it('writes sidecars with URL, list page, link text, fetch time, headers and sha256', async () => {
    const { trs, gbk, pdf } = sites;
    const p005 = await byPattern(nameRe(trs, 'xxgk-ndbg-202301-t20230108_50246', 'html'));
    const s = await sidecar(p005);
    expect(s).toMatchObject({
      url: `${trs.origin}/xxgk/ndbg/202301/t20230108_50246.html`,
      found_on: `${trs.origin}/xxgk/ndbg/index.html`,
      // the list shows a truncated title; the title attribute has the whole one
      link_text: '平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告',
      kind: 'report-page',
      year: 2022,
      title: '平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告',
      http: { status: 200, 'content-type': 'text/html; charset=utf-8', etag: '"50246-v1"', 'content-length': '268930' },
      sha256: '73c72eb12ed964ea0a519213346cbaf2baa829336e9546a88f9feadf44cb317a',
      bytes: 268930,
      file: p005,
    });
    expect(s.collector).toMatch(/^GongkaiAtlas\/0\.1 \(/);
    expect(Date.now() - Date.parse(s.fetched_at)).toBeLessThan(10 * 60_000);

    // found through href="javascript:openUrl('./202001/…')" on page 2 of the list; Last-Modified kept
    const s006 = await sidecar(await byPattern(nameRe(trs, 'xxgk-ndbg-202001-t20200106_19090', 'html')));
    expect(s006).toMatchObject({
      found_on: `${trs.origin}/xxgk/ndbg/index_1.html`,
      link_text: '平潭综合实验区旅游与文化体育局2019年度政府信息公开工作年度报告',
      year: 2019,
      http: { 'last-modified': 'Mon, 06 Jan 2020 02:00:00 GMT' },
    });
    // found through onclick="window.open('/xxgk/…')"; served 503 first
    const s000 = await sidecar(await byPattern(nameRe(trs, 'xxgk-ndbg-202401-t20240110_1', 'html')));
    expect(s000).toMatchObject({ found_on: `${trs.origin}/xxgk/ndbg/index.html`, link_text: '段村乡人民政府2023年政府信息公开工作年度报告', year: 2023 });
    // relative link resolved against <base href="/xxgk/ndbg/202402/"> on page 3
    const s001 = await sidecar(await byPattern(nameRe(trs, 'xxgk-ndbg-202402-t20240112_2', 'html')));
    expect(s001).toMatchObject({ url: `${trs.origin}/xxgk/ndbg/202402/t20240112_2.html`, found_on: `${trs.origin}/xxgk/ndbg/index_2.html`, link_text: '车排子镇政府信息公开工作2023年度报告' });

    // GBK site: link text and titles decoded from GB2312/GBK bytes
    const a1 = await sidecar(await byPattern(nameRe(gbk, 'zwgk-gknb-2024-0115-a1', 'html')));
    expect(a1).toMatchObject({ link_text: '雷鸣镇人民政府2023年度信息公开工作年度报告', title: '雷鸣镇人民政府2023年度信息公开工作年度报告', charset: 'gbk', found_on: `${gbk.origin}/zwgk/gknb/list.html`, http: { etag: 'W/"a1"' } });
    const a2 = await sidecar(await byPattern(nameRe(gbk, 'zwgk-gknb-2024-0116-a2', 'html')));
    expect(a2).toMatchObject({ link_text: '封丘县赵岗镇2023年政府信息公开工作年度报告', title: '封丘县赵岗镇 2023 年政府信息公开工作年度报告', charset: 'gbk', http: { 'content-type': 'text/html; charset=GBK' } });
    const a3 = await sidecar(await byPattern(nameRe(gbk, 'zwgk-gknb-2024-0117-a3', 'html')));
    expect(a3).toMatchObject({ link_text: '别斯托别乡2023年度政府信息公开工作年度报告', found_on: `${gbk.origin}/zwgk/gknb/list_2.html` });

    // single report page given with --from; its report is the PDF attachment
    const pageFile = await byPattern(nameRe(pdf, 'xxgk-gzbg-2024-t20240115_1', 'html'));
    const pdfFile = await byPattern(nameRe(pdf, 'uploads-2024-P020240115', 'pdf'));
    expect(await sidecar(pageFile)).toMatchObject({
      found_on: null,
      kind: 'report-page',
      year: 2023,
      attachments: [{ url: `${pdf.origin}/uploads/2024/P020240115.pdf`, file: pdfFile, link_text: '示例镇2023年政府信息公开工作年度报告.pdf' }],
    });
    expect(await sidecar(pdfFile)).toMatchObject({
      url: `${pdf.origin}/uploads/2024/P020240115.pdf`,
      kind: 'attachment',
      report_page: `${pdf.origin}/xxgk/gzbg/2024/t20240115_1.html`,
      found_on: `${pdf.origin}/xxgk/gzbg/2024/t20240115_1.html`,
      year: 2023,
      sha256: sha(PDF_BYTES),
      bytes: PDF_BYTES.length,
      http: { status: 200, 'content-type': 'application/pdf', etag: '"pdf-1"', 'last-modified': 'Mon, 15 Jan 2024 08:00:00 GMT' },
    });

    // every sidecar's sha256 and size are those of its file
    for (const f of await docFiles()) {
      const sc = await sidecar(f);
      const bytes = await readFile(join(out, f));
      expect(sc.sha256, f).toBe(sha(bytes));
      expect(sc.bytes, f).toBe(bytes.length);
      expect(sc.file, f).toBe(f);
    }
  });

  it('follows TRS createPageHTML pagination and 下一页 links, and skips what it must', () => {
    const { trs, gbk, pdf, other } = sites;
    expect(count(trs, '/xxgk/ndbg/index_1.html')).toBe(1);
    expect(count(trs, '/xxgk/ndbg/index_2.html')).toBe(1);
    expect(count(gbk, '/zwgk/gknb/list_2.html')).toBe(1);
    // robots.txt read before anything else on each host that has one
    expect(paths(trs)[0]).toBe('/robots.txt');
    expect(paths(gbk)[0]).toBe('/robots.txt'); // 404 there: no restrictions
    expect(paths(pdf)[0]).toBe('/robots.txt');
    // never asked for: robots-disallowed, 财政决算, 政府工作报告, before --since, another host, an application form
    expect(paths(trs).filter((p) => p.startsWith('/private/'))).toEqual([]);
    expect(paths(trs)).not.toContain('/xxgk/czzj/202308/t20230801_9.html');
    expect(paths(trs)).not.toContain('/xxgk/ghjh/202302/t20230210_7.html');
    expect(paths(trs)).not.toContain('/xxgk/ndbg/201901/t20190115_3.html');
    expect(paths(pdf)).not.toContain('/xxgk/sqgk/申请表.doc');
    expect(other.requests).toEqual([]);
    // 503 then success; a request that timed out, then success
    expect(trs.requests.filter((r) => r.path === '/xxgk/ndbg/202401/t20240110_1.html').map((r) => r.status)).toEqual([503, 200]);
    expect(count(gbk, '/zwgk/gknb/2024/0117/a3.html')).toBe(2);
    // one request at a time per host, each naming the project
    for (const s of [trs, gbk, pdf]) {
      expect(s.maxInFlight, s.name).toBe(1);
      for (const r of s.requests) expect(r.headers['user-agent'], `${s.name} ${r.path}`).toMatch(/^GongkaiAtlas\/0\.1 \(.*research crawler/);
    }
  });

  it('abandons the 50 MB download at the size limit and keeps no partial file', async () => {
    expect(count(sites.trs, '/xxgk/ndbg/202105/P020210501_huge.pdf')).toBe(1);
    expect(sites.hugeBytesSent()).toBeLessThan(HUGE_BYTES);
    expect((await readdir(out)).filter((f) => /huge|\.part/.test(f))).toEqual([]);
  });

  it('prints progress and a summary with reasons, and exits 1 because one download failed', () => {
    const o = first.out;
    expect(first.code).toBe(1);
    expect(o).toMatch(/^\[list\] .*\/xxgk\/ndbg\/index\.html — 2 report link\(s\), 2 more page\(s\) queued$/m);
    expect(o).toMatch(/^\[save\] 127\.0\.0\.1_\d+_uploads-2024-P020240115_[0-9a-f]{8}\.pdf \(640 B\) ← /m);
    expect(o).toMatch(/retry 1\/2 in 5 ms: .*t20240110_1\.html \(HTTP 503\)/);
    expect(o).toMatch(/retry 1\/2 in 5 ms: .*a3\.html \(no response headers within 5000 ms\)/);
    expect(summaryValue(o, 'pages visited')).toBe(13); // 5 list pages + 8 report pages
    expect(o).toMatch(/^pages visited: 13 \(5 list, 8 report\)$/m);
    expect(summaryValue(o, 'reports found')).toBe(10); // 9 saved + the one robots.txt forbids
    expect(summaryValue(o, 'downloaded')).toBe(9);
    expect(summaryValue(o, 'skipped as already present')).toBe(0);
    expect(summaryValue(o, 'failed')).toBe(1);
    expect(o).toContain(`  - ${sites.trs.origin}/xxgk/ndbg/202105/P020210501_huge.pdf — body passed the 30 MB limit; download abandoned`);
    expect(o).toContain(`  - ${sites.trs.origin}/private/ndbg/t20230105_2.html — disallowed by ${sites.trs.origin}/robots.txt`);
    expect(o).toContain(`  - ${sites.other.origin}/xxgk/t20230106_3.html — on another host`);
    expect(o).toContain(`  - ${sites.trs.origin}/xxgk/ndbg/201901/t20190115_3.html — report year 2018 is before --since 2019`);
    expect(o).toContain(`  - ${sites.trs.origin}/xxgk/czzj/202308/t20230801_9.html — budget/final-accounts document (预算/决算)`);
  });
});

describe('second run', () => {
  it('downloads nothing new: conditional requests get 304, unchanged bodies are recognised by sha256', async () => {
    const before = new Map<string, number>();
    for (const f of await readdir(out)) if (!f.startsWith('.')) before.set(f, (await stat(join(out, f))).mtimeMs);
    const n = { trs: sites.trs.requests.length, gbk: sites.gbk.requests.length, pdf: sites.pdf.requests.length };

    const second = await run(args);
    expect(second.err).not.toMatch(/collect:|Error/);
    expect(summaryValue(second.out, 'downloaded')).toBe(9 - 9);
    expect(summaryValue(second.out, 'skipped as already present')).toBe(9);
    expect(second.out).not.toMatch(/^\[save\]/m);
    // same files, untouched (sidecars included)
    const after = new Map<string, number>();
    for (const f of await readdir(out)) if (!f.startsWith('.')) after.set(f, (await stat(join(out, f))).mtimeMs);
    expect(after).toEqual(before);

    const newer = (s: Site, k: number) => s.requests.slice(k);
    const cond = (s: Site, k: number, path: string) => newer(s, k).find((r) => r.path === path)!;
    expect(cond(sites.trs, n.trs, '/xxgk/ndbg/202301/t20230108_50246.html')).toMatchObject({ status: 304, headers: { 'if-none-match': '"50246-v1"' } });
    expect(cond(sites.trs, n.trs, '/xxgk/ndbg/202001/t20200106_19090.html')).toMatchObject({ status: 304, headers: { 'if-modified-since': 'Mon, 06 Jan 2020 02:00:00 GMT' } });
    expect(cond(sites.gbk, n.gbk, '/zwgk/gknb/2024/0115/a1.html')).toMatchObject({ status: 304 });
    expect(cond(sites.pdf, n.pdf, '/uploads/2024/P020240115.pdf')).toMatchObject({ status: 304 });
    // the oversized file is not fetched again at the same limit; it is still reported
    expect(newer(sites.trs, n.trs).map((r) => r.path)).not.toContain('/xxgk/ndbg/202105/P020210501_huge.pdf');
    expect(summaryValue(second.out, 'failed')).toBe(1);
    expect(second.out).toMatch(/P020210501_huge\.pdf — body passed the 30 MB limit; download abandoned \(on \d{4}-\d\d-\d\d; not retried at the same limit — raise --max-mb\)/);
  }, SPAWN_TIMEOUT);

  it('with --skip-known (start URLs from --from-file this time) asks the servers for list pages only', async () => {
    const n = { trs: sites.trs.requests.length, gbk: sites.gbk.requests.length, pdf: sites.pdf.requests.length };
    const list = join(out, '..', `${out.split(/[\\/]/).pop()}-urls.txt`);
    const froms = args.filter((_, i) => args[i - 1] === '--from');
    await writeFile(list, `# 三个站点\n${froms[0]}\n\n${froms[1]}  # GBK\n${froms[2]}\n`);
    const rest = args.filter((a, i) => a !== '--from' && args[i - 1] !== '--from');
    const third = await run(['--from-file', list, ...rest, '--skip-known']);
    await rm(list);
    expect(third.out).toContain('collect: 3 start URL(s)');
    expect(summaryValue(third.out, 'downloaded')).toBe(0);
    expect(summaryValue(third.out, 'skipped as already present')).toBe(9);
    expect(sites.trs.requests.slice(n.trs).map((r) => r.path)).toEqual(['/robots.txt', '/xxgk/ndbg/index.html', '/xxgk/ndbg/index_1.html', '/xxgk/ndbg/index_2.html']);
    expect(sites.gbk.requests.slice(n.gbk).map((r) => r.path)).toEqual(['/robots.txt', '/zwgk/gknb/list.html', '/zwgk/gknb/list_2.html']);
    expect(sites.pdf.requests.slice(n.pdf).map((r) => r.path)).toEqual([]);
  }, SPAWN_TIMEOUT);
});
