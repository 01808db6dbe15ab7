import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let cached: string | undefined;

/**
 * A hash of this package's code as loaded (its compiled files, or its sources under ts-jest): a generator that
 * draws differently — one more random draw for the inventory shifts every sale after it — has another
 * fingerprint, so a cache of generated data sets keyed by it never serves worlds an older generator wrote.
 */
export function generatorFingerprint(): string {
  if (cached) return cached;
  const root = join(__dirname, '..');
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|ts)$/.test(entry.name) && !/\.(spec|d)\.ts$|\.spec\.js$/.test(entry.name)) {
        hash.update(path.slice(root.length));
        hash.update(readFileSync(path));
      }
    }
  };
  walk(root);
  return (cached = hash.digest('hex').slice(0, 8));
}
