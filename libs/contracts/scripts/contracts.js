#!/usr/bin/env node
/**
 * Generates libs/contracts/src/gen from proto/ and checks that the committed copy is current.
 *
 *   node libs/contracts/scripts/contracts.js gen            buf lint, then buf generate into src/gen
 *   node libs/contracts/scripts/contracts.js check [dir]    buf lint, then generate into a temp dir and
 *                                                           compare with dir (default src/gen); exit 1 on drift
 *
 * Plain CommonJS with no dependencies beyond buf and ts-proto, so it runs before anything is built.
 * buf runs from the repository root, where buf.yaml and buf.gen.yaml live.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const GEN_DIR = 'libs/contracts/src/gen';
const BUF = path.join(REPO_ROOT, 'node_modules', '.bin', 'buf');

function buf(...args) {
  execFileSync(BUF, args, { cwd: REPO_ROOT, stdio: 'inherit' });
}

/** Relative paths of every file under dir, sorted; empty when dir does not exist. */
function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Files missing from, added to, or different in `actual` compared with `expected`. */
function compareTrees(expected, actual) {
  const expectedFiles = listFiles(expected);
  const actualFiles = listFiles(actual);
  const actualSet = new Set(actualFiles);
  const expectedSet = new Set(expectedFiles);
  return {
    missing: expectedFiles.filter((file) => !actualSet.has(file)),
    extra: actualFiles.filter((file) => !expectedSet.has(file)),
    changed: expectedFiles.filter(
      (file) =>
        actualSet.has(file) &&
        !fs.readFileSync(path.join(expected, file)).equals(fs.readFileSync(path.join(actual, file))),
    ),
  };
}

/**
 * The binary FileDescriptorSet of every file in proto/ and of what it imports (well-known types
 * included), with comments: what gRPC server reflection serves (libs/platform/src/grpc/reflection.ts),
 * so that grpcurl and other standard clients see the real files, not proto-loader's regrouping.
 */
const DESCRIPTORS = 'descriptors.binpb';

function generate() {
  buf('lint');
  buf('generate', '--template', 'buf.gen.yaml');
  buf('build', '--as-file-descriptor-set', '-o', path.join(GEN_DIR, DESCRIPTORS));
}

function check(committedDir) {
  buf('lint');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'salescast-contracts-'));
  try {
    buf('generate', '--template', 'buf.gen.yaml', '--output', tmp);
    buf('build', '--as-file-descriptor-set', '-o', path.join(tmp, GEN_DIR, DESCRIPTORS));
    const { missing, extra, changed } = compareTrees(path.join(tmp, GEN_DIR), committedDir);
    const problems = [
      ...missing.map((file) => `  missing: ${file}`),
      ...extra.map((file) => `  not generated from proto/: ${file}`),
      ...changed.map((file) => `  differs: ${file}`),
    ];
    if (problems.length > 0) {
      console.error(
        `Generated contracts in ${committedDir} are out of date with proto/:\n${problems.join('\n')}\n` +
          'Run `npm run contracts:gen` and commit the result.',
      );
      return 1;
    }
    console.log(`Generated contracts in ${committedDir} match proto/.`);
    return 0;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const [command, dirArg] = process.argv.slice(2);
if (command === 'gen') {
  generate();
} else if (command === 'check') {
  process.exitCode = check(path.resolve(dirArg ?? path.join(REPO_ROOT, GEN_DIR)));
} else {
  console.error('usage: contracts.js gen | check [generated-dir]');
  process.exitCode = 2;
}
