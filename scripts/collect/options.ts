/** What a collect run is told: where to start, where to save, and how politely to fetch. */

export interface CollectOptions {
  from: string[];
  out: string;
  /** keep reports for this year and later */
  since: number | null;
  /** list pages visited per --from URL (pagination included) */
  maxPages: number;
  delayMs: number;
  timeoutMs: number;
  maxBytes: number;
  retries: number;
  backoffMs: number;
  /** do not even revalidate documents the state file already holds (fastest resume) */
  skipKnown: boolean;
  userAgent: string;
  log: (line: string) => void;
}
