import { fork } from 'node:child_process';
import { backfill } from '../backfill';
import { publish } from '../publish';

/** What a measured phase reports back to the bench: its figures and the peak RSS of its own process. */
export interface PhaseResult {
  figures: Record<string, number>;
  peakRssMb: number;
}

export type PhaseName = 'backfill' | 'publish';

/** Runs one phase in a child process of its own, so that its peak RSS is its own and nothing else's. */
export function runPhase(name: PhaseName, args: Record<string, string | number>): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [name, JSON.stringify(args)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: PhaseResult | undefined;
    child.on('message', (m) => (result = m as PhaseResult));
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`${name} phase exited with code ${code}`)),
    );
  });
}

const PHASES: Record<PhaseName, (args: Record<string, string>) => Promise<Record<string, number>>> = {
  backfill: async (a) => {
    const s = await backfill({ databaseUrl: a.databaseUrl, dataDir: a.dataDir, rejectsPath: a.rejectsPath });
    const lines = s.files[0];
    return {
      lines: lines.inserted,
      lineSeconds: lines.seconds,
      totalSeconds: s.files.reduce((t, f) => t + f.seconds, 0) + s.rebuildSeconds,
      returns: s.files[1]?.inserted ?? 0,
      rebuiltDays: s.rebuiltDays,
      rebuildSeconds: s.rebuildSeconds,
      rejects: s.rejects.total,
    };
  },
  publish: async (a) => {
    const s = await publish({
      brokers: a.brokers.split(','),
      dataDir: a.dataDir,
      kinds: ['sales_lines'],
      limit: Number(a.limit),
      batchSize: Number(a.batchSize ?? 5000),
      inFlight: Number(a.inFlight ?? 4),
    });
    return { events: s.published.sales_lines ?? 0, seconds: s.seconds };
  },
};

if (require.main === module) {
  const [name, json] = process.argv.slice(2) as [PhaseName, string];
  PHASES[name](JSON.parse(json)).then(
    (figures) => {
      const result: PhaseResult = { figures, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
      process.send?.(result, () => process.exit(0));
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
