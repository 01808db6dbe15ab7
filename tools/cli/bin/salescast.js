#!/usr/bin/env node
// The compiled CLI (tools/cli/dist, built by `tsc -b tools/cli`).
require('../dist/main.js');
