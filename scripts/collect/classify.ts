/**
 * Which links name an annual open-government-information report (政府信息公开工作年度报告) and its year.
 * Pure functions over link text, title attribute and (percent-decoded) URL.
 */

/** Names the open-government-information subject; a link saying this and 年报/年度报告/工作报告 is a report. */
const OGI = /(?:政府|政务)?信息公开|政务公开/;
/** Names an annual report. 工作报告 only counts together with OGI (政府工作报告 alone is another document). */
const ANNUAL = /年度报告|年报/;
const ANNUAL_WITH_OGI = /年度报告|年报|工作报告|年度报表/;
/**
 * Other annual documents that also say 年度报告/年报 (budget, final accounts, rule-of-law reports, statistics,
 * company annual reports...). Only consulted when the text does not name 信息公开/政务公开: an OGI report
 * by a 财政局 is still a report.
 */
const OTHER_KIND = /预算|决算|财政|财务|法治|法制|统计|企业|公司|审计|国民经济|社会发展|安全生产|环境|社会责任|年鉴|述职|人大|政协|规划|计划|总结|要点/;
/** Always excluded, even next to 信息公开 (e.g. "2022年部门决算信息公开"). */
const NEVER = /预算|决算/;

export interface LinkInfo {
  text: string;
  title?: string;
  /** text of the row holding the link, when the link text itself is short ("查看") */
  context?: string;
  url: string;
}

/** Percent-decoded URL (path and query), for matching Chinese file names; falls back to the raw URL. */
export function decodedUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** First plausible report year (1990–2099) written as "2023年", "2023 年", "2023年度", "二〇二三年", "２０２３年" or a bare 4-digit run. */
const CN_DIGITS: Record<string, string> = { '〇': '0', '零': '0', 'Ｏ': '0', 'O': '0', '○': '0', '一': '1', '二': '2', '三': '3', '四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9' };

export function yearIn(raw: string): number | null {
  // 二〇二二年 → 2022年; full-width digits → ASCII
  const s = raw
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[〇零Ｏ○一二三四五六七八九]{4}(?=\s*年)/g, (m) => [...m].map((c) => CN_DIGITS[c]).join(''));
  const withNian = s.match(/(?<!\d)((?:19|20)\d{2})\s*年/);
  if (withNian) return Number(withNian[1]);
  const bare = s.match(/(?<!\d)((?:199|20\d)\d)(?!\d)/);
  return bare ? Number(bare[1]) : null;
}

/** True when the string names an annual OGI report (ignoring the year). */
export function namesAnnualReport(s: string): boolean {
  if (NEVER.test(s)) return false;
  if (OGI.test(s)) return ANNUAL_WITH_OGI.test(s);
  return ANNUAL.test(s) && !OTHER_KIND.test(s);
}

export interface ReportLink {
  year: number;
  /** which string matched: the visible text/title, the row around a short link text, or the URL */
  by: 'text' | 'row' | 'url';
}

/**
 * Is this link an annual OGI report with a year? Text (plus title attribute, which TRS lists use for the
 * untruncated title) first; then, for a short link text ("查看"), the row it sits in; then the URL's file name.
 */
export function classifyLink(link: LinkInfo): ReportLink | null {
  const text = `${link.text} ${link.title ?? ''}`.replace(/\s+/g, ' ').trim();
  if (text && NEVER.test(text)) return null;
  if (text && namesAnnualReport(text)) {
    const year = yearIn(text) ?? yearIn(fileNameOf(link.url));
    return year ? { year, by: 'text' } : null;
  }
  const context = link.context?.replace(/\s+/g, ' ').trim();
  if (context && !NEVER.test(context) && namesAnnualReport(context)) {
    const year = yearIn(context);
    if (year) return { year, by: 'row' };
  }
  const name = fileNameOf(link.url);
  if (namesAnnualReport(name)) {
    const year = yearIn(name);
    return year ? { year, by: 'url' } : null;
  }
  return null;
}

/** Why a link that mentions a report is not one, for the log; null when it does not mention one at all. */
export function rejectionReason(link: LinkInfo): string | null {
  const text = `${link.text} ${link.title ?? ''} ${fileNameOf(link.url)}`;
  if (!/年度报告|年报|工作报告|预算|决算/.test(text)) return null;
  if (NEVER.test(text)) return 'budget/final-accounts document (预算/决算), not an OGI annual report';
  if (!OGI.test(text) && OTHER_KIND.test(text)) return 'another kind of annual report';
  if (!OGI.test(text) && !ANNUAL.test(text)) return 'another kind of report (工作报告 not about 信息公开)';
  if (!yearIn(text)) return 'names no year';
  return null;
}

/** Last path segment and query of a URL, percent-decoded (attachment names often carry the title). */
export function fileNameOf(url: string): string {
  try {
    const u = new URL(url);
    const last = u.pathname.split('/').filter(Boolean).pop() ?? '';
    return decodedUrl(last + (u.search ? ' ' + u.search : ''));
  } catch {
    return decodedUrl(url);
  }
}
