import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eventually, freePort, REPO_ROOT } from '@salescast/stack';

export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/**
 * Debian's `prometheus` binary (installed by .ci/run) scraping the test's services every 2 s and
 * evaluating the real alerting rules of deploy/prometheus/rules every second.
 */
export class PrometheusServer {
  private proc?: ChildProcess;
  private dir = '';
  url = '';

  async start(targets: Array<{ service: string; hostPort: string }>): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'salescast-prom-'));
    const config = {
      // A scrape times out at its interval; 1 s was too short for a /metrics answer on a CI machine at load
      // 60–100 (a failed scrape leaves the panel or alert without data), so every 2 s with 2 s to answer.
      global: { scrape_interval: '2s', scrape_timeout: '2s', evaluation_interval: '1s' },
      rule_files: [resolve(REPO_ROOT, 'deploy/prometheus/rules/salescast.yml')],
      scrape_configs: [
        {
          job_name: 'salescast',
          metrics_path: '/metrics',
          static_configs: targets.map((t) => ({ targets: [t.hostPort], labels: { service: t.service } })),
        },
      ],
    };
    // JSON is YAML
    writeFileSync(join(this.dir, 'prometheus.yml'), JSON.stringify(config));
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    this.proc = spawn(
      'prometheus',
      [
        `--config.file=${join(this.dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(this.dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    await eventually(
      'prometheus to be ready',
      async () => ((await fetch(`${this.url}/-/ready`)).ok ? true : undefined),
      60_000,
      500,
    );
  }

  async query(expr: string): Promise<PromSample[]> {
    const res = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = (await res.json()) as { status: string; error?: string; data: { result: PromSample[] } };
    if (body.status !== 'success') throw new Error(`query ${expr}: ${body.error}`);
    return body.data.result;
  }

  async stop(): Promise<void> {
    if (this.proc && this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc!.once('exit', r));
      this.proc.kill('SIGTERM');
      await exited;
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
