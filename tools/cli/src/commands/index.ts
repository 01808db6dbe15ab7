import { Command } from 'commander';
import { registerBackfill } from './backfill.command';
import { registerEvaluate } from './evaluate.command';
import { registerForecast } from './forecast.command';
import { registerGenerate } from './generate.command';
import { registerPublish } from './publish.command';
import { registerSimulate } from './simulate.command';

/**
 * Every sub-command registers itself on the program. Commands that need infrastructure (`backfill`,
 * `publish`, next to the ingestion service) live in their own files and are added to this list.
 */
export const COMMANDS: ReadonlyArray<(program: Command) => void> = [
  registerGenerate,
  registerForecast,
  registerEvaluate,
  registerBackfill,
  registerPublish,
  registerSimulate,
];
