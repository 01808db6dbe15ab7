import { KeySet } from './keyset';

describe('KeySet', () => {
  it('adds each key once, through many resizes', () => {
    const set = new KeySet(16);
    for (let i = 0; i < 200_000; i++) expect(set.add(`O${i}\u00001`)).toBe(true);
    expect(set.size).toBe(200_000);
    for (let i = 0; i < 200_000; i += 997) expect(set.add(`O${i}\u00001`)).toBe(false);
    expect(set.has('O5\u00001')).toBe(true);
    expect(set.has('O5\u00002')).toBe(false);
    expect(set.has('')).toBe(false);
    expect(set.add('')).toBe(true);
    expect(set.has('')).toBe(true);
  });
});
