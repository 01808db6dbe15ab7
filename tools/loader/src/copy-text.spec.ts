import { copyField, copyRow } from './copy-text';

describe('COPY text format', () => {
  it('leaves ordinary fields alone and writes numbers as they are', () => {
    expect(copyRow(['O1', 2, 'SKU-1', 3, 9.99, '2024-03-01T10:00:00Z'])).toBe(
      'O1\t2\tSKU-1\t3\t9.99\t2024-03-01T10:00:00Z\n',
    );
  });

  it('escapes backslash, tab, newline and carriage return', () => {
    expect(copyField('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('writes NULL as \\N, distinct from an escaped literal backslash-N', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
  });
});
