import { advance, emptyCheckpoint, resumeLine } from './chunk';

describe('resumeLine', () => {
  const cp = { ...emptyCheckpoint('sales_lines.csv', '100:1'), line: 42 };
  it('resumes after the checkpointed line of the same content', () =>
    expect(resumeLine(cp, '100:1')).toBe(42));
  it('starts over when the file changed since the checkpoint', () => expect(resumeLine(cp, '120:2')).toBe(0));
  it('starts at the top without a checkpoint', () => expect(resumeLine(undefined, '100:1')).toBe(0));
});

describe('advance', () => {
  it('adds inserted rows and widens the day range', () => {
    let cp = emptyCheckpoint('f', 'x');
    cp = advance(cp, { lastLine: 10, minDay: '2024-01-05', maxDay: '2024-01-09' }, 9);
    cp = advance(cp, { lastLine: 20, minDay: '2024-01-01', maxDay: '2024-01-07' }, 4);
    expect(cp).toMatchObject({ line: 20, rows: 13, minDay: '2024-01-01', maxDay: '2024-01-09' });
  });

  it('keeps the range when a chunk held only rejects', () => {
    const cp = advance(
      { ...emptyCheckpoint('f', 'x'), minDay: '2024-01-01', maxDay: '2024-01-02' },
      { lastLine: 5 },
      0,
    );
    expect(cp).toMatchObject({ line: 5, minDay: '2024-01-01', maxDay: '2024-01-02' });
  });
});
