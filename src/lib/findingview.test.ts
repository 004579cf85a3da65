import { describe, expect, it } from 'vitest';
import { fixtureInput } from '../../scripts/findings/fixtures.ts';
import { computeFindings, findingRow } from '../../scripts/findings/index.ts';
import { evidenceOf, findingCsvRow, findingTree, FINDINGS_CSV_HEAD, toHtml, type VNode } from './findingview.ts';

// 君山片区 2022's real finding (its hand-checked record): "未收到依申请公开事宜" while 本机关不掌握相关政府信息 = 5
const junshan = fixtureInput('pingtan_001_junshan-pianqu_2022');
const found = computeFindings([junshan]).map(findingRow).find((f) => f.rule === 'narrative.none_received')!;
const row = { ...found, agency: junshan.record.agency, year: junshan.record.year };
const text = (n: VNode): string => (typeof n === 'string' ? n : n.kids.map(text).join(''));

describe('one finding, one markup', () => {
  it('shows the rule, the message and each evidence span with a 1-based line, linked to the report', () => {
    const tree = findingTree('/', row);
    const html = toHtml(tree);
    expect(html.startsWith(`<article class="finding sev-high" data-rule="narrative.none_received" data-severity="high" data-report="${row.report_id}" data-agency="平潭综合实验区君山片区管理局" data-year="2022"`)).toBe(true);
    expect(text(tree)).toContain('称“未收到申请”但表格有办理记录');
    const ev = evidenceOf(row);
    const narrative = ev.find((e) => e.kind === 'narrative')!;
    expect(narrative.text).toContain('未收到依申请公开');
    expect(text(tree)).toContain(`正文 · 第 ${narrative.line + 1} 行`);
    expect(html).toContain(`href="/report/?id=${row.report_id}#narrative"`);
    const cell = ev.find((e) => e.kind === 'cell')!;
    expect(html).toContain(`href="/report/?id=${row.report_id}#cell=${encodeURIComponent(cell.cell!)}"`);
    // on the report's own page the report is not linked from its header
    expect(toHtml(findingTree('/', row, false))).not.toContain(`<a href="/report/?id=${row.report_id}">`);
  });

  it('puts a report\'s text in as text: markup in it is escaped (SYNTHETIC message and evidence)', () => {
    const evil = { ...row, message: '<img src=x onerror=alert(1)>', agency: '"><script>alert(1)</script>', evidence: JSON.stringify([{ kind: 'narrative', report_id: row.report_id, line: 0, start: 0, end: 5, text: '</blockquote><b>x' }]) };
    const html = toHtml(findingTree('/', evil));
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('data-agency="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(text(findingTree('/', evil))).toContain('</blockquote><b>x');
  });

  it('gives the CSV row with the evidence as 1-based text lines', () => {
    const r = findingCsvRow(row);
    expect(r).toHaveLength(FINDINGS_CSV_HEAD.length);
    const at = (k: string) => r[FINDINGS_CSV_HEAD.indexOf(k)];
    expect([at('report_id'), at('agency'), at('year'), at('rule_zh'), at('severity')]).toEqual([row.report_id, '平潭综合实验区君山片区管理局', '2022', '称“未收到申请”但表格有办理记录', 'high']);
    const narrative = evidenceOf(row).find((e) => e.kind === 'narrative')!;
    expect(at('evidence')).toContain(`正文 第${narrative.line + 1}行：${narrative.text}`);
  });
});
