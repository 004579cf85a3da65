/**
 * Value-axis ticks for bar charts (Plot charts and the prerendered BarChart): counts tick at whole numbers
 * only (there is no 0.5 of an application), and a rate axis gets as many decimals as it needs for every tick
 * label to differ (0%, 0.5%, 1% rather than 0%, 0%, 1%).
 */
export type AxisKind = 'count' | 'rate';

/** A "nice" step (1, 2, 2.5, 5 × 10^k; counts: 1, 2, 5 × 10^k, never below 1) giving about `target` intervals over [0, max]. */
function niceStep(max: number, target: number, kind: AxisKind): number {
  const raw = max / target;
  if (kind === 'count' && raw <= 1) return 1;
  const e = 10 ** Math.floor(Math.log10(raw));
  return (kind === 'count' ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]).map((m) => m * e).find((s) => s >= raw - 1e-12)!;
}

/** Ticks from 0 up to the first tick at or above `max`; the last tick is the axis end. */
export function axisTicks(max: number, kind: AxisKind, target = 4): number[] {
  const m = kind === 'rate' ? Math.max(max, 0.01) : Math.max(max, 1);
  const step = niceStep(m, target, kind);
  const n = Math.ceil(m / step - 1e-9);
  return Array.from({ length: n + 1 }, (_, i) => +(i * step).toPrecision(12));
}

/** Formats ticks exactly, so no two labels are equal: counts as whole numbers, rates as percent with as many decimals as the ticks have. */
export function tickFormatter(ticks: number[], kind: AxisKind): (v: number) => string {
  if (kind === 'count') return (v) => Math.round(v).toLocaleString('zh-CN');
  let d = 0;
  while (d < 4 && ticks.some((t) => Math.abs(+(t * 100).toFixed(d) - t * 100) > 1e-9)) d++;
  return (v) => `${+(v * 100).toFixed(d)}%`;
}

/** Plot x-scale options for a bar chart whose values run up to `max`. */
export function valueAxis(max: number, kind: AxisKind) {
  const ticks = axisTicks(max, kind);
  return { domain: [0, ticks[ticks.length - 1]] as [number, number], ticks, tickFormat: tickFormatter(ticks, kind) };
}
