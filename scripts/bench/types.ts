/** Shape of a benchmark section: each scripts/bench/<name>.ts may export `bench(opts): Promise<BenchSection>`. */
export interface BenchOptions {
  /** --full: include the largest sizes. */
  full: boolean;
  jobs: number;
  /** --sizes 1000,5000: override the corpus sizes. */
  sizes: number[] | null;
  log: (line: string) => void;
}
export interface BenchSection {
  title: string;
  /** One row per measurement; keys are column headings. */
  rows: Array<Record<string, string | number>>;
  notes?: string[];
}
