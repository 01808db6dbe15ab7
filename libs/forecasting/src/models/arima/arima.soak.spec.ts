import { seededRandom } from '../../core/stats';
import { Series } from '../../core/types';
import { createArimaModel, sarimaModel } from './arima';
import { arimaWasmHeapBytes, runArima } from './wasm';

/**
 * SOAK: thousands of ARIMA fits must leave WASM memory flat (every C model is freed, see wasm.ts).
 * Two probes: the WASM heap size (grows only when the allocator runs out), and the highest address a
 * fitted C model was given (a leak of even a few bytes per fit makes fresh allocations creep upward).
 */

function randomWalk(n: number, rnd: () => number): number[] {
  const y: number[] = [];
  let level = 100;
  for (let i = 0; i < n; i++) {
    level += rnd() - 0.5;
    y.push(level + 5 * Math.sin((2 * Math.PI * i) / 12) + rnd());
  }
  return y;
}

const options = { p: 1, d: 1, q: 1, P: 0, D: 0, Q: 0, s: 0, auto: false };

describe('SOAK arima: 2,000 fits with flat WASM memory', () => {
  it('keeps the WASM heap and allocation addresses bounded after warm-up', () => {
    const rnd = seededRandom(11);
    const fitOnce = () => runArima(randomWalk(40, rnd), options, 12).modelAddress;
    let warmMax = 0;
    for (let i = 0; i < 100; i++) warmMax = Math.max(warmMax, fitOnce());
    const heapAfterWarmUp = arimaWasmHeapBytes();
    const rssAfterWarmUp = process.memoryUsage().rss;

    const started = Date.now();
    let soakMax = 0;
    for (let i = 0; i < 2000; i++) soakMax = Math.max(soakMax, fitOnce());
    const seconds = (Date.now() - started) / 1000;
    const rssGrowthMb = (process.memoryUsage().rss - rssAfterWarmUp) / 2 ** 20;
    console.info(
      `arima soak: 2000 fits in ${seconds.toFixed(1)} s; WASM heap ${heapAfterWarmUp} -> ${arimaWasmHeapBytes()} bytes; ` +
        `max model address ${warmMax} -> ${soakMax}; RSS ${rssGrowthMb.toFixed(1)} MB`,
    );

    expect(arimaWasmHeapBytes()).toBe(heapAfterWarmUp);
    expect(soakMax - warmMax).toBeLessThanOrEqual(64 * 1024);
    expect(rssGrowthMb).toBeLessThan(64);
  });

  it('frees through the model interface too: 300 seasonal fits + predictions past the cache', () => {
    const rnd = seededRandom(12);
    const spec = createArimaModel({ order: [0, 1, 1] });
    const fitBoth = () => {
      const series: Series = { id: 's', freq: 'monthly', start: '2000-01-01', y: randomWalk(48, rnd) };
      sarimaModel.fit(series, { seasonPeriod: 12 }).predict(30);
      spec.fit(series, { seasonPeriod: 12 }).predict(30);
    };
    for (let i = 0; i < 20; i++) fitBoth();
    const heap = arimaWasmHeapBytes();
    for (let i = 0; i < 300; i++) fitBoth();
    expect(arimaWasmHeapBytes()).toBe(heap);
  });
});
