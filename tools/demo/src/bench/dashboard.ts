import autocannon from 'autocannon';
import { Command } from 'commander';
import { FILE_NAMES, generate, readRecords } from '@salescast/datagen';
import { ensureInfra, freshDatabase } from '@salescast/infra';
import { publish } from '@salescast/loader';
import { eventually, Stack } from '@salescast/stack';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** The number of distinct SKUs in a data set's sales_lines.csv, read with the format's own reader. */
async function soldSkus(dataDir: string): Promise<number> {
  const skus = new Set<string>();
  for await (const row of readRecords('sales_lines', join(dataDir, FILE_NAMES.sales_lines), {
    dedupe: false,
  }))
    if (row.ok) skus.add(row.record.sku);
  return skus.size;
}

const say = (m: string) => process.stderr.write(`${m}\n`);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-sync',
];
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (v: number) => `${Math.round(v)} ms`;

/**
 * The dashboard and the REST API against a real stack holding `skus` trained SKUs: the first load of
 * the dashboard and a SKU switch, timed in Chromium, and the forecast endpoint under `connections`
 * concurrent clients (autocannon), with their goals beside them.
 */
async function bench(o: {
  skus: number;
  loads: number;
  switches: number;
  connections: number;
  seconds: number;
}) {
  const infra = await ensureInfra();
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  const db = await freshDatabase('bench_dashboard', infra.databaseUrl);
  const data = mkdtempSync(join(tmpdir(), 'bench-dashboard-'));
  const stack = await Stack.create(
    db.url,
    ['ingestion', 'feature-store', 'training', 'prediction', 'alerting', 'gateway'],
    {
      TRAINING_MEMBERS: 'snaive',
      TRAINING_HORIZON_DAYS: '62',
      LOG_LEVEL: 'warn',
    },
  );
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    say(`generating ${o.skus} SKUs …`);
    const g = await generate({ out: data, seed: 7, scale: 0.004 * (o.skus / 1000), skus: o.skus });
    // SKUs launched after the last day (or never sold) have no series: wait for those that sold
    const sold = await soldSkus(data);
    say(`  ${g.skus} SKUs (${sold} with sales), ${g.lines.toLocaleString('en-US')} order lines`);
    await stack.startAll();
    const base = stack.get('gateway').httpUrl;
    say('publishing them as ERP events …');
    await publish({ brokers: infra.kafkaBrokers.split(','), dataDir: data });
    const signIn = async (username: string) => {
      const u = stack.gatewayUsers.find((x) => x.username === username)!;
      const r = await fetch(`${base}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: u.password }),
      });
      return (await r.json()) as { access_token: string; expires_in: number; user: unknown };
    };
    const admin = await signIn('admin');
    const auth = { Authorization: `Bearer ${admin.access_token}` };
    const skus = await eventually(
      `${sold} SKUs in the feature store`,
      async () => {
        const r = (await (await fetch(`${base}/api/v1/skus?page_size=10000`, { headers: auth })).json()) as {
          skus: string[];
        };
        return r.skus?.length === sold ? r.skus : undefined;
      },
      1_800_000,
      2000,
    );
    say('training (snaive) …');
    const started = (await (
      await fetch(`${base}/api/v1/runs`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: '{"reason":"bench"}',
      })
    ).json()) as { run_id: string };
    await eventually(
      'the training run',
      async () => {
        const r = (await (
          await fetch(`${base}/api/v1/runs/${started.run_id}`, { headers: auth })
        ).json()) as { status: string; skus_done: number };
        return /SUCCEEDED|FAILED/.test(r.status) ? r : undefined;
      },
      3_600_000,
      2000,
    );
    const sample = Array.from(
      { length: Math.max(o.loads, o.switches) + 1 },
      (_, i) => skus[(i * 7919) % skus.length],
    );
    for (const s of sample)
      await eventually(`forecast of ${s}`, async () =>
        (await fetch(`${base}/api/v1/skus/${s}/forecast`, { headers: auth })).ok ? true : undefined,
      );

    const planner = await signIn('planner');
    const session = JSON.stringify({
      token: planner.access_token,
      user: planner.user,
      expiresAt: Date.now() + planner.expires_in * 1000,
    });
    const loaded = (sku: string) => `[data-testid="forecast-card"][data-loaded="${sku}"]`;
    const frame = 'new Promise((r) => requestAnimationFrame(() => r(0)))';

    say(`first load, ${o.loads}× in a fresh browser context (cold cache) …`);
    const loads: number[] = [];
    for (let i = 0; i < o.loads; i++) {
      const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await ctx.addInitScript(`sessionStorage.setItem('salescast.session', ${JSON.stringify(session)})`);
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(`${base}/?sku=${encodeURIComponent(sample[i])}`);
      await page.waitForSelector(loaded(sample[i]), { timeout: 60_000 });
      await page.evaluate(frame);
      loads.push(performance.now() - t0);
      await ctx.close();
    }

    say(`SKU switch, ${o.switches}× …`);
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await ctx.addInitScript(`sessionStorage.setItem('salescast.session', ${JSON.stringify(session)})`);
    const page = await ctx.newPage();
    await page.goto(`${base}/?sku=${encodeURIComponent(sample[0])}`);
    await page.waitForSelector(loaded(sample[0]), { timeout: 60_000 });
    const switches: number[] = [];
    for (let i = 1; i <= o.switches; i++) {
      await page.getByLabel('Search SKU').fill(sample[i]);
      const option = page.getByRole('option', { name: sample[i], exact: true });
      await option.waitFor();
      const t0 = performance.now();
      await option.dispatchEvent('mousedown');
      await page.waitForSelector(loaded(sample[i]), { timeout: 60_000 });
      await page.evaluate(frame);
      switches.push(performance.now() - t0);
    }
    await ctx.close();

    say(`REST forecast endpoint, ${o.connections} clients for ${o.seconds} s …`);
    let n = 0;
    const ac = await autocannon({
      url: base,
      connections: o.connections,
      duration: o.seconds,
      headers: { authorization: `Bearer ${planner.access_token}` },
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({
            ...req,
            path: `/api/v1/skus/${encodeURIComponent(skus[n++ % skus.length])}/forecast?horizon_days=62&levels=80,95`,
          }),
        },
      ],
    });

    const rows = [
      ['measure', 'median', 'p90', 'max', 'goal'],
      [
        'first load (navigation → chart drawn)',
        ms(quantile(loads, 0.5)),
        ms(quantile(loads, 0.9)),
        ms(Math.max(...loads)),
        '< 3 s',
      ],
      [
        'SKU switch (pick → chart drawn)',
        ms(quantile(switches, 0.5)),
        ms(quantile(switches, 0.9)),
        ms(Math.max(...switches)),
        '< 300 ms',
      ],
    ];
    const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) process.stdout.write(`${r.map((v, c) => v.padEnd(w[c])).join('  ')}\n`);
    process.stdout.write(
      `\nGET /api/v1/skus/{sku}/forecast (62 days, 80/95 %), ${o.connections} clients, ${o.seconds} s: ` +
        `${Math.round(ac.requests.average)} req/s, p50 ${ac.latency.p50} ms, p99 ${ac.latency.p99} ms, max ${ac.latency.max} ms, ` +
        `${ac.non2xx} non-2xx, ${ac.errors} errors\n`,
    );
    process.stdout.write(
      `${g.skus} SKUs; machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  } finally {
    await browser.close();
    await stack.stopAll();
    await infra.stop();
    rmSync(data, { recursive: true, force: true });
  }
}

new Command('bench:dashboard')
  .description(
    'Times the dashboard (first load, SKU switch) in Chromium and the REST forecast endpoint under load, on a real stack with N trained SKUs.',
  )
  .option('--skus <n>', 'SKUs in the generated data set', (v) => Number.parseInt(v, 10), 1000)
  .option('--loads <n>', 'first loads to time', (v) => Number.parseInt(v, 10), 5)
  .option('--switches <n>', 'SKU switches to time', (v) => Number.parseInt(v, 10), 20)
  .option('--connections <n>', 'concurrent REST clients', (v) => Number.parseInt(v, 10), 50)
  .option('--seconds <n>', 'duration of the REST load', (v) => Number.parseInt(v, 10), 20)
  .addHelpText(
    'after',
    '\nExample:\n  $ nice -n 10 npm run bench:dashboard -- --skus 1000\n\nNeeds /usr/bin/chromium (or CHROMIUM_PATH). Kafka/PostgreSQL: found or started like npm run demo.',
  )
  .action((opts) => bench(opts))
  .parseAsync()
  .catch((e: Error) => {
    process.stderr.write(`bench:dashboard failed: ${e.message}\n`);
    process.exit(1);
  });
