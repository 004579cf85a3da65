import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docExtension, pageInfo, trsPages, urlInScript } from './links.ts';

const REPORTS = join(import.meta.dirname, '..', '..', 'data', 'reports');

describe('pageInfo on a real report page (Pingtan, TRS template)', () => {
  const url = 'https://www.pingtan.gov.cn/zwgk/zxwj/bmwj/202301/t20230108_50246.htm';
  const info = pageInfo(readFileSync(join(REPORTS, 'pingtan_005_junshan-pianqu_2022.html'), 'utf8'), url);
  it('takes the title from <meta name="ArticleTitle">', () => {
    expect(info.title).toBe('平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告');
  });
  it('resolves links, ignores javascript: links without a URL, and finds no pagination', () => {
    expect(info.links.some((l) => l.url === 'https://www.pingtan.gov.cn/zwgk/zfxxgk/')).toBe(true);
    expect(info.links.some((l) => l.url.startsWith('javascript'))).toBe(false);
    expect(info.pagination).toEqual([]);
  });
});

describe('links in javascript: and onclick attributes', () => {
  it('takes the URL literal out of common TRS/大汉 patterns', () => {
    expect(urlInScript("window.open('/xxgk/2024/t1.html')")).toBe('/xxgk/2024/t1.html');
    expect(urlInScript("javascript:openUrl('./202001/t20200106_19090.html')")).toBe('./202001/t20200106_19090.html');
    expect(urlInScript("window.open('_blank'); location.href=\"detail.jsp?id=3\"")).toBe('detail.jsp?id=3');
    expect(urlInScript('javascript:void(0);')).toBeNull();
    expect(urlInScript("$printDetail()")).toBeNull();
  });

  it('resolves against <base href> and finds attachments and PDF viewers', () => {
    const html = `<html><head><base href="/xxgk/ndbg/202402/"></head><body>
      <a href="t1.html">某镇2023年政府信息公开工作年度报告</a>
      <div onclick="window.open('../202403/t2.html')">某乡2023年政府信息公开工作年度报告</div>
      <a href="javascript:void(0)" onclick="openUrl('/files/P0201.pdf')">附件</a>
      <iframe src="/pdfjs/web/viewer.html?file=/uploads/a.pdf"></iframe>
      <a href="#top">顶部</a></body></html>`;
    const info = pageInfo(html, 'http://h.gov.cn/xxgk/ndbg/index.html');
    expect(info.links.map((l) => [l.url, l.via])).toEqual([
      ['http://h.gov.cn/xxgk/ndbg/202402/t1.html', 'href'],
      ['http://h.gov.cn/xxgk/ndbg/202403/t2.html', 'onclick'],
      ['http://h.gov.cn/files/P0201.pdf', 'onclick'],
      ['http://h.gov.cn/uploads/a.pdf', 'frame'],
    ]);
  });
});

describe('pagination', () => {
  it('expands TRS createPageHTML calls: literal, with variables, and with a div id and record count', () => {
    const base = 'http://h.gov.cn/xxgk/ndbg/index.html';
    expect(trsPages('createPageHTML(3, 0, "index", "html");', base)).toEqual([
      'http://h.gov.cn/xxgk/ndbg/index.html',
      'http://h.gov.cn/xxgk/ndbg/index_1.html',
      'http://h.gov.cn/xxgk/ndbg/index_2.html',
    ]);
    expect(trsPages('var currentPage = 0;\nvar countPage = 2//共多少页\ncreatePageHTML(countPage, currentPage, "index", "shtml");', base)).toEqual([
      'http://h.gov.cn/xxgk/ndbg/index.shtml',
      'http://h.gov.cn/xxgk/ndbg/index_1.shtml',
    ]);
    expect(trsPages("createPageHTML('page_div', 2, 1, 'index', 'html', 25);", base)).toHaveLength(2);
  });

  it('follows 下一页 and page-number links in the same directory only', () => {
    const html = `<div><a href="list_2.html">2</a><a href="list_2.html">下一页</a><a href="/other/list_3.html">下一页</a><a href="a.html">某局</a></div>`;
    expect(pageInfo(html, 'http://h.gov.cn/zwgk/gknb/list.html').pagination).toEqual(['http://h.gov.cn/zwgk/gknb/list_2.html']);
  });
});

describe('docExtension', () => {
  it('recognises report attachments by path or query', () => {
    expect(docExtension('http://h/P020230108.PDF')).toBe('pdf');
    expect(docExtension('http://h/a.wps')).toBe('wps');
    expect(docExtension('http://h/download.jsp?file=a.docx')).toBe('docx');
    expect(docExtension('http://h/t1.html')).toBeNull();
  });
});

describe('row context for short link texts', () => {
  it('is the text of the list item or table row, only when that row has no other link', () => {
    const html = `<ul><li><span>某镇2022年政府信息公开工作年度报告</span><a href="a.html">查看</a></li></ul>
      <table><tr><td>某乡2022年政府信息公开工作年度报告</td><td><a href="b.html">下载</a> <a href="c.html">预览</a></td></tr></table>`;
    const links = pageInfo(html, 'http://h.gov.cn/x/list.html').links;
    expect(links.map((l) => [l.text, l.context])).toEqual([
      ['查看', '某镇2022年政府信息公开工作年度报告 查看'],
      ['下载', undefined],
      ['预览', undefined],
    ]);
  });
});
