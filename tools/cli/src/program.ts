import { Command } from 'commander';
import { COMMANDS } from './commands';

/** The `salescast` program with every sub-command registered (parse it with parseAsync). */
export function createProgram(): Command {
  const program = new Command('salescast')
    .description('Demand forecasting for e-commerce on a laptop: generate data, forecast per SKU, evaluate.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage and examples)')
    .addHelpText(
      'after',
      `
Examples:
  $ salescast generate --out /tmp/retail --scale 0.01
  $ salescast forecast --data /tmp/retail --out /tmp/forecast && open /tmp/forecast/report.html
  $ salescast evaluate --forecast /tmp/forecast/forecasts.csv --truth /tmp/retail/truth/daily_truth.csv --data /tmp/retail

Run 'salescast <command> --help' for each command's options. Logs go to stderr, results to files (and
evaluate's table to stdout).`,
    );
  for (const register of COMMANDS) register(program);
  return program;
}
