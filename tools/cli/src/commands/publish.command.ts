import { Command, InvalidArgumentError } from 'commander';
import { RECORD_KINDS, RecordKind } from '@salescast/datagen';
import { publish } from '@salescast/loader';
import { positiveInteger } from '../options';
import { log } from '../log';

interface PublishCliOptions {
  data: string;
  brokers?: string;
  kinds?: RecordKind[];
  rate?: number;
  batch: number;
  inFlight: number;
  limit?: number;
  workers: number;
}

function recordKinds(value: string): RecordKind[] {
  const kinds = value.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !(RECORD_KINDS as readonly string[]).includes(k));
  if (unknown.length)
    throw new InvalidArgumentError(
      `unknown kind ${unknown.join(', ')}; want some of ${RECORD_KINDS.join(',')}`,
    );
  return kinds as RecordKind[];
}

/** `salescast publish`: replays a data set's files as erp.* Kafka events. */
export function registerPublish(program: Command): void {
  program
    .command('publish')
    .summary(
      'replay a data set as erp.* Kafka events (protobuf, keyed by SKU) to test the live path at volume',
    )
    .description(
      'Reads the data set files and publishes each valid row as the event the ERP would send (sales_lines.csv → ' +
        'erp.sales-lines.v1, returns.csv → erp.returns.v1, skus.csv → erp.skus.v1, supply_terms.csv → erp.supply-terms.v1, ' +
        'business_events.csv → erp.business-events.v1), the SKU master first. Batched, several requests in flight, ' +
        'acknowledged by all in-sync replicas; --rate caps events per second. Invalid rows are skipped and counted. ' +
        'See docs/backfill.md.',
    )
    .requiredOption('--data <dir>', 'data set directory')
    .option('--brokers <list>', 'Kafka bootstrap servers host:port[,…] (default: $KAFKA_BROKERS)')
    .option(
      '--kinds <list>',
      `comma-separated kinds (default: every file present): ${RECORD_KINDS.join(',')}`,
      recordKinds,
    )
    .option('--rate <n>', 'events per second (default: as fast as the broker takes them)', positiveInteger)
    .option('--batch <n>', 'events per producer request', positiveInteger, 5000)
    .option('--in-flight <n>', 'producer requests awaiting acknowledgement at once', positiveInteger, 4)
    .option('--limit <n>', 'publish at most this many events per kind', positiveInteger)
    .option(
      '--workers <n>',
      'publishing threads, each with its own idempotent producer for its share of the partitions',
      positiveInteger,
      1,
    )
    .addHelpText(
      'after',
      `
Examples:
  $ KAFKA_BROKERS=127.0.0.1:9092 salescast publish --data data/sample
  $ salescast publish --data /tmp/retail --kinds sales_lines,returns --rate 20000
  $ salescast publish --data /data/full --kinds sales_lines --limit 1000000 --brokers kafka:9092`,
    )
    .action(async (opts: PublishCliOptions) => {
      const brokers = opts.brokers ?? process.env.KAFKA_BROKERS;
      if (!brokers) throw new Error('no broker: pass --brokers or set KAFKA_BROKERS');
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      let last = Date.now();
      const summary = await publish({
        brokers: brokers.split(','),
        dataDir: opts.data,
        kinds: opts.kinds,
        rate: opts.rate,
        batchSize: opts.batch,
        inFlight: opts.inFlight,
        limit: opts.limit,
        workers: opts.workers,
        signal: stop.signal,
        onProgress: ({ kind, events }) => {
          if (Date.now() - last < 5000) return;
          last = Date.now();
          log(`${kind}: ${events.toLocaleString('en-US')} events published`);
        },
      });
      const total = Object.values(summary.published).reduce((a, b) => a + (b ?? 0), 0);
      for (const [kind, n] of Object.entries(summary.published))
        log(`${kind}: ${(n ?? 0).toLocaleString('en-US')} events`);
      log(
        `published ${total.toLocaleString('en-US')} events in ${summary.seconds.toFixed(1)} s (${Math.round(total / summary.seconds).toLocaleString('en-US')} events/s)`,
      );
      log(summary.rejects.summary());
    });
}
