// Runs SQL in DuckDB (npm @duckdb/node-api, the engine inside the registry package) for
// tests/sql/sql_test.sh and scripts/bench_sql.sh.
//   node duckdb_run.mjs DB.duckdb FILE.sql [FILE.sql ...]
// Runs every statement of each file; the result rows of the last statement of each file go to
// stdout as CSV-like lines (values joined by ",", NULL as empty). Exits 1 with DuckDB's message
// on an error. SEG_DUCKDB_TIME=1 prints the wall time of each file on stderr.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [dbPath, ...files] = process.argv.slice(2);
if (!dbPath || files.length === 0) {
  console.error('usage: node duckdb_run.mjs DB.duckdb FILE.sql [FILE.sql ...]');
  process.exit(2);
}
const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
try {
  for (const file of files) {
    const started = process.hrtime.bigint();
    const reader = await connection.runAndReadAll(readFileSync(file, 'utf8'));
    const rows = reader.getRows();
    const lines = rows.map((row) => row.map((v) => (v === null ? '' : String(v))).join(','));
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
    if (process.env.SEG_DUCKDB_TIME === '1')
      console.error(`${file}: ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(2)} s, ${rows.length} rows`);
  }
} catch (e) {
  console.error(`DuckDB: ${e.message}`);
  process.exitCode = 1;
} finally {
  connection.closeSync();
  instance.closeSync?.();
}
