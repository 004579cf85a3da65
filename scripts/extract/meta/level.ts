/** Administrative level of an agency name (rules in metadata.ts's header comment). */
import type { LevelCode } from '../../template/vocabulary.ts';
import { ALIASES, splitAgencyOnce, type PlaceSeg } from '../region.ts';

const GOVERNMENT = /^(?:|人民政府|政府|人民政府办事处|街道办事处|办事处|管委会|管理委员会|党委|党委政府)$/;
const DEPARTMENT = /(?:局|委员会|委|办公室|办公厅|办|厅|中心|处|院|所|站|队|署|会|部|室|公署)$/;

/** Administrative level of an agency name (rules in the header comment). */
export function levelOf(agency: string | null): LevelCode {
  if (!agency) return 'unknown';
  const { places, township, rest } = splitAgencyOnce(agency);
  if (township) {
    if (GOVERNMENT.test(rest) || (township.endsWith('片区') && rest === '管理局')) return 'township';
    return DEPARTMENT.test(rest) ? 'department' : 'unknown';
  }
  const last: PlaceSeg | undefined = places[places.length - 1];
  if (last && GOVERNMENT.test(rest)) {
    if (last.kind === 'zone') return ALIASES.find((a) => a.name === last.name)?.level ?? 'unknown';
    return last.kind;
  }
  return rest && DEPARTMENT.test(rest) ? 'department' : 'unknown';
}
