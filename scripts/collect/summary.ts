/** What a collect run did: pages visited, reports found, files saved, and every URL failed or not followed, with why. */

export interface Summary {
  listPages: number;
  reportPages: number;
  reportsFound: number;
  downloaded: string[];
  alreadyPresent: number;
  failed: { url: string; reason: string }[];
  notFollowed: { url: string; reason: string }[];
}

export function formatSummary(s: Summary): string {
  const lines = [
    '== collect summary ==',
    `pages visited: ${s.listPages + s.reportPages} (${s.listPages} list, ${s.reportPages} report)`,
    `reports found: ${s.reportsFound}`,
    `downloaded: ${s.downloaded.length}`,
    `skipped as already present: ${s.alreadyPresent}`,
    `failed: ${s.failed.length}`,
    ...s.failed.map((f) => `  - ${f.url} — ${f.reason}`),
    `not followed: ${s.notFollowed.length}`,
    ...s.notFollowed.map((f) => `  - ${f.url} — ${f.reason}`),
  ];
  return lines.join('\n');
}
