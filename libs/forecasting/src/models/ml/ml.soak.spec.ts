import { seededRandom } from '../../core/stats';
import { Series } from '../../core/types';
import { loadMlModels, xgboostModel } from './tree-models';
import { trainAndPredict, xgboostWasmHeapBytes } from './xgboost-runtime';

/**
 * SOAK: boosters live in WASM memory the garbage collector never frees; every fit must free its own.
 * The probe is sensitive enough: the same 400 fits WITHOUT free() grow the heap from 16 MB to 32 MB
 * (measured with the package directly), while with free() it stays at 16 MB.
 */

beforeAll(() => loadMlModels());

describe('SOAK xgboost: repeated fits with flat WASM memory', () => {
  it('keeps the WASM heap flat over 400 train/predict/free cycles', () => {
    const rnd = seededRandom(5);
    const x = Array.from({ length: 200 }, () => Array.from({ length: 10 }, () => rnd()));
    const y = x.map((r) => 3 * r[0] + Math.sin(6 * r[1]));
    const cycle = (seed: number) =>
      trainAndPredict(x, y, x.slice(0, 5), { max_depth: 4, eta: 0.3, iterations: 20, subsample: 0.8, seed });
    for (let i = 0; i < 20; i++) cycle(i);
    const heap = xgboostWasmHeapBytes();
    const started = Date.now();
    for (let i = 0; i < 400; i++) cycle(i);
    console.info(
      `xgboost soak: 400 fits in ${((Date.now() - started) / 1000).toFixed(1)} s; WASM heap ${heap} -> ${xgboostWasmHeapBytes()} bytes`,
    );
    expect(xgboostWasmHeapBytes()).toBe(heap);
  });

  it('frees through the model interface too (30 monthly series, 3 boosters each)', () => {
    const rnd = seededRandom(6);
    const fit = () => {
      const series: Series = {
        id: 'm',
        freq: 'monthly',
        start: '2010-01-01',
        y: Array.from({ length: 80 }, (_, t) => 100 + 20 * Math.sin(t / 2) + 5 * rnd()),
      };
      xgboostModel.fit(series, { seasonPeriod: 12, maxHorizon: 18 });
    };
    for (let i = 0; i < 5; i++) fit();
    const heap = xgboostWasmHeapBytes();
    for (let i = 0; i < 30; i++) fit();
    expect(xgboostWasmHeapBytes()).toBe(heap);
  });
});
