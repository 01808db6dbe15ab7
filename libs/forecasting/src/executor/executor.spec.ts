import { InlineExecutor } from './executor';

const table = {
  square: (x: number) => x * x,
  later: async (x: number) => x + 1,
  explode: (x: number) => {
    if (x === 2) throw new Error('two is not allowed');
    return x;
  },
};

describe('InlineExecutor', () => {
  const executor = new InlineExecutor(table);

  it('runs a named job on every input, results in input order, with progress', async () => {
    const progress: Array<[number, number]> = [];
    await expect(executor.map('square', [1, 2, 3], (d, t) => progress.push([d, t]))).resolves.toEqual([
      1, 4, 9,
    ]);
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    await expect(executor.map('later', [1, 2])).resolves.toEqual([2, 3]);
  });

  it('names the job and the input that failed', async () => {
    await expect(executor.map('explode', [0, 1, 2, 3])).rejects.toThrow(
      "job 'explode' failed on input 2: two is not allowed",
    );
  });

  it('rejects an unknown job name, listing the known ones', async () => {
    await expect(executor.map('cube', [1])).rejects.toThrow(
      "unknown job 'cube' (known: square, later, explode)",
    );
  });
});
