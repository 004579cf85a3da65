/**
 * The chart builder with the reader's data: `?my=1&dc=<column index>&ds=<scale>` (the URL says only that reader
 * data is used, which column and the scale — never the data). Resolves to nothing without `my`, to a message
 * when the data is not in this browser, or to the plan, labels and the `mydata` columns to load.
 */
import type { BuilderState, Plan } from './measuresql.ts';
import type { Columns } from './parquet.ts';
import { readerData, mydataColumns, sqlNames } from './mydata-state.ts';
import { derivedPlan, derivedLabel, derivedDefinition } from './mydata-sql.ts';

export interface DerivedChart { plan: Plan; label: string; definition: string; file: string; columns: Columns }

export async function derivedFromUrl(s: BuilderState): Promise<DerivedChart | { error: string } | null> {
  const p = new URLSearchParams(location.search);
  if (!p.get('my')) return null;
  const d = await readerData();
  if (!d) return { error: '此图使用读者自备的数据（只保存在制作者自己的浏览器中），本浏览器中没有这份数据：请在“加入我的数据”中载入同一份文件。' };
  const dc = Number(p.get('dc') ?? -1);
  const col = d.table.columns[dc];
  if (!col || col.kind !== 'number') return { error: '网址所指的自备数据列不存在或不是数字列：请在“加入我的数据”中重新选择。' };
  const der = { col: sqlNames(d.table)[dc]!, scale: Number(p.get('ds') || 1) };
  const plan = derivedPlan(s, der);
  if ('error' in plan) return plan;
  return { plan, label: derivedLabel(s.m, der), definition: derivedDefinition(s.m, der, d.table.file), file: d.table.file, columns: mydataColumns(d) };
}
