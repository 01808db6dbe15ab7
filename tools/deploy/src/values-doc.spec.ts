import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CHART_DIR } from './paths';

/** values.yaml documents its parameters with `## @param` lines, and values.schema.json covers them. */
describe('helm/salescast values.yaml and values.schema.json', () => {
  const text = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');
  const values = parse(text) as Record<string, unknown>;
  const documented = [...text.matchAll(/^## @param (\S+)/gm)].map((m) => m[1]);
  const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as {
    properties: Record<string, unknown>;
    additionalProperties: boolean;
  };

  test('every top-level value and every component is documented by an @param line', () => {
    const isDocumented = (path: string) => documented.some((p) => p === path || p.startsWith(`${path}.`));
    for (const key of Object.keys(values))
      expect({ key, documented: isDocumented(key) }).toEqual({ key, documented: true });
    for (const name of Object.keys(values.components as object)) {
      expect({ name, documented: isDocumented(`components.${name}`) }).toEqual({ name, documented: true });
    }
  });

  test('every documented parameter exists in values.yaml', () => {
    const has = (path: string) =>
      path
        .split('.')
        .reduce<unknown>(
          (node, key) =>
            node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
          values,
        ) !== undefined;
    for (const path of documented) expect({ path, exists: has(path) }).toEqual({ path, exists: true });
  });

  test('the schema knows every top-level value and refuses others', () => {
    expect(schema.additionalProperties).toBe(false);
    for (const key of Object.keys(values)) expect(Object.keys(schema.properties)).toContain(key);
  });
});
