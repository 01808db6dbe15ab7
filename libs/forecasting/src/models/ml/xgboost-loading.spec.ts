import { loadXgboost, xgboostLoaded } from './xgboost-runtime';

describe('loadXgboost', () => {
  it('loads the WASM runtime without the "wasm streaming compile failed" fallback message', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await loadXgboost();
      expect(xgboostLoaded()).toBe(true);
      const printed = [...warn.mock.calls, ...error.mock.calls].map((c) => c.join(' '));
      expect(printed.filter((m) => /wasm streaming|falling back/.test(m))).toEqual([]);
      expect(
        typeof (globalThis as { WebAssembly?: { instantiateStreaming?: unknown } }).WebAssembly
          ?.instantiateStreaming,
      ).toBe('function');
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});
