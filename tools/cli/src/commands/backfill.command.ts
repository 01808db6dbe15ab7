import { Command } from 'commander';
import { backfill, LoadProgress, rateBar } from '@salescast/loader';
import { positiveInteger } from '../options';
import { log } from '../log';

interface BackfillCliOptions {
  data: string;
  databaseUrl?: string;
  rejects?: string;
  chunkRows: number;
  connections: number;
}

/** `salescast backfill`: loads history into the ingestion service's PostgreSQL schema. */
export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .summary("load a data set's history (order lines, returns) into the ingestion database, resumably")
    .description(
      "Streams <data>/sales_lines.csv and returns.csv into the ingestion service's tables with COPY, in chunks, each " +
        'committed with its checkpoint (file line reached) in one transaction and in file order: a re-run adds nothing ' +
        'and an interrupted run (Ctrl-C, crash) resumes where it stopped, loading no chunk twice; rows already stored ' +
        '(e.g. by the live path) are skipped. Rows that fail validation go to rejects.csv with their file and line. Then rebuilds ' +
        'the daily SKU totals of the days loaded and announces each changed SKU-day on sales.daily.v1 through the ' +
        "service's outbox (the running ingestion service relays them to the feature store). The ingestion service must " +
        'have run once against DATABASE_URL (its migrations create the schema). See docs/backfill.md.',
    )
    .requiredOption('--data <dir>', 'data set directory (sales_lines.csv, optional returns.csv)')
    .option('--database-url <url>', 'PostgreSQL of the ingestion service (default: $DATABASE_URL)')
    .option('--rejects <file>', 'where to write rejected rows (default: <data>/rejects.csv)')
    .option('--chunk-rows <n>', 'rows per COPY chunk and checkpoint', positiveInteger, 100_000)
    .option(
      '--connections <n>',
      'database connections loading chunks at once (chunks still commit in file order)',
      positiveInteger,
      2,
    )
    .addHelpText(
      'after',
      `
Examples:
  $ DATABASE_URL=postgres://postgres@127.0.0.1:5432/salescast salescast backfill --data data/sample
  $ salescast backfill --data /data/full --database-url postgres://u:p@db:5432/salescast --rejects /tmp/rejects.csv
  $ salescast backfill --data /data/full     # again after Ctrl-C or a crash: resumes at the last checkpoint`,
    )
    .action(async (opts: BackfillCliOptions) => {
      const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
      if (!databaseUrl) throw new Error('no database: pass --database-url or set DATABASE_URL');
      const stop = new AbortController();
      const onSignal = () => {
        log('stopping after the chunk being committed (run again to resume)');
        stop.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const bar = rateBar('rows');
      let file = '';
      const summary = await backfill({
        databaseUrl,
        dataDir: opts.data,
        rejectsPath: opts.rejects,
        chunkRows: opts.chunkRows,
        connections: opts.connections,
        signal: stop.signal,
        onProgress: (p: LoadProgress) => {
          if (p.file !== file) bar.start((file = p.file), p.totalBytes);
          bar.update(p.bytes, p.rows);
        },
      });
      bar.stop();
      for (const f of summary.files)
        log(
          `${f.file}: read ${f.read.toLocaleString('en-US')} rows, inserted ${f.inserted.toLocaleString('en-US')} (rows already present are skipped)`,
        );
      log(summary.rejects.summary());
      if (!summary.complete) {
        log('stopped early: run the same command again to resume');
        process.exitCode = 130;
        return;
      }
      log(
        `rebuilt ${summary.rebuiltDays.toLocaleString('en-US')} SKU-days of daily_sales (announced on sales.daily.v1 via the outbox)`,
      );
    });
}
