import { status } from '@grpc/grpc-js';
import { api, events } from '@salescast/contracts';
import { freshDatabase } from '@salescast/infra';
import { call, connect } from '@salescast/platform/grpc/client';
import { apiKeysJson, ensureGoTool, eventually, Stack } from '@salescast/stack';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { ErpPublisher, generateLines } from './support/erp';
import { TopicTail } from './support/topic-tail';

const run = promisify(execFile);

/**
 * Forecasts as a served product, on the real stack with auth on: every SKU's forecast is published
 * once (forecasts.published.v1) at the promotion and again when a day of actuals arrives (origin
 * moved within the 5-minute freshness goal, no retraining); reads from the snapshots (one, batch,
 * stream, category and total, weekly/monthly); calls without or with the wrong credentials are
 * refused; a rotated key works without a restart; grpcurl lists, describes and calls every RPC of
 * every service through reflection alone.
 */
describe('serving forecasts', () => {
  const tag = Date.now().toString(36).toUpperCase();
  const skus = [`SRV-${tag}-A`, `SRV-${tag}-B`, `SRV-${tag}-C`];
  const categories = { [skus[0]]: `cat-${tag}-x`, [skus[1]]: `cat-${tag}-x`, [skus[2]]: `cat-${tag}-y` };
  // 2025 dates: later than the other e2e tests' days on the shared broker
  const historyStart = '2025-03-01';
  const lastHistoryDay = '2025-05-23';
  const newDay = '2025-05-24';
  let stack: Stack;
  let erp: ErpPublisher;
  // every published snapshot of our SKUs, as a consumer of the topic would see it
  const reader = new TopicTail('forecasts.published.v1');
  const published = (): events.ForecastPublished[] =>
    reader.seen.map((m) => m.value).filter((e) => skus.includes(e.sku));
  let grpcurl: string;

  beforeAll(async () => {
    grpcurl = ensureGoTool('grpcurl');
    stack = await Stack.create(
      (await freshDatabase('e2e_serving')).url,
      ['ingestion', 'feature-store', 'training', 'prediction', 'alerting'],
      { TRAINING_MEMBERS: 'snaive', TRAINING_HORIZON_DAYS: '14', PUBLISH_DEBOUNCE_MS: '500' },
    );
    await stack.startAll(); // prediction creates forecasts.published.v1
    await reader.start();
    erp = new ErpPublisher();
    await erp.connect();
  });

  afterAll(async () => {
    await reader.stop();
    await erp?.close();
    await stack?.stopAll();
  });

  const forecasts = () => connect(api.ForecastServiceClient, stack.get('prediction').grpcAddress);

  it('publishes every SKU’s forecast once at the promotion, and serves it with any horizon up to the limit', async () => {
    for (const sku of skus)
      await erp.publish('erp.skus.v1', sku, {
        sku,
        name: sku,
        category: categories[sku],
        unitPrice: 10,
        launchedOn: '',
        discontinuedOn: '',
      });
    await erp.publishLines(generateLines(skus, historyStart, 84, 11));
    const features = connect(api.FeatureServiceClient, stack.get('feature-store').grpcAddress);
    for (const sku of skus)
      await eventually(`84 days of ${sku} in the feature store`, async () => {
        const s = await call(features, features.getDailySeries, { sku, fromDate: '', toDate: '' });
        return s.quantities.length === 84 ? s : undefined;
      });
    features.close();

    const training = connect(api.TrainingServiceClient, stack.get('training').grpcAddress);
    const { run: started } = await call(training, training.startRun, { skus: [], reason: 'e2e serving' });
    const done = await eventually('training run to finish', async () => {
      const { run: r } = await call(training, training.getRun, { runId: started!.runId });
      return r && r.status >= api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED ? r : undefined;
    });
    expect(done.status).toBe(api.TrainingRunStatus.TRAINING_RUN_STATUS_SUCCEEDED);
    training.close();

    const atPromotion = await eventually(
      'a promotion snapshot of every SKU on forecasts.published.v1',
      async () => {
        const p = published().filter(
          (e) => e.reason === events.PublicationReason.PUBLICATION_REASON_PROMOTION,
        );
        return skus.every((s) => p.some((e) => e.sku === s)) ? p : undefined;
      },
      // the prediction service snapshots each promoted SKU after the run; on a loaded CI machine, slowly
      120_000,
    );
    for (const e of atPromotion) {
      expect(e.originDate).toBe(lastHistoryDay);
      expect(e.points[0].date).toBe('2025-05-24');
      expect(e.points.length).toBeGreaterThanOrEqual(366);
      expect(e.points[0].intervals.map((i) => i.level)).toEqual([50, 80, 90, 95, 99]);
      expect(e.category).toBe(categories[e.sku]);
    }

    const client = forecasts();
    const f = await call(client, client.getForecast, { sku: skus[0], horizonDays: 14, levels: [] });
    expect(f.originDate).toBe(lastHistoryDay);
    expect(f.points).toHaveLength(14);
    expect(f.snapshotId).toBe(atPromotion.find((e) => e.sku === skus[0])!.snapshotId);
    expect(f.category).toBe(categories[skus[0]]);
    // reading does not publish: the same snapshot answers again
    const again = await call(client, client.getForecast, { sku: skus[0], horizonDays: 14, levels: [] });
    expect(again.snapshotId).toBe(f.snapshotId);
    expect(again.points).toEqual(f.points);
    // a year ahead works for the model trained for 14 days; beyond the limit is refused naming it
    const year = await call(client, client.getForecast, { sku: skus[1], horizonDays: 366, levels: [99] });
    expect(year.points).toHaveLength(366);
    expect(year.points[365].intervals[0].level).toBe(99);
    await expect(
      call(client, client.getForecast, { sku: skus[1], horizonDays: 367, levels: [] }),
    ).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringMatching(/horizon_days.*366/),
    });
    await expect(
      call(client, client.getForecast, { sku: 'NO-SUCH-SKU', horizonDays: 7, levels: [] }),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
    client.close();
  });

  it('serves batches, a paged stream, weekly and monthly buckets, and category and total sums', async () => {
    const client = forecasts();
    const batch = await call(client, client.batchGetForecasts, {
      skus: [skus[2], 'NO-SUCH-SKU', skus[0]],
      horizonDays: 30,
      levels: [80],
    });
    expect(batch.forecasts.map((f) => f.sku)).toEqual([skus[2], skus[0]]);
    expect(batch.notFound).toEqual(['NO-SUCH-SKU']);

    const pages: api.ListForecastsResponse[] = await new Promise((resolve, reject) => {
      const got: api.ListForecastsResponse[] = [];
      const stream = client.listForecasts({
        category: '',
        horizonDays: 7,
        levels: [],
        pageSize: 2,
        pageToken: '',
      });
      stream.on('data', (p: api.ListForecastsResponse) => got.push(p));
      stream.on('error', reject);
      stream.on('end', () => resolve(got));
    });
    expect(pages.map((p) => p.forecasts.length)).toEqual([2, 1]);
    expect(pages.flatMap((p) => p.forecasts.map((f) => f.sku))).toEqual([...skus].sort());
    expect(pages[1].nextPageToken).toBe('');
    const resumed: api.ListForecastsResponse[] = await new Promise((resolve, reject) => {
      const got: api.ListForecastsResponse[] = [];
      const stream = client.listForecasts({
        category: categories[skus[0]],
        horizonDays: 7,
        levels: [],
        pageSize: 1,
        pageToken: pages[0].nextPageToken,
      });
      stream.on('data', (p: api.ListForecastsResponse) => got.push(p));
      stream.on('error', reject);
      stream.on('end', () => resolve(got));
    });
    // after the first page (A, B) nothing of category x is left
    expect(resumed.flatMap((p) => p.forecasts)).toEqual([]);

    // a refused stream ends at once with its status naming the field (not at the client's deadline)
    const refused = await new Promise<{ code?: number; details?: string }>((resolve) => {
      const stream = client.listForecasts(
        { category: '', horizonDays: 7, levels: [], pageSize: 1, pageToken: 'bm9wZQ' },
        { deadline: Date.now() + 60_000 },
      );
      stream.on('data', () => undefined);
      stream.on('error', (e: { code?: number; details?: string }) => resolve(e));
      stream.on('end', () => resolve({}));
    });
    expect(refused.code).toBe(status.INVALID_ARGUMENT);
    expect(refused.details).toMatch(/page_token/);

    const daily = await call(client, client.getForecast, { sku: skus[0], horizonDays: 60, levels: [80] });
    const monthly = await call(client, client.getForecast, {
      sku: skus[0],
      horizonDays: 60,
      levels: [80],
      granularity: api.Granularity.GRANULARITY_MONTHLY,
    });
    expect(monthly.granularity).toBe(api.Granularity.GRANULARITY_MONTHLY);
    expect(monthly.points.map((p) => [p.date, p.endDate, p.days])).toEqual([
      ['2025-05-24', '2025-05-31', 8],
      ['2025-06-01', '2025-06-30', 30],
      ['2025-07-01', '2025-07-22', 22],
    ]);
    const sum = (ps: api.ForecastPoint[]) => ps.reduce((s, p) => s + p.mean, 0);
    expect(sum(monthly.points)).toBeCloseTo(sum(daily.points), 6);
    const weekly = await call(client, client.getForecast, {
      sku: skus[0],
      horizonDays: 60,
      levels: [80],
      granularity: api.Granularity.GRANULARITY_WEEKLY,
    });
    expect(weekly.points[1].date).toBe('2025-05-26'); // a Monday; 05-24/25 are the partial first week
    expect(weekly.points[0].days).toBe(2);

    const cat = await call(client, client.getAggregateForecast, {
      category: categories[skus[0]],
      horizonDays: 14,
      levels: [80],
    });
    expect(cat.method).toBe(api.AggregationMethod.AGGREGATION_METHOD_SUM_OF_SKUS);
    expect(cat.skuCount).toBe(2);
    expect(cat.note).toMatch(/sum of the SKUs/i);
    const two = await call(client, client.batchGetForecasts, {
      skus: [skus[0], skus[1]],
      horizonDays: 14,
      levels: [80],
    });
    for (let d = 0; d < 14; d++)
      expect(cat.points[d].mean).toBeCloseTo(
        two.forecasts[0].points[d].mean + two.forecasts[1].points[d].mean,
        6,
      );
    const total = await call(client, client.getAggregateForecast, {
      category: '',
      horizonDays: 14,
      levels: [],
    });
    expect(total.skuCount).toBe(3);
    await expect(
      call(client, client.getAggregateForecast, {
        category: 'no-such-category',
        horizonDays: 14,
        levels: [],
      }),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
    client.close();
  });

  it('reflects a new day of actuals in every SKU’s served forecast within 5 minutes, without retraining', async () => {
    const client = forecasts();
    const before = await call(client, client.getForecast, { sku: skus[0], horizonDays: 7, levels: [] });
    const t0 = Date.now();
    await erp.publishLines(generateLines(skus, newDay, 1, 12));
    for (const sku of skus) {
      const f = await eventually(
        `${sku}'s served forecast to start after ${newDay}`,
        async () => {
          const r = await call(client, client.getForecast, { sku, horizonDays: 7, levels: [] });
          return r.originDate === newDay ? r : undefined;
        },
        300_000, // the freshness goal
        500,
      );
      expect(f.points[0].date).toBe('2025-05-25');
      if (sku === skus[0]) {
        expect(f.modelVersionId).toBe(before.modelVersionId); // same champion, no refit
        expect(f.snapshotId).not.toBe(before.snapshotId);
      }
    }
    process.stdout.write(`serving e2e: new actuals reflected in ${Date.now() - t0} ms\n`);
    const moved = await eventually('a NEW_ACTUALS snapshot of every SKU on the topic', async () => {
      const p = published().filter(
        (e) => e.reason === events.PublicationReason.PUBLICATION_REASON_NEW_ACTUALS,
      );
      return skus.every((s) => p.some((e) => e.sku === s && e.originDate === newDay)) ? p : undefined;
    });
    expect(moved.length).toBeGreaterThanOrEqual(3);
    client.close();
  });

  it('refuses calls without a token or without the scope, keeps health open, and takes rotated keys', async () => {
    const address = stack.get('prediction').grpcAddress;
    const anonymous = connect(api.ForecastServiceClient, address, {});
    await expect(
      call(anonymous, anonymous.getForecast, { sku: skus[0], horizonDays: 7, levels: [] }),
    ).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
      details: expect.stringContaining('forecasts:read'),
    });
    anonymous.close();
    const forged = connect(api.ForecastServiceClient, address, { token: 'not-a-key-of-this-stack' });
    await expect(
      call(forged, forged.getForecast, { sku: skus[0], horizonDays: 7, levels: [] }),
    ).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
    forged.close();
    const trainer = connect(api.ForecastServiceClient, address, { token: stack.credentials.trainingWrite });
    await expect(
      call(trainer, trainer.getForecast, { sku: skus[0], horizonDays: 7, levels: [] }),
    ).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    trainer.close();
    const readerOnTraining = connect(api.TrainingServiceClient, stack.get('training').grpcAddress, {
      token: stack.credentials.forecastsRead,
    });
    await expect(
      call(readerOnTraining, readerOnTraining.startRun, { skus: [], reason: 'not allowed' }),
    ).rejects.toMatchObject({
      code: status.PERMISSION_DENIED,
      details: expect.stringContaining('training:write'),
    });
    readerOnTraining.close();

    // health needs no token
    const { stdout } = await run(grpcurl, ['-plaintext', address, 'grpc.health.v1.Health/Check']);
    expect(JSON.parse(stdout)).toEqual({ status: 'SERVING' });

    // rotation: rewrite the mounted key file; the new key works and the old one stops, no restart
    const rotated = 'rotated-reader-token-' + tag;
    writeFileSync(stack.credentials.keysFile, apiKeysJson({ ...stack.credentials, forecastsRead: rotated }));
    const fresh = connect(api.ForecastServiceClient, address, { token: rotated });
    await eventually('the rotated key to be accepted', () =>
      call(fresh, fresh.getForecast, { sku: skus[0], horizonDays: 7, levels: [] }),
    );
    fresh.close();
    const old = connect(api.ForecastServiceClient, address, { token: stack.credentials.forecastsRead });
    await expect(
      call(old, old.getForecast, { sku: skus[0], horizonDays: 7, levels: [] }),
    ).rejects.toMatchObject({
      code: status.UNAUTHENTICATED,
    });
    old.close();
  });

  it('answers grpcurl through reflection alone: every service lists, describes and calls each of its RPCs', async () => {
    const auth = ['-H', `authorization: Bearer ${stack.credentials.admin}`];
    const grpcurlJson = async (addr: string, method: string, body: object) => {
      const { stdout } = await run(grpcurl, [
        '-plaintext',
        ...auth,
        '-d',
        JSON.stringify(body),
        addr,
        method,
      ]);
      // a server stream prints one JSON object per message
      return stdout.trim()
        ? stdout
            .trim()
            .split(/\n(?=\{)/)
            .map((s) => JSON.parse(s))
        : [];
    };
    const served: Record<string, string[]> = {
      ingestion: [],
      'feature-store': ['salescast.api.v1.FeatureService'],
      training: ['salescast.api.v1.TrainingService'],
      prediction: ['salescast.api.v1.ForecastService', 'salescast.api.v1.ReorderService'],
      alerting: ['salescast.api.v1.MonitoringService'],
    };
    for (const [name, services] of Object.entries(served)) {
      const addr = stack.get(name as never).grpcAddress;
      const { stdout } = await run(grpcurl, ['-plaintext', addr, 'list']);
      expect(stdout.split('\n').filter((l) => l && !l.startsWith('grpc.reflection.'))).toEqual(
        ['grpc.health.v1.Health', ...services].sort(),
      );
      for (const s of ['grpc.health.v1.Health', ...services]) {
        const d = await run(grpcurl, ['-plaintext', addr, 'describe', s]);
        expect(d.stdout).toContain(`service ${s.split('.').pop()} {`);
      }
      const [health] = await grpcurlJson(addr, 'grpc.health.v1.Health/Check', {});
      expect(health.status).toBe('SERVING');
    }
    // the well-known types a message uses resolve (the bug that broke every call before)
    const ts = await run(grpcurl, [
      '-plaintext',
      stack.get('training').grpcAddress,
      'describe',
      'salescast.api.v1.ModelVersion',
    ]);
    expect(ts.stdout).toContain('.google.protobuf.Timestamp trained_at');

    const p = stack.get('prediction').grpcAddress;
    const [one] = await grpcurlJson(p, 'salescast.api.v1.ForecastService/GetForecast', {
      sku: skus[0],
      horizon_days: 3,
      granularity: 'GRANULARITY_DAILY',
    });
    expect(one.points).toHaveLength(3);
    const [batch] = await grpcurlJson(p, 'salescast.api.v1.ForecastService/BatchGetForecasts', {
      skus,
      horizon_days: 3,
    });
    expect(batch.forecasts).toHaveLength(3);
    const pages = await grpcurlJson(p, 'salescast.api.v1.ForecastService/ListForecasts', {
      horizon_days: 3,
      page_size: 2,
    });
    expect(pages).toHaveLength(2);
    const [agg] = await grpcurlJson(p, 'salescast.api.v1.ForecastService/GetAggregateForecast', {
      horizon_days: 3,
    });
    expect(agg.method).toBe('AGGREGATION_METHOD_SUM_OF_SKUS');

    // no supply terms were published here: the plan says so rather than failing
    const [plans] = await grpcurlJson(p, 'salescast.api.v1.ReorderService/GetReorderPlan', {
      skus: [skus[0]],
    });
    expect(plans.plans.map((x: { sku: string }) => x.sku)).toEqual([skus[0]]);

    const fs = stack.get('feature-store').grpcAddress;
    const [series] = await grpcurlJson(fs, 'salescast.api.v1.FeatureService/GetDailySeries', {
      sku: skus[0],
    });
    expect(series.quantities.length).toBeGreaterThanOrEqual(84);
    const [listed] = await grpcurlJson(fs, 'salescast.api.v1.FeatureService/ListSkus', {});
    expect(listed.skus).toEqual(expect.arrayContaining(skus));

    const tr = stack.get('training').grpcAddress;
    const [champions] = await grpcurlJson(tr, 'salescast.api.v1.TrainingService/ListChampions', {});
    expect(champions.champions.length).toBe(3);
    const [version] = await grpcurlJson(tr, 'salescast.api.v1.TrainingService/GetModelVersion', {
      model_version_id: champions.champions[0].model_version_id ?? champions.champions[0].modelVersionId,
    });
    expect(version.version.sku).toBeDefined();
    const [startedRun] = await grpcurlJson(tr, 'salescast.api.v1.TrainingService/StartRun', {
      skus: [skus[0]],
      reason: 'grpcurl',
    });
    const runId = startedRun.run.run_id ?? startedRun.run.runId;
    const [got] = await grpcurlJson(tr, 'salescast.api.v1.TrainingService/GetRun', { run_id: runId });
    expect(got.run.status).toMatch(/^TRAINING_RUN_STATUS_/);
    const [versions] = await grpcurlJson(tr, 'salescast.api.v1.TrainingService/ListModelVersions', {
      sku: skus[0],
    });
    expect(versions.versions.length).toBeGreaterThanOrEqual(1);

    const [accuracy] = await grpcurlJson(
      stack.get('alerting').grpcAddress,
      'salescast.api.v1.MonitoringService/GetAccuracy',
      {
        sku: skus[0],
      },
    );
    expect(accuracy.sku).toBe(skus[0]);
    const [alerts] = await grpcurlJson(
      stack.get('alerting').grpcAddress,
      'salescast.api.v1.MonitoringService/ListAlerts',
      {},
    );
    expect(Array.isArray(alerts?.alerts ?? [])).toBe(true); // answered (an error would have thrown)

    // without the token grpcurl gets UNAUTHENTICATED, not a reflection error
    await expect(
      run(grpcurl, [
        '-plaintext',
        '-d',
        '{"sku":"x","horizon_days":1}',
        p,
        'salescast.api.v1.ForecastService/GetForecast',
      ]),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('Unauthenticated') });
  });
});
