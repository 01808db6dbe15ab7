// e2e tests start real processes, a broker and a database: give hooks and tests minutes, not seconds.
jest.setTimeout(300_000);
