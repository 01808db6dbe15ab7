import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REPO_ROOT } from './paths';

/**
 * The environment variables each service's code knows, taken from the code itself: the zod config
 * schema its main.ts hands to `main({ configSchema })` (or that its src/config.ts exports), plus the
 * names its sources (and libs/platform's) read directly from `process.env`. The chart, compose and
 * k8s checks compare what they set against this, both ways.
 */

/** A zod object schema, as far as these checks look at it (zod 4). */
interface ZodLike {
  safeParse(value: unknown): { success: boolean };
  shape?: Record<string, ZodLike>;
  def?: { type?: string; in?: ZodLike; schema?: ZodLike; innerType?: ZodLike };
}

export interface ServiceEnv {
  service: string;
  /** Every variable the service's config schema declares. */
  declared: Set<string>;
  /** Declared without a default and not optional: the service does not start without it. */
  required: Set<string>;
  /** Read straight from process.env by its sources or libs/platform's. */
  readDirectly: Set<string>;
}

/** Set by the code itself before the schema sees the environment (libs/platform's runService). */
export const SET_BY_RUNTIME = new Set(['SERVICE_NAME']);
/** Read by Node.js or set by the image, not by salescast code. */
export const RUNTIME_ENV = new Set(['NODE_ENV', 'NODE_OPTIONS', 'SERVICE']);

/** Service directories (services/<name> with a package.json). */
export function serviceNames(root = REPO_ROOT): string[] {
  const dir = join(root, 'services');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .sort();
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(spec|e2e-spec|test)\.ts$/.test(name) ? [path] : [];
  });
}

const ENV_READ = /process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[\s*['"]([A-Z_][A-Z0-9_]*)['"]\s*\])/g;

/** Names read as process.env.NAME or process.env['NAME'] in these directories' sources. */
export function directEnvReads(dirs: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of dirs.flatMap(sourceFiles)) {
    for (const m of readFileSync(file, 'utf8').matchAll(ENV_READ)) names.add(m[1] ?? m[2]);
  }
  return names;
}

/**
 * The source file of a workspace library that defines an export (`export const NAME`): the file
 * itself is loaded, not the library's index, which pulls in Nest (ESM, which jest cannot require).
 */
function definingFile(moduleName: string, exportName: string, root: string): string {
  const pkg = /^@salescast\/([\w-]+)$/.exec(moduleName)?.[1];
  if (!pkg) return moduleName;
  const dirs = ['libs', 'tools'].map((d) => join(root, d, pkg, 'src'));
  const defining = new RegExp(`export const ${exportName}\\b`);
  const file = dirs.flatMap(sourceFiles).find((f) => defining.test(readFileSync(f, 'utf8')));
  if (!file) throw new Error(`${moduleName} has no source file that exports ${exportName}`);
  return file;
}

/** Where each schema a service uses comes from: [module path to require, export name]. */
export function schemaSources(service: string, root = REPO_ROOT): Array<[string, string]> {
  const src = join(root, 'services', service, 'src');
  const found: Array<[string, string]> = [];
  const mainPath = join(src, 'main.ts');
  if (existsSync(mainPath)) {
    const main = readFileSync(mainPath, 'utf8');
    const named = /configSchema\s*:\s*([A-Za-z_$][\w$]*)/.exec(main)?.[1];
    if (named) {
      const imports = [...main.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)];
      const from = imports.find((m) =>
        m[1].split(',').some(
          (part) =>
            part
              .trim()
              .split(/\s+as\s+/)
              .pop() === named,
        ),
      );
      if (!from) found.push([mainPath, named]);
      else if (from[2].startsWith('.')) found.push([resolve(dirname(mainPath), from[2]), named]);
      else found.push([definingFile(from[2], named, root), named]);
    }
  }
  const configPath = join(src, 'config.ts');
  if (existsSync(configPath)) {
    for (const m of readFileSync(configPath, 'utf8').matchAll(
      /export const ([A-Za-z_$][\w$]*ConfigSchema)\b/g,
    )) {
      if (!found.some(([, name]) => name === m[1])) found.push([configPath.replace(/\.ts$/, ''), m[1]]);
    }
  }
  return found;
}

function objectShape(schema: ZodLike, where: string): Record<string, ZodLike> {
  let s: ZodLike | undefined = schema;
  for (let depth = 0; s && depth < 8; depth += 1) {
    if (s.shape) return s.shape;
    s = s.def?.in ?? s.def?.schema ?? s.def?.innerType;
  }
  throw new Error(`${where} is not a zod object schema (no shape found)`);
}

/**
 * The variables a service's code knows. `load` requires a module (pass jest's `require`, which
 * compiles TypeScript); the schemas are imported, not parsed, so defaults and optionals are exact.
 */
export function serviceEnv(service: string, load: (path: string) => unknown, root = REPO_ROOT): ServiceEnv {
  const sources = schemaSources(service, root);
  if (sources.length === 0) {
    throw new Error(
      `services/${service}: no config schema found (main({ configSchema }) or src/config.ts *ConfigSchema)`,
    );
  }
  const declared = new Set<string>();
  const required = new Set<string>();
  for (const [path, name] of sources) {
    const schema = (load(path) as Record<string, ZodLike | undefined>)[name];
    if (!schema) throw new Error(`${path} does not export ${name}`);
    for (const [key, field] of Object.entries(objectShape(schema, `${path}#${name}`))) {
      declared.add(key);
      if (!field.safeParse(undefined).success) required.add(key);
    }
  }
  const readDirectly = directEnvReads([
    join(root, 'services', service, 'src'),
    join(root, 'libs/platform/src'),
  ]);
  return { service, declared, required, readDirectly };
}

/** Problems with one component's environment as a deployment sets it; empty when it fits the code. */
export function envProblems(where: string, known: ServiceEnv, setNames: Iterable<string>): string[] {
  const set = new Set(setNames);
  const problems: string[] = [];
  for (const name of set) {
    if (!known.declared.has(name) && !known.readDirectly.has(name) && !RUNTIME_ENV.has(name)) {
      problems.push(`${where} sets ${name}, which services/${known.service} does not read`);
    }
  }
  for (const name of known.required) {
    if (!set.has(name) && !SET_BY_RUNTIME.has(name)) {
      problems.push(`${where} does not set ${name}, which services/${known.service} requires`);
    }
  }
  return problems;
}

/**
 * The modules of libs/platform/src/config (non-test), merged: what a service's config.ts takes from
 * `@salescast/platform`. Loading the library's index instead would pull in Nest, which is ESM and
 * cannot be required under jest; the schema objects are the real ones either way.
 */
export function platformConfigFiles(root = REPO_ROOT): string[] {
  return sourceFiles(join(root, 'libs/platform/src/config'));
}
