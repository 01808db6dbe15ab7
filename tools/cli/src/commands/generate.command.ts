import { Command } from 'commander';
import { generate, STORY } from '@salescast/datagen';
import { integer, positiveInteger, positiveNumber } from '../options';
import { log, progress } from '../log';

/** `salescast generate`: writes a realistic, seeded data set (see docs/data-format.md). */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .summary('write a realistic synthetic data set (the five CSV files + held-out truth)')
    .description(
      `Writes a seeded synthetic retailer: ${STORY.historyStart} → ${STORY.dataEnd} of order lines, returns, SKU master, ` +
        `supply terms and business events, with a shutdown ${STORY.shutdownStart} → ${STORY.shutdownEnd} and a recovery after it. ` +
        `The truth for ${STORY.truthStart} → ${STORY.truthEnd} (daily units and the generator's expected mean) goes to <out>/truth/daily_truth.csv. ` +
        'The same seed and scale always give the same bytes.',
    )
    .requiredOption('--out <dir>', 'output directory (created)')
    .option('--seed <n>', 'random seed', integer, 42)
    .option(
      '--scale <f>',
      `volume: 1 = ~${STORY.linesAtScale1 / 1e6} M order lines and ${STORY.skusAtScale1} SKUs (SKUs grow with √scale)`,
      positiveNumber,
      0.01,
    )
    .option('--skus <n>', 'number of SKUs (overrides the one derived from --scale)', positiveInteger)
    .addHelpText(
      'after',
      `
Examples:
  $ salescast generate --out data/sample --scale 0.001 --skus 24    # the committed sample (~74 k lines, 4 MB)
  $ salescast generate --out /tmp/retail --scale 0.05 --seed 7       # ~4.3 M lines, ~250 MB, about a minute
  $ salescast generate --out /data/full --scale 1                    # ~85 M lines, ~5 GB, ~5 min of CPU`,
    )
    .action(async (opts: { out: string; seed: number; scale: number; skus?: number }) => {
      const started = Date.now();
      const bar = progress('generating days', 1, 'days');
      const summary = await generate({ ...opts, onProgress: (done, total) => bar.update(done, total) });
      bar.stop();
      const seconds = (Date.now() - started) / 1000;
      const mb = Object.values(summary.files).reduce((a, b) => a + b, 0) / 1e6;
      log(
        `wrote ${opts.out}: ${summary.skus} SKUs, ${summary.orders.toLocaleString('en-US')} orders, ${summary.lines.toLocaleString('en-US')} lines, ` +
          `${summary.returns.toLocaleString('en-US')} returns, ${summary.truthRows.toLocaleString('en-US')} truth rows, ${mb.toFixed(1)} MB in ${seconds.toFixed(1)} s ` +
          `(${Math.round(summary.lines / seconds).toLocaleString('en-US')} lines/s, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB)`,
      );
    });
}
