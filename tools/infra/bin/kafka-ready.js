#!/usr/bin/env node
'use strict';
/**
 * Waits until a Kafka broker answers a real metadata request (kafkajs admin describeCluster) and
 * its group coordinator is up (describeGroups makes the broker create __consumer_offsets), so
 * "ready" means producers and consumer groups can use it, not merely that the port is open.
 * Gives up early when the broker process (optional PID) has died, so a crash is reported at once.
 * Usage: node kafka-ready.js <host:port> <timeout-seconds> [broker-pid]
 * Exit 0 when ready, 1 on timeout or when the process is gone.
 */
const { setTimeout: delay } = require('node:timers/promises');
const { Kafka, logLevel } = require('kafkajs');

const [broker, timeoutArg = '60', pidArg] = process.argv.slice(2);
if (!broker) {
  console.error('kafka-ready: usage: kafka-ready.js <host:port> <timeout-seconds> [broker-pid]');
  process.exit(2);
}
const deadline = Date.now() + Number(timeoutArg) * 1000;
const pid = pidArg ? Number(pidArg) : undefined;

function processAlive(id) {
  try {
    process.kill(id, 0);
    return true;
  } catch {
    return false;
  }
}

async function describeOnce() {
  const kafka = new Kafka({
    clientId: 'salescast-infra-ready',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    await admin.describeGroups(['salescast-infra-ready']);
    return cluster;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function main() {
  let lastError = 'no attempt made';
  while (Date.now() < deadline) {
    if (pid !== undefined && !processAlive(pid)) {
      console.error(`kafka-ready: broker process ${pid} exited before it became ready`);
      return 1;
    }
    try {
      const cluster = await describeOnce();
      console.log(
        `kafka-ready: ${broker} answered: cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s)`,
      );
      return 0;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await delay(500);
  }
  console.error(`kafka-ready: ${broker} not ready after ${timeoutArg}s (last error: ${lastError})`);
  return 1;
}

main().then((code) => process.exit(code));
