/**
 * What a fetched response or a link on it is, judged without I/O: a page or a document, a page titled as a
 * report, the most telling text of a link, an attachment that is some other document.
 */
import { classifyLink, namesAnnualReport, yearIn, type LinkInfo } from './classify.ts';
import { docExtension, type PageInfo } from './links.ts';

/** An attachment link on a report page that is plainly some other document (application forms, guides). */
export const OTHER_ATTACHMENT = /申请表|申请书|指南|预算|决算/;

export function isHtml(contentType: string | undefined, bytes: Uint8Array, url: string): boolean {
  if (docExtension(url)) return false;
  if (contentType) return /html|xml/i.test(contentType);
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  return head.startsWith('<');
}

export function titleNamesReport(info: PageInfo): { year: number } | null {
  for (const t of info.titles) {
    if (namesAnnualReport(t)) {
      const y = yearIn(t);
      if (y) return { year: y };
    }
  }
  return null;
}

export function bestText(l: LinkInfo): string {
  const t = l.text.trim();
  const title = l.title?.trim();
  if (title && title.length > t.length) return title;
  // "查看" in a row that carries the title: the row says what the link is
  if (l.context && classifyLink({ text: '', url: l.url, context: l.context })?.by === 'row') return l.context;
  return t;
}
