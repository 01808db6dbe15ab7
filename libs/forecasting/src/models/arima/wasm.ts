import path from 'node:path';

/**
 * The `arima` package (an emscripten build of the C library ctsa) behind one small, leak-proof call.
 *
 * Why not just `require('arima')`: its public API returns only the forecast and its variance. The
 * fitted coefficients, chosen orders, σ² and AIC exist only in the summary that the C code prints when
 * `verbose` is on, and the WASM memory is not exposed at all. So this module instantiates the package's
 * own WASM build (the same three files its `index.js` loads, synchronously) with `print` routed into a
 * buffer, which gives us (a) the summary text to parse (see summary.ts) and (b) the WASM heap, for the
 * soak test that proves memory stays flat.
 *
 * Memory: every fitted C model lives in WASM linear memory, which the JS garbage collector never frees.
 * `runArima` therefore trains, predicts and calls the package's `destroy()` in one `try/finally`, so no
 * fitted model outlives the call, whatever is thrown. Callers keep only plain numbers.
 */

/** Options of the package's `new ARIMA(options)` (see node_modules/arima/README.md). */
export interface ArimaPackageOptions {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  /** Seasonal period (0 = none). */
  s: number;
  auto: boolean;
  /** 0 exact ML (default), 1 CSS, 2 Box–Jenkins. */
  method?: number;
  /** 6 = L-BFGS (default). */
  optimizer?: number;
  /** AutoARIMA: 1 = approximate likelihood during the search. */
  approximation?: number;
  /** AutoARIMA: 1 = stepwise search. */
  search?: number;
}

interface PackageInstance {
  /** Pointer to the fitted C model, null after destroy(). */
  model: number | null;
  train(ts: number[]): PackageInstance;
  predict(steps: number): [number[], number[]];
  destroy(): void;
}

interface WasmModule {
  HEAP8: Int8Array;
}

interface Runtime {
  wasm: WasmModule;
  ARIMA: new (options: ArimaPackageOptions & { verbose: boolean }) => PackageInstance;
  printed: string[];
}

let runtime: Runtime | undefined;

function loadRuntime(): Runtime {
  if (runtime) return runtime;
  const dir = path.dirname(require.resolve('arima'));
  /* eslint-disable @typescript-eslint/no-require-imports -- package-internal files, resolved at run time (see above) */
  const createModule = require(path.join(dir, 'wasm', 'native-sync.js')) as (o: object) => WasmModule;
  const wasmBinary = require(path.join(dir, 'wrapper', 'native.bin.js')) as Uint8Array;
  const bind = require(path.join(dir, 'load.js')) as (m: WasmModule) => Runtime['ARIMA'];
  /* eslint-enable @typescript-eslint/no-require-imports */
  const printed: string[] = [];
  const wasm = createModule({
    wasmBinary,
    print: (s: string) => printed.push(s),
    printErr: (s: string) => printed.push(s),
  });
  runtime = { wasm, ARIMA: bind(wasm), printed };
  return runtime;
}

export interface ArimaRun {
  mean: number[];
  /** Forecast error variance per step (the package's "amse"). */
  variance: number[];
  /** What the C code printed: the model summary (and, for AutoARIMA, one line per candidate). */
  summary: string;
  /**
   * Where the fitted C model lived in WASM memory (freed by now). Diagnostics for the soak test: with
   * every allocation freed, the allocator reuses the same region; a leak shows as addresses creeping up.
   */
  modelAddress: number;
}

/**
 * Fits `y` with the given options, forecasts `steps` ahead and frees the C model before returning.
 * Throws what the package throws (e.g. "Series too short"); a WASM trap also drops the runtime so that
 * the next call starts from a fresh instance instead of a possibly corrupted heap.
 */
export function runArima(y: readonly number[], options: ArimaPackageOptions, steps: number): ArimaRun {
  const rt = loadRuntime();
  rt.printed.length = 0;
  let instance: PackageInstance | undefined;
  try {
    instance = new rt.ARIMA({ ...options, verbose: true });
    instance.train(y.slice());
    const [mean, variance] = instance.predict(steps);
    return { mean, variance, summary: rt.printed.join('\n'), modelAddress: instance.model ?? 0 };
  } catch (e) {
    if (e instanceof Error && e.name === 'RuntimeError') runtime = undefined; // a WebAssembly trap
    throw e;
  } finally {
    instance?.destroy();
    rt.printed.length = 0;
  }
}

/** Bytes of WASM linear memory the ARIMA runtime holds now (it only grows; a leak shows as growth). */
export function arimaWasmHeapBytes(): number {
  return loadRuntime().wasm.HEAP8.length;
}
