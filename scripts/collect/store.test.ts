import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extensionFor, fileNameFor } from './store.ts';
import { isCollectorMetadata, readSidecar } from './sidecar.ts';
import { parseArgs, urlsFromText, checkUrls, UsageError } from './args.ts';

describe('fileNameFor', () => {
  it('is host + path slug + 8 hex of the URL hash, with the extension kept', () => {
    const n = fileNameFor('https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202301/t20230108_50246.htm', 'htm');
    expect(n).toMatch(/^www\.pingtan\.gov\.cn_zwgk-zxwj-bmwj-202301-t20230108_50246_[0-9a-f]{8}\.htm$/);
    expect(fileNameFor('https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202301/t20230108_50246.htm', 'htm')).toBe(n); // stable
    expect(fileNameFor('https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202301/t20230108_50246.htm?x=1', 'htm')).not.toBe(n);
  });
  it('keeps Chinese file names readable, ports and queries safe, and long slugs short', () => {
    const u = 'http://127.0.0.1:8080/uploads/' + encodeURIComponent('某镇2020年政府信息公开工作年度报告') + '.pdf';
    expect(fileNameFor(u, 'pdf')).toMatch(/^127\.0\.0\.1_8080_uploads-某镇2020年政府信息公开工作年度报告_[0-9a-f]{8}\.pdf$/);
    expect(fileNameFor('http://h.gov.cn/download.jsp?id=12&type=1', 'pdf')).toMatch(/^h\.gov\.cn_download-id-12-type-1_[0-9a-f]{8}\.pdf$/);
    const long = fileNameFor('http://h.gov.cn/' + 'abcdefghij/'.repeat(20) + 'x.html', 'html');
    expect(long.length).toBeLessThan(130);
  });
});

describe('extensionFor', () => {
  const none = new Uint8Array();
  it('prefers the URL, then Content-Disposition, then magic bytes, then Content-Type', () => {
    expect(extensionFor('http://h/a.wps', 'application/octet-stream', undefined, none)).toBe('wps');
    expect(extensionFor('http://h/down.jsp?id=1', 'application/octet-stream', 'attachment; filename="report.docx"', none)).toBe('docx');
    expect(extensionFor('http://h/down.jsp?id=1', 'application/octet-stream', undefined, Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(extensionFor('http://h/art.jsp?id=1', 'text/html; charset=gbk', undefined, Buffer.from('<html>'))).toBe('html');
    expect(extensionFor('http://h/t1.shtml', 'text/html', undefined, Buffer.from('<html>'))).toBe('shtml');
  });
});

describe('readSidecar', () => {
  it('returns null without a sidecar, the record with one, and a one-line error naming a bad one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sidecar-'));
    try {
      const report = join(dir, 'a.html');
      expect(await readSidecar(report)).toBeNull();
      await writeFile(report + '.source.json', JSON.stringify({ url: 'http://h/a.html', fetched_at: '2024-01-01T00:00:00.000Z', sha256: 'ab' }));
      expect(await readSidecar(report)).toMatchObject({ url: 'http://h/a.html', fetched_at: '2024-01-01T00:00:00.000Z' });
      await writeFile(report + '.source.json', '{"url": 1}');
      await expect(readSidecar(report)).rejects.toThrow(`${report}.source.json: not a collector sidecar`);
      await writeFile(report + '.source.json', '{');
      await expect(readSidecar(report)).rejects.toThrow(/a\.html\.source\.json: sidecar is not valid JSON/);
    } finally {
      await rm(dir, { recursive: true });
    }
    expect(isCollectorMetadata('data/reports/x.pdf.source.json')).toBe(true);
    expect(isCollectorMetadata('data/reports/.collect-state.json')).toBe(true);
    expect(isCollectorMetadata('data/reports/x.pdf')).toBe(false);
  });
});

describe('command line', () => {
  it('parses the documented options', () => {
    const a = parseArgs(['--from', 'http://a/', '--from=http://b/', '--out', 'o', '--since', '2019', '--max-pages', '5', '--delay-ms', '0', '--max-mb', '2']);
    expect(a).toMatchObject({ from: ['http://a/', 'http://b/'], out: 'o', since: 2019, maxPages: 5, delayMs: 0, maxBytes: 2 * 1024 * 1024 });
    expect(parseArgs([])).toMatchObject({ out: 'data/reports', delayMs: 1000, since: null, maxBytes: 30 * 1024 * 1024 });
    expect(() => parseArgs(['--since', 'soon'])).toThrow(UsageError);
    expect(() => parseArgs(['--frm', 'x'])).toThrow('unknown option --frm');
  });
  it('reads URL files with comments and rejects non-URLs', () => {
    expect(urlsFromText('# 县 A\nhttp://a.gov.cn/xxgk/ndbg/ # channel\n\nhttp://b.gov.cn/#/list\n')).toEqual(['http://a.gov.cn/xxgk/ndbg/', 'http://b.gov.cn/#/list']);
    expect(() => checkUrls(['a.gov.cn/x'], 'urls.txt')).toThrow('urls.txt: not an absolute URL: a.gov.cn/x');
  });
});
