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
  /** The package's defaults merged with the caller's parameters, as strings (iterations stays a number). */
  options: Record<string, string | number>;
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

/** The raw exports of the package's Emscripten module that a heap-side training needs. */
interface WasmExports extends WasmModule {
  HEAPU8: Uint8Array;
  printErr: (line: string) => void;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  cwrap(name: string, returns: string | null, args: string[]): (...args: unknown[]) => unknown;
}

let exports_:
  | {
      wasm: WasmExports;
      create: (...a: number[]) => number;
      setParam: (m: number, k: string, v: string) => void;
      train: (m: number, it: number) => void;
    }
  | undefined;

/**
 * The package's `train` passes the training matrix to WASM as a ccall 'array', which Emscripten copies onto
 * its 5 MB stack: more than ~1.2 M float cells (a global model's 100 k rows × 45 features) overflow it
 * ("memory access out of bounds"). The matrix is therefore copied into the growable heap (`_malloc`) and the
 * same C entry points are called with pointers; XGBoost copies it into its DMatrix, so it is freed at once.
 */
function heapExports() {
  if (!exports_) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the emscripten module the package itself loads
    const wasm = require('ml-xgboost/dist/wasm/xgboost') as WasmExports;
    // XGBoost 0.7 announces the histogram method on stderr for every booster, `silent` or not: that one line
    // is dropped, anything else it prints still reaches stderr.
    const printErr = wasm.printErr;
    wasm.printErr = (line: string) => {
      if (!/Tree method is selected/.test(line)) printErr(line);
    };
    exports_ = {
      wasm,
      create: wasm.cwrap('create_model', 'number', ['number', 'number', 'number', 'number']) as (
        ...a: number[]
      ) => number,
      setParam: wasm.cwrap('set_param', null, ['number', 'string', 'string']) as (
        m: number,
        k: string,
        v: string,
      ) => void,
      train: wasm.cwrap('train_full_model', null, ['number', 'number']) as (m: number, it: number) => void,
    };
  }
  return exports_;
}

/** Copies float32 values into the WASM heap; returns the pointer (the caller frees it). */
function toHeap(wasm: WasmExports, values: Float32Array): number {
  const pointer = wasm._malloc(values.byteLength);
  if (!pointer) throw new Error(`the XGBoost WASM heap could not allocate ${values.byteLength} bytes`);
  wasm.HEAPU8.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), pointer);
  return pointer;
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
  if (x.length === 0) throw new Error('no training rows');
  const cols = x[0].length;
  const flat = new Float32Array(x.length * cols);
  x.forEach((row, i) => {
    if (row.length !== cols)
      throw new Error(`training row ${i} has ${row.length} features, row 0 has ${cols}`);
    for (let j = 0; j < cols; j++) flat[i * cols + j] = toXgboostValue(row[j]);
  });
  const { wasm, create, setParam, train } = heapExports();
  const booster = new XGBoost(params);
  const px = toHeap(wasm, flat);
  let py = 0;
  try {
    py = toHeap(wasm, Float32Array.from(y));
    booster.model = create(px, py, x.length, cols);
  } finally {
    wasm._free(px);
    if (py) wasm._free(py);
  }
  try {
    // As the package's own train(): every merged option but `iterations` is a booster parameter.
    for (const [key, value] of Object.entries(booster.options))
      if (key !== 'iterations') setParam(booster.model!, key, String(value));
    train(booster.model!, Number(booster.options.iterations));
    return booster.predict(xNew.map((r) => r.map(toXgboostValue)));
  } finally {
    if (booster.model) booster.free();
  }
}

/** Bytes of WASM linear memory the XGBoost runtime holds now (it only grows; a leak shows as growth). */
export function xgboostWasmHeapBytes(): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the emscripten module the package itself loads
  return (require('ml-xgboost/dist/wasm/xgboost') as WasmModule).HEAP8.length;
}
