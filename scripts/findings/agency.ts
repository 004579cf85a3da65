/**
 * Which reports come from the same agency: its name without spacing and the 人民政府/政府/办事处 endings a
 * report may or may not print (赵岗镇人民政府 = 赵岗镇政府 = 赵岗镇), or the same township code.
 */
import type { ReportRecord } from '../template/record.ts';

export function canonicalAgency(name: string | null | undefined): string {
  return (name ?? '')
    .replace(/\s+/g, '')
    .replace(/(街道)办事处$/, '$1')
    .replace(/(人民政府|政府|办事处)$/, '');
}

/** What names an agency: a record, or the few fields a corpus digest keeps of it. */
export interface AgencyRef {
  agency: ReportRecord['agency'] | null | undefined;
  level: ReportRecord['level'];
  region?: { code: string | null } | null;
}

/** Township-level region codes (9+ digits) identify one agency; county codes are shared by its departments. */
function townshipCode(r: AgencyRef): string | null {
  const c = r.region?.code ?? null;
  return r.level === 'township' && c && c.length >= 9 ? c : null;
}

export function sameAgency(x: AgencyRef, y: AgencyRef): boolean {
  return sameIdentity(agencyIdentity(x), agencyIdentity(y));
}

/** What sameAgency compares, to compute once per report when comparing many pairs. */
export interface AgencyIdentity { name: string; township: string | null; code: string | null }

export function agencyIdentity(r: AgencyRef): AgencyIdentity {
  return { name: canonicalAgency(r.agency), township: townshipCode(r), code: r.region?.code ?? null };
}

export function sameIdentity(x: AgencyIdentity, y: AgencyIdentity): boolean {
  if (x.township && y.township) return x.township === y.township;
  if (!x.name || !y.name || x.name !== y.name) return false;
  return x.code === null || y.code === null || x.code === y.code;
}

/** Grouping key for an agency's reports across years (null when the agency is unknown). */
export function agencyKey(r: AgencyRef): string | null {
  const t = townshipCode(r);
  if (t) return `t:${t}`;
  const a = canonicalAgency(r.agency);
  return a ? `${a}|${r.region?.code ?? ''}` : null;
}
