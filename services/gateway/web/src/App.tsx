import { FormEvent, ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import {
  Accuracy,
  Api,
  ApiFailure,
  DailySeries,
  Forecast,
  loadSession,
  ModelVersion,
  saveSession,
  Session,
  signIn,
} from './api';
import { ForecastChart } from './Chart';
import { subscribe } from './live';
import { Bucket, chartRows } from './series';

type Load<T> =
  { state: 'idle' | 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: ApiFailure | Error };

/** Loads `fn` whenever `key` changes; a newer load cancels an older one. */
function useLoad<T>(
  fn: ((signal: AbortSignal) => Promise<T>) | undefined,
  key: unknown[],
): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'idle' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!fn) return setLoad({ state: 'idle' });
    const ctl = new AbortController();
    setLoad((l) => (l.state === 'ok' ? l : { state: 'loading' }));
    fn(ctl.signal).then(
      (data) => !ctl.signal.aborted && setLoad({ state: 'ok', data }),
      (error: Error) => !ctl.signal.aborted && setLoad({ state: 'error', error }),
    );
    return () => ctl.abort();
  }, [...key, tick]);
  return [load, useCallback(() => setTick((t) => t + 1), [])];
}

function Card({
  title,
  children,
  testId,
  loaded,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
  loaded?: string;
}) {
  return (
    <section className="card" data-testid={testId} data-loaded={loaded}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** What a panel shows when the API behind it is missing in this deployment: said plainly, no made-up data. */
function Unavailable({ what }: { what: string }) {
  return (
    <p className="unavailable" data-testid="unavailable">
      Not available yet: {what}
    </p>
  );
}

function Failed({ error }: { error: ApiFailure | Error }) {
  if (error instanceof ApiFailure && error.unavailable) return <Unavailable what={error.message} />;
  return <p className="error">{error.message}</p>;
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      onSignedIn(await signIn(username, password));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <main className="signin">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>salescast</h1>
        <label>
          User
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit">Sign in</button>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}

interface LiveAlert {
  alert_id: string;
  kind: string;
  severity: string;
  sku: string;
  message: string;
  occurred_at?: string;
}

const pct = (v: number) => `${v.toFixed(1)} %`;
const HORIZON = 62;
const TAIL_DAYS: Record<Bucket, number> = { day: 180, week: 730, month: 0 };

function SkuSearch({
  skus,
  value,
  onPick,
}: {
  skus: string[];
  value: string;
  onPick: (sku: string) => void;
}) {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const hits = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (needle ? skus.filter((s) => s.toLowerCase().includes(needle)) : skus).slice(0, 30);
  }, [q, skus]);
  const pick = (s: string) => {
    onPick(s);
    setQ('');
    setOpen(false);
  };
  return (
    <div className="search">
      <input
        type="search"
        aria-label="Search SKU"
        placeholder={value ? `${value} — search SKU code` : 'Search SKU code'}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => e.key === 'Enter' && hits[0] && pick(hits[0])}
      />
      {open && q && (
        <ul role="listbox" className="hits">
          {hits.map((s) => (
            <li key={s} role="option" aria-selected={s === value} onMouseDown={() => pick(s)}>
              {s}
            </li>
          ))}
          {!hits.length && <li className="none">no SKU matches</li>}
        </ul>
      )}
    </div>
  );
}

function Dashboard({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const api = useMemo(() => new Api(session, onSignOut), [session, onSignOut]);
  const [sku, setSku] = useState(() => new URLSearchParams(location.search).get('sku') ?? '');
  const [bucket, setBucket] = useState<Bucket>('day');
  const [compare, setCompare] = useState(false);
  const [live, setLive] = useState(false);
  const [alerts, setAlerts] = useState<LiveAlert[]>([]);
  const [notice, setNotice] = useState('');

  const [skus] = useLoad(() => api.skus(), [api]);
  useEffect(() => {
    if (!sku && skus.state === 'ok' && skus.data.length) setSku(skus.data[0]);
  }, [skus, sku]);
  useEffect(() => {
    if (sku) history.replaceState(null, '', `?sku=${encodeURIComponent(sku)}`);
  }, [sku]);

  const [hist] = useLoad<DailySeries>(sku ? (s) => api.history(sku, s) : undefined, [api, sku]);
  const [fc, reloadForecast] = useLoad<Forecast>(sku ? (s) => api.forecast(sku, HORIZON, s) : undefined, [
    api,
    sku,
  ]);
  const [acc, reloadAccuracy] = useLoad<Accuracy>(sku ? (s) => api.accuracy(sku, s) : undefined, [api, sku]);
  const versionId = fc.state === 'ok' ? fc.data.model_version_id : '';
  const [version] = useLoad<ModelVersion>(versionId ? (s) => api.version(versionId, s) : undefined, [
    api,
    versionId,
  ]);

  useEffect(
    () =>
      subscribe(
        session.token,
        (m) => {
          if (m.type === 'alert') {
            const a = m.data as unknown as LiveAlert;
            setAlerts((xs) => [a, ...xs.filter((x) => x.alert_id !== a.alert_id)].slice(0, 50));
            setNotice(`Alert: ${a.message}`);
          } else if (m.type === 'forecast') {
            const f = m.data as { sku: string; origin_date: string };
            setNotice(`New forecast published for ${f.sku} (from ${f.origin_date})`);
            if (f.sku === sku) {
              reloadForecast();
              reloadAccuracy();
            }
          }
        },
        setLive,
        onSignOut,
      ),
    [session.token, sku, reloadForecast, reloadAccuracy, onSignOut],
  );

  const rows = useMemo(
    () =>
      chartRows(
        hist.state === 'ok' ? hist.data : undefined,
        fc.state === 'ok' ? fc.data : undefined,
        bucket,
        TAIL_DAYS[bucket],
      ),
    [hist, fc, bucket],
  );

  return (
    <div className="app">
      <header>
        <strong className="brand">salescast</strong>
        {skus.state === 'ok' ? (
          <SkuSearch skus={skus.data} value={sku} onPick={setSku} />
        ) : (
          <span className="muted">loading SKUs…</span>
        )}
        <div className="seg" role="group" aria-label="Bucket">
          {(['day', 'week', 'month'] as Bucket[]).map((b) => (
            <button key={b} aria-pressed={bucket === b} onClick={() => setBucket(b)}>
              {b === 'day' ? 'Daily' : b === 'week' ? 'Weekly' : 'Monthly'}
            </button>
          ))}
        </div>
        <label className="toggle">
          <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} /> last year
        </label>
        <span
          className={live ? 'live on' : 'live'}
          data-testid="live"
          title={live ? 'live updates on' : 'reconnecting'}
        >
          ● {live ? 'live' : 'offline'}
        </span>
        <span className="user">
          {session.user.username} ({session.user.role})
        </span>
        <button className="signout" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {notice && (
        <div className="notice" role="status" data-testid="notice" onClick={() => setNotice('')}>
          {notice}
        </div>
      )}
      <main className="grid">
        <Card
          title={sku ? `Forecast — ${sku}` : 'Forecast'}
          testId="forecast-card"
          loaded={
            fc.state === 'ok' && hist.state === 'ok' && fc.data.sku === sku && hist.data.sku === sku
              ? sku
              : ''
          }
        >
          {fc.state === 'ok' && (
            <p className="muted" data-testid="forecast-meta">
              {fc.data.model_name} · history to {fc.data.origin_date} · {fc.data.points.length} days ahead
              {!rows.bands &&
                ' · bands only in the daily view (weekly/monthly bands need ForecastService buckets)'}
            </p>
          )}
          {fc.state === 'error' && <Failed error={fc.error} />}
          {hist.state === 'error' && <Failed error={hist.error} />}
          <ForecastChart rows={rows} compare={compare} title={`Units per ${bucket} of ${sku}`} />
          <p className="muted small">
            Shutdown and promotion periods: no service publishes the business calendar over an API yet, so
            they are not shaded.
          </p>
        </Card>
        <Card title="Champion model" testId="model-card">
          {version.state === 'ok' ? (
            <dl>
              <dt>Model</dt>
              <dd>{version.data.model_name}</dd>
              <dt>Version</dt>
              <dd className="mono">{version.data.model_version_id}</dd>
              <dt>Trained</dt>
              <dd>{version.data.trained_at?.slice(0, 16).replace('T', ' ') ?? '—'}</dd>
              <dt>Data to</dt>
              <dd>{version.data.origin_date}</dd>
            </dl>
          ) : version.state === 'error' ? (
            <Failed error={version.error} />
          ) : (
            <p className="muted">…</p>
          )}
          <h3>Version history</h3>
          <Unavailable what="no service lists a SKU's model versions over an API in this deployment" />
        </Card>
        <Card title="Realised accuracy" testId="accuracy-card">
          {acc.state === 'ok' ? (
            acc.data.points ? (
              <dl>
                <dt>WAPE</dt>
                <dd>{pct(acc.data.wape)}</dd>
                <dt>MAPE</dt>
                <dd>{pct(acc.data.mape)}</dd>
                <dt>Direction right</dt>
                <dd>{pct(acc.data.directional_accuracy * 100)}</dd>
                <dt>Days scored</dt>
                <dd>{acc.data.points}</dd>
              </dl>
            ) : (
              <p className="muted">No actuals after an issued forecast yet.</p>
            )
          ) : acc.state === 'error' ? (
            <Failed error={acc.error} />
          ) : (
            <p className="muted">…</p>
          )}
        </Card>
        <Card title="Alerts" testId="alerts-card">
          {alerts.length ? (
            <ul className="alerts">
              {alerts.map((a) => (
                <li key={a.alert_id} className={a.severity.toLowerCase()} data-testid="alert">
                  <span className="sev">{a.severity.replace('ALERT_SEVERITY_', '')}</span>{' '}
                  {a.sku && (
                    <button className="link" onClick={() => setSku(a.sku)}>
                      {a.sku}
                    </button>
                  )}{' '}
                  {a.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">
              No alert since you opened the page; new ones appear here as they are raised.
            </p>
          )}
        </Card>
        <Card title="Categories and total" testId="category-card">
          <Unavailable what="category and total forecasts are not served by ForecastService in this deployment" />
        </Card>
        <Card title="Top SKUs by revenue" testId="top-card">
          <Unavailable what="no service lists SKUs by revenue with their accuracy over an API in this deployment" />
        </Card>
        <Card title="Reorder plan" testId="reorder-card">
          <Unavailable what="ReorderService.GetReorderPlan is not part of this deployment" />
        </Card>
      </main>
    </div>
  );
}

export function App() {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const signOut = useCallback(() => {
    saveSession(undefined);
    setSession(undefined);
  }, []);
  if (!session)
    return (
      <SignIn
        onSignedIn={(s) => {
          saveSession(s);
          setSession(s);
        }}
      />
    );
  return <Dashboard session={session} onSignOut={signOut} />;
}
