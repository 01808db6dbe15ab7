#!/usr/bin/env node
'use strict';
/**
 * Prints N distinct free TCP ports on 127.0.0.1, space-separated (default 1).
 * The kernel picks them (listen on port 0); all N are held open together so that they differ.
 * Usage: node free-ports.js 3
 */
const net = require('node:net');

async function freePorts(count) {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    }),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

const count = Number(process.argv[2] ?? '1');
if (!Number.isInteger(count) || count < 1) {
  console.error(`free-ports: expected a positive port count, got "${process.argv[2]}"`);
  process.exit(2);
}
freePorts(count).then(
  (ports) => console.log(ports.join(' ')),
  (error) => {
    console.error(`free-ports: ${error.message}`);
    process.exit(1);
  },
);
