/**
 * A stable key for an agency across years (pure), so that one agency's reports form one time series.
 *
 * Rule, in order:
 * 1. Unicode NFKC (full-width and half-width forms alike) and no whitespace.
 * 2. Title words that are not part of the name are cut: a cover letter's `关于报送/上报/印发…` and what follows, a
 *    year (`2020年…`) and what follows, `(政府)信息公开…` / `政务公开…` / `…年度报告` / `…工作报告` and what follows.
 * 3. The endings a report may or may not print are dropped: 人民政府 / 政府 / 办事处 (街道办事处 → 街道), as the
 *    findings' agency identity does (赵岗镇人民政府 = 赵岗镇政府 = 赵岗镇).
 * 4. A renamed agency joins its successor's series through RENAMES (old name → new name, both as after step 3),
 *    only where a source says the body was renamed; two bodies that merely share a channel are not a rename.
 * The key is that name: readable, and the same for every variant above. It does not include the place: two
 * same-named agencies of different counties share a key unless their names say the county.
 */

/**
 * Renames with a source (old → new). Empty for the bundled corpus: 国有资产管理局 (2019–2023) and 投资促进局 (2024–2025)
 * were published in one site channel one after the other, but nothing in their reports says one became the other.
 */
export const RENAMES: ReadonlyMap<string, string> = new Map<string, string>();

const CUT = [
  /关于(?:报送|上报|呈报|提交|印发|公布).*$/,
  /(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.*$/,
  /(?:政府)?信息公开.*$/,
  /政务公开.*$/,
  /(?:工作)?(?:年度报告|工作报告|年报).*$/,
];

export function agencyKey(agency: string | null | undefined, renames: ReadonlyMap<string, string> = RENAMES): string {
  let s = (agency ?? '').normalize('NFKC').replace(/\s+/g, '');
  for (const re of CUT) {
    const cut = s.replace(re, '');
    if (cut.length >= 2) s = cut; // never cut a name down to nothing
  }
  s = s.replace(/(街道)办事处$/, '$1').replace(/(?:人民政府|政府|办事处)$/, '') || s;
  // follow a chain of renames to the newest name (a cycle stops where it started)
  const seen = new Set<string>();
  while (renames.has(s) && !seen.has(s)) { seen.add(s); s = renames.get(s)!; }
  return s;
}
