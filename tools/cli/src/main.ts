import { createProgram } from './program';
import { log } from './log';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    log(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
