import { toSnake } from './snake';

describe('toSnake', () => {
  it('renames camelCase keys to the proto field names, deeply, and writes dates as ISO strings', () => {
    expect(
      toSnake({
        modelVersionId: 'v1',
        points: [{ date: '2024-01-01', intervals: [{ level: 80 }] }],
        trainedAt: new Date('2024-01-02T03:04:05Z'),
        gone: undefined,
      }),
    ).toEqual({
      model_version_id: 'v1',
      points: [{ date: '2024-01-01', intervals: [{ level: 80 }] }],
      trained_at: '2024-01-02T03:04:05.000Z',
    });
  });
});
