import { advance, Chunk, emptyCheckpoint, resumeLine } from './chunk';

describe('resumeLine', () => {
  const cp = { ...emptyCheckpoint('sales_lines.csv', '100:1'), line: 42 };
  it('resumes after the checkpointed line of the same content', () =>
    expect(resumeLine(cp, '100:1')).toBe(42));
  it('starts over when the file changed since the checkpoint', () => expect(resumeLine(cp, '120:2')).toBe(0));
  it('starts at the top without a checkpoint', () => expect(resumeLine(undefined, '100:1')).toBe(0));
});

describe('Chunk', () => {
  it('collects COPY text and tracks the last line and the day range', () => {
    const c = new Chunk(3);
    c.add(2, 'a\n', '2024-03-02');
    c.skip(3);
    c.add(4, 'b\n', '2024-03-01');
    expect(c.full).toBe(false);
    c.add(5, 'c\n', '2024-03-05');
    expect(c).toMatchObject({ rows: 3, lastLine: 5, minDay: '2024-03-01', maxDay: '2024-03-05', full: true });
    expect(c.text()).toBe('a\nb\nc\n');
  });

  it('is pending with only rejected lines, so the checkpoint still moves past them', () => {
    const c = new Chunk(10);
    expect(c.pending).toBe(false);
    c.skip(7);
    expect(c.pending).toBe(true);
    expect(c.rows).toBe(0);
  });

  it('refuses a size that is not a positive whole number', () => {
    expect(() => new Chunk(0)).toThrow(/chunk size/);
    expect(() => new Chunk(2.5)).toThrow(/chunk size/);
  });
});

describe('advance', () => {
  it('adds inserted rows and widens the day range', () => {
    let cp = emptyCheckpoint('f', 'x');
    cp = advance(cp, { lastLine: 10, rows: 9, minDay: '2024-01-05', maxDay: '2024-01-09' }, 9);
    cp = advance(cp, { lastLine: 20, rows: 10, minDay: '2024-01-01', maxDay: '2024-01-07' }, 4);
    expect(cp).toMatchObject({ line: 20, rows: 13, minDay: '2024-01-01', maxDay: '2024-01-09' });
  });

  it('keeps the range when a chunk held only rejects', () => {
    const cp = advance(
      { ...emptyCheckpoint('f', 'x'), minDay: '2024-01-01', maxDay: '2024-01-02' },
      { lastLine: 5, rows: 0 },
      0,
    );
    expect(cp).toMatchObject({ line: 5, minDay: '2024-01-01', maxDay: '2024-01-02' });
  });
});
