/**
 * The `ml-xgboost` package (XGBoost 0.7 compiled to WASM) behind one leak-proof call.
 *
 * Loading is asynchronous (the package exports a Promise of its class) while `ModelSpec.fit` is
 * synchronous, so callers `await loadXgboost()` once before fitting the tree models (the pipeline does it
 * at start-up); a fit before that throws a ModelFitError that says so.
 *
 * Memory: a booster lives in WASM memory that the garbage collector never frees. `trainAndPredict`
 * trains, predicts and frees the booster in one `try/finally`; no booster outlives the call, so a fitted
 * model holds only numbers (see tree-models.ts for why that is enough).
 *
 * Missing values: the package's C wrapper builds its matrices with `missing = -1` and XGBoost aborts on
 * NaN in that mode, so `toXgboostValue` maps NaN to -1 and nudges a genuine -1 to the next float32 above.
 */

export type XgboostParams = Record<string, string | number>;

interface Booster {
  model?: number;
  train(x: number[][], y: number[]): void;
  predict(x: number[][]): number[];
  free(): void;
}

type BoosterClass = new (params: XgboostParams) => Booster;

interface WasmModule {
  HEAP8: Int8Array;
}

let XGBoost: BoosterClass | undefined;
let loading: Promise<void> | undefined;

/**
 * Requires ml-xgboost with `WebAssembly.instantiateStreaming` hidden. Its Emscripten loader tries streaming
 * compilation first whenever that function exists, by `fetch`ing the .wasm file's path, which Node's fetch
 * cannot read ("Failed to parse URL"): it then prints two lines on stderr and falls back to reading the file
 * into an ArrayBuffer. The package gives no option to skip the attempt (its Module object is created inside
 * the script), so the fallback is taken directly; the choice is made synchronously while the script runs.
 */
function requireWithoutStreaming(): Promise<BoosterClass> {
  const wasm = (globalThis as unknown as { WebAssembly: { instantiateStreaming?: unknown } }).WebAssembly;
  const descriptor = Object.getOwnPropertyDescriptor(wasm, 'instantiateStreaming');
  if (descriptor?.configurable) delete wasm.instantiateStreaming;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package is CommonJS exporting a Promise
    return require('ml-xgboost') as Promise<BoosterClass>;
  } finally {
    if (descriptor?.configurable) Object.defineProperty(wasm, 'instantiateStreaming', descriptor);
  }
}

/** Loads the XGBoost WASM runtime once; later calls return the same promise. */
export function loadXgboost(): Promise<void> {
  loading ??= requireWithoutStreaming().then((cls) => {
    XGBoost = cls;
  });
  return loading;
}

export function xgboostLoaded(): boolean {
  return XGBoost !== undefined;
}

const MISSING = -1;
const ABOVE_MISSING = Math.fround(-1 + 2 ** -23);

/** A feature value as the WASM matrix must hold it (NaN = missing = -1). */
export function toXgboostValue(v: number): number {
  if (!Number.isFinite(v)) return MISSING;
  return Math.fround(v) === MISSING ? ABOVE_MISSING : v;
}

/**
 * Trains a booster on (x, y), predicts `xNew` and frees the booster. Throws if the runtime is not loaded.
 */
export function trainAndPredict(
  x: number[][],
  y: number[],
  xNew: number[][],
  params: XgboostParams,
): number[] {
  if (!XGBoost) throw new Error('the XGBoost WASM runtime is not loaded: await loadXgboost() before fitting');
  const clean = (rows: number[][]) => rows.map((r) => r.map(toXgboostValue));
  const booster = new XGBoost(params);
  try {
    booster.train(clean(x), y);
    return booster.predict(clean(xNew));
  } finally {
    if (booster.model) booster.free();
  }
}

/** Bytes of WASM linear memory the XGBoost runtime holds now (it only grows; a leak shows as growth). */
export function xgboostWasmHeapBytes(): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the emscripten module the package itself loads
  return (require('ml-xgboost/dist/wasm/xgboost') as WasmModule).HEAP8.length;
}
