import { logLevel } from 'kafkajs';

/**
 * Protocol errors that kafkajs logs at ERROR as it receives them, then retries by itself: a broker that has
 * just started (or a group coordinator that moved) answers with them for a second or two. Logged as
 * warnings, so that an error in our logs is one that was not recovered from.
 */
const RETRIED = [
  /coordinator is loading/i,
  /not the correct coordinator/i,
  /coordinator is not available/i,
  /no leader for this topic-partition/i,
  /leader is not available/i,
  // a topic created a moment ago: its partitions' leadership is still reaching the broker's caches
  /not the leader for that topic-partition/i,
  /does not host this topic-partition/i,
];

/** The pino level for a kafkajs log entry. */
export function kafkaLogLevel(
  level: logLevel,
  entry: { message?: string; error?: unknown },
): 'error' | 'warn' | 'debug' {
  if (level <= logLevel.ERROR) {
    const retried =
      typeof entry.message === 'string' &&
      entry.message.startsWith('Response ') &&
      RETRIED.some((pattern) => pattern.test(String(entry.error ?? '')));
    return retried ? 'warn' : 'error';
  }
  return level === logLevel.WARN ? 'warn' : 'debug';
}
