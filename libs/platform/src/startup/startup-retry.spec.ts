import pino from 'pino';
import { isTransientStartupError, StartupTimeoutError, waitForStartup } from './startup-retry';

/** A fake clock: sleeping advances it, so the tests take no time and see every wait. */
function fakeClock() {
  let t = 0;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
    waits,
  };
}

const logger = pino({ level: 'silent' });

/** kafkajs' error for a topic whose metadata has not reached the broker yet (UNKNOWN_TOPIC_OR_PARTITION). */
function unknownTopicPartition(): Error {
  return Object.assign(new Error('This server does not host this topic-partition'), {
    name: 'KafkaJSProtocolError',
    retriable: true,
    type: 'UNKNOWN_TOPIC_OR_PARTITION',
  });
}

describe('waitForStartup', () => {
  it('waits out a topic whose metadata has not propagated yet, then returns the result', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await waitForStartup(
      'Kafka topics',
      async () => {
        calls++;
        if (calls < 4) throw unknownTopicPartition();
        return 'ready';
      },
      { logger, budgetMs: 60_000, now: clock.now, sleep: clock.sleep },
    );
    expect(result).toBe('ready');
    expect(calls).toBe(4);
    expect(clock.waits).toEqual([250, 500, 1000]); // exponential backoff
  });

  it('fails at once on an error that waiting cannot fix', async () => {
    const clock = fakeClock();
    const bug = new Error('relation "x" does not exist');
    await expect(
      waitForStartup('the database', () => Promise.reject(bug), {
        logger,
        budgetMs: 60_000,
        now: clock.now,
        sleep: clock.sleep,
      }),
    ).rejects.toBe(bug);
    expect(clock.waits).toEqual([]);
  });

  it('gives up after its budget with an error naming what it waited for and the last cause', async () => {
    const clock = fakeClock();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const attempt = waitForStartup('the database', () => Promise.reject(refused), {
      logger,
      budgetMs: 10_000,
      maxDelayMs: 2_000,
      now: clock.now,
      sleep: clock.sleep,
    });
    await expect(attempt).rejects.toBeInstanceOf(StartupTimeoutError);
    await expect(attempt).rejects.toThrow(/gave up waiting for the database after \d+ s .*ECONNREFUSED/);
    expect(clock.now()).toBeLessThanOrEqual(10_000);
    expect(Math.max(...clock.waits)).toBe(2_000);
  });
});

describe('isTransientStartupError', () => {
  it.each([
    ['a retriable kafkajs protocol error', unknownTopicPartition()],
    ['a broker not reachable yet', Object.assign(new Error('x'), { name: 'KafkaJSConnectionError' })],
    [
      'kafkajs giving up its own retries on a retriable cause',
      Object.assign(new Error('retries exceeded'), {
        name: 'KafkaJSNonRetriableError',
        cause: unknownTopicPartition(),
      }),
    ],
    ['PostgreSQL starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['PostgreSQL connection failure (08006)', Object.assign(new Error('x'), { code: '08006' })],
    ['a refused socket', Object.assign(new Error('x'), { code: 'ECONNREFUSED' })],
    ['a socket closed by a restarting server', new Error('Connection terminated unexpectedly')],
  ])('waits out %s', (_, error) => {
    expect(isTransientStartupError(error)).toBe(true);
  });

  it.each([
    ['a SQL error in a migration (42P01)', Object.assign(new Error('relation does not exist'), { code: '42P01' })],
    ['a wrong password (28P01)', Object.assign(new Error('password authentication failed'), { code: '28P01' })],
    ['a plain bug', new TypeError('cannot read properties of undefined')],
    ['a kafkajs error that is not retriable', Object.assign(new Error('x'), { name: 'KafkaJSProtocolError', retriable: false })],
  ])('does not wait out %s', (_, error) => {
    expect(isTransientStartupError(error)).toBe(false);
  });
});
