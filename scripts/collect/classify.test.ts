import { describe, expect, it } from 'vitest';
import { classifyLink, rejectionReason, yearIn } from './classify.ts';

const link = (text: string, url = 'https://www.example.gov.cn/xxgk/ndbg/202401/t20240110_1.html', title?: string) => ({ text, url, title });

describe('classifyLink', () => {
  it('keeps annual OGI reports with their year (titles of the bundled real reports)', () => {
    expect(classifyLink(link('平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告'))).toEqual({ year: 2022, by: 'text' });
    expect(classifyLink(link('平潭综合实验区旅游与文化体育局2019年度政府信息公开工作年度报告'))).toEqual({ year: 2019, by: 'text' });
    expect(classifyLink(link('车排子镇政府信息公开工作2023年度报告'))).toEqual({ year: 2023, by: 'text' });
    expect(classifyLink(link('段村乡人民政府 2023 年政府信息公开工作年度报告'))).toEqual({ year: 2023, by: 'text' });
    expect(classifyLink(link('别斯托别乡 2023 年度政府信息公开 工作年度报告'))).toEqual({ year: 2023, by: 'text' });
    expect(classifyLink(link('XX县2021年政务公开年报'))).toEqual({ year: 2021, by: 'text' });
    // an OGI report of a finance bureau is still an OGI report
    expect(classifyLink(link('某县财政局2022年政府信息公开工作年度报告'))).toEqual({ year: 2022, by: 'text' });
  });

  it('uses the title attribute when the visible text is truncated', () => {
    expect(classifyLink(link('平潭综合实验区君山片区管理局 2022年政府信...', 'https://x.gov.cn/a.html', '平潭综合实验区君山片区管理局 2022年政府信息公开工作年度报告'))).toEqual({ year: 2022, by: 'text' });
  });

  it('falls back to a percent-encoded file name in the URL', () => {
    const url = 'https://x.gov.cn/uploads/' + encodeURIComponent('某镇2020年政府信息公开工作年度报告') + '.pdf';
    expect(classifyLink(link('下载', url))).toEqual({ year: 2020, by: 'url' });
  });

  it('skips budgets, final accounts, other annual and work reports, and reports without a year', () => {
    for (const t of ['平潭综合实验区2022年度财政决算公开', '2023年部门预算信息公开', '2022年度部门决算报告', '2023年政府工作报告', '2022年法治政府建设年度报告', '2022年统计年报', '某公司2022年企业年度报告', '政府信息公开工作年度报告']) {
      expect(classifyLink(link(t)), t).toBeNull();
    }
    expect(rejectionReason(link('平潭综合实验区2022年度财政决算公开'))).toMatch(/预算\/决算/);
    expect(rejectionReason(link('2022年法治政府建设年度报告'))).toBe('another kind of annual report');
    expect(rejectionReason(link('2023年政府工作报告'))).toMatch(/工作报告 not about 信息公开/);
    expect(rejectionReason(link('政府信息公开工作年度报告'))).toBe('names no year');
    expect(rejectionReason(link('首页'))).toBeNull();
  });
});

describe('yearIn', () => {
  it('reads the report year, not digits of dates or ids', () => {
    expect(yearIn('2023 年政府信息公开')).toBe(2023);
    expect(yearIn('t20230108_50246.html')).toBeNull();
    expect(yearIn('P020240115.pdf')).toBeNull();
    expect(yearIn('report-2021.pdf')).toBe(2021);
    expect(yearIn('某县二〇二二年度政府信息公开工作年度报告')).toBe(2022);
    expect(yearIn('某县２０２１年政府信息公开工作年度报告')).toBe(2021);
  });
});

describe('short link texts', () => {
  it('reads the row around "查看" when the row holds only that link', () => {
    expect(classifyLink({ text: '查看', url: 'http://h/a.html', context: '某镇2022年政府信息公开工作年度报告 2023-01-10 查看' })).toEqual({ year: 2022, by: 'row' });
    expect(classifyLink({ text: '查看', url: 'http://h/a.html', context: '2022年度部门决算 查看' })).toBeNull();
    expect(classifyLink({ text: '查看', url: 'http://h/a.html' })).toBeNull();
  });
});
