/**
 * Where a published table is in a data folder, and the DuckDB SQL that reads it: every reader of the published data
 * (site build, search index, benchmarks, e2e tests) names a table through here, so the layouts are known in one place.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How `name` is published in `dataDir`: one file `<name>.parquet` ('file'), a hive folder `<name>/<key>=<v>/*.parquet`
 * of partitions by year or id bucket ('partitioned'), or not at all (null). The single file wins when both are there.
 */
export function tableLayout(dataDir: string, name: string): 'file' | 'partitioned' | null {
  if (existsSync(join(dataDir, `${name}.parquet`))) return 'file';
  if (existsSync(join(dataDir, name))) return 'partitioned';
  return null;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * `read_parquet(...)` of the table `name` in `dataDir`, or null when there is none. Partitions are read with their hive
 * keys as columns (year, bucket) and by name, so a partition that lacks a column reads it as null.
 */
export function tableSql(dataDir: string, name: string): string | null {
  switch (tableLayout(dataDir, name)) {
    case 'file': return `read_parquet(${quote(join(dataDir, `${name}.parquet`))})`;
    case 'partitioned': return `read_parquet(${quote(join(dataDir, name, '**', '*.parquet'))}, hive_partitioning = true, union_by_name = true)`;
    default: return null;
  }
}
