/** The contact phone a report gives (联系电话 / 咨询电话 …), spaces removed. */

const PHONE = /(?:联系电话|咨询电话|服务电话|办公电话|电话号码|电话)\s*(?:[:：]|为|是)?\s*((?:\(\s*0\d{2,3}\s*\)|0\d{2,3})?\s*[-—–]?\s*\d{7,8}(?:\s*[-转]\s*\d{1,5})?|1[3-9]\d{9})(?!\d)/;

export function phoneOf(folded: string): string | null {
  const pm = folded.match(PHONE);
  return pm ? pm[1]!.replace(/\s+/g, '') : null;
}
