/**
 * The 2019 template's middle column of parts (五), (六) and (八) is 本年增/减, the change on last year. A real page
 * (tests/fixtures/real/233, 重庆市合川区二郎镇 2019) heads it 本年数量 and prints this year's count there
 * (其他对外管理服务事项 6 | 6 | 122): read as a change, 6 would say +6 where the count did not move. The cell the
 * template asks for is not printed, so it is null; the columns either side keep their values. A header cut at
 * its end (本年增/, tests/fixtures/real/241) is still the change column.
 */
import { describe, expect, it } from 'vitest';
import { realText as textOf, recordOf } from '../../tests/fixtures/real/files.ts';

const extract = (text: string) => recordOf(text, 'page.txt');

describe('the 2019 middle column headed otherwise than 本年增/减', () => {
  it('233: 本年数量 → every *_change null, 上一年项目数量 and 处理决定数量 kept, a warning per row', async () => {
    const text = textOf('233');
    expect(text).toContain('上一年项目数量\n\n本年数量\n\n处理决定数量\n\n行政许可');
    const rec = await extract(text);
    const x = rec.t2_extra!;
    for (const k of ['licensing', 'other_mgmt_services', 'punishment', 'coercion', 'fees']) expect(x[`${k}_change`]).toBeNull();
    expect([x.other_mgmt_services_prev_year_items, x.other_mgmt_services_decisions]).toEqual([6, 122]);
    expect([x.punishment_prev_year_items, x.punishment_decisions, rec.t2.punishment]).toEqual([0, 2, 2]);
    expect(x.fees_prev_year_items).toBe(0);
    expect(rec.provenance['t2_extra.other_mgmt_services_change']).toBeUndefined();
    expect(rec.warnings).toContain('table 二 row 其他对外管理服务事项: its middle column is headed 本年数量, not 本年增/减, so its value 6 is not the change; 本年增/减 left null');
  });

  it('241: a header cut to 本年增/ is the change column (行政许可 2 | 0 | 79)', async () => {
    const text = textOf('241');
    expect(text).toContain('上一年项目数量\n\n本年增/\n\n处理决定数量\n\n行政许可\n\n2\n\n0\n\n79');
    const rec = await extract(text);
    const x = rec.t2_extra!;
    expect([x.licensing_prev_year_items, x.licensing_change, x.licensing_decisions]).toEqual([2, 0, 79]);
    expect([x.punishment_prev_year_items, x.punishment_change, x.punishment_decisions]).toEqual([3, 0, 50]);
    expect([x.fees_prev_year_items, x.fees_change]).toEqual([1, 0]);
    expect(rec.warnings.some((w) => w.includes('middle column'))).toBe(false);
  });

  it('synthetic, generated here: 233\'s title and cells as `|` rows, each header a row of its own → the same nulls', async () => {
    const rows = [
      '重庆市合川区二郎镇人民政府2019年政府信息公开工作报告', '二、主动公开政府信息情况',
      '第二十条第(一)项 | |||', '信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |', '规章 | 0 | 0 | 0 |', '规范性文件 | 19 | 1 | 20 |',
      '第二十条第(五)项 | |||', '信息内容 | 上一年项目数量 | 本年数量 | 处理决定数量 |', '行政许可 | 0 | 0 | 0 |', '其他对外管理服务事项 | 6 | 6 | 122 |',
      '第二十条第(六)项 | |||', '信息内容 | 上一年项目数量 | 本年数量 | 处理决定数量 |', '行政处罚 | 0 | 1 | 2 |', '行政强制 | 0 | 0 | 0 |',
      '第二十条第(八)项 | |||', '信息内容 | 上一年项目数量 | 本年数量 |', '行政事业性收费 | 0 | 0 |',
      '第二十条第(九)项 | |||', '信息内容 | 采购项目数量 | 采购总金额 |', '政府集中采购 | 9 | 153103.83 |',
    ];
    const rec = await extract(rows.join('\n') + '\n');
    const x = rec.t2_extra!;
    expect([x.other_mgmt_services_prev_year_items, x.other_mgmt_services_change, x.other_mgmt_services_decisions]).toEqual([6, null, 122]);
    expect([x.punishment_change, x.fees_change, x.licensing_change, x.coercion_change]).toEqual([null, null, null, null]);
    expect([x.procurement_items, x.procurement_total_amount]).toEqual([9, 153103.83]);
  });

  it('the same page with the template\'s own header reads the changes (the rule is the header, not the page)', async () => {
    const rec = await extract(textOf('233').replaceAll('本年数量', '本年增/减'));
    const x = rec.t2_extra!;
    expect([x.other_mgmt_services_prev_year_items, x.other_mgmt_services_change, x.other_mgmt_services_decisions]).toEqual([6, 6, 122]);
    expect(x.punishment_change).toBe(1);
  });
});
