import { FormEvent, ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import {
  Accuracy,
  AggregateForecast,
  Alert,
  BusinessEvent,
  Api,
  ApiFailure,
  DailySeries,
  Forecast,
  Granularity,
  loadSession,
  ModelVersion,
  ReorderPlan,
  saveSession,
  Session,
  signIn,
} from './api';
import { ForecastChart } from './Chart';
import { subscribe } from './live';
import { Bucket, chartRows, reopeningMarks, shadedAreas } from './series';

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
const GRANULARITY: Record<Bucket, Granularity> = { day: 'daily', week: 'weekly', month: 'monthly' };

/** One alert as the card shows it, from ListAlerts or pushed live. */
interface ShownAlert {
  id: string;
  severity: string;
  sku: string;
  text: string;
  resolved: boolean;
}
const fromList = (a: Alert): ShownAlert => ({
  id: a.alert_id,
  severity: a.severity.toLowerCase(),
  sku: a.scope === 'sku' ? a.scope_key : '',
  text: `${a.kind.replace(/_/g, ' ')}${a.scope !== 'sku' ? ` (${a.scope} ${a.scope_key})` : ''}: ${a.detail || `${a.metric} ${a.value.toFixed(3)} > ${a.threshold}`}`,
  resolved: !!a.resolved_at,
});
const fromLive = (a: LiveAlert): ShownAlert => ({
  id: a.alert_id,
  severity: a.severity.replace('ALERT_SEVERITY_', '').toLowerCase(),
  sku: a.sku,
  text: a.message,
  resolved: false,
});

function SkuSearch({
  skus,
  categories,
  value,
  onPick,
}: {
  skus: string[];
  categories: Map<string, string>;
  value: string;
  onPick: (sku: string) => void;
}) {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const hits = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const match = (s: string) =>
      s.toLowerCase().includes(needle) || (categories.get(s) ?? '').toLowerCase().includes(needle);
    return (needle ? skus.filter(match) : skus).slice(0, 30);
  }, [q, skus, categories]);
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
        placeholder={value ? `${value} — search SKU code or category` : 'Search SKU code or category'}
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
              {categories.get(s) && (
                <span className="muted small" aria-hidden="true">
                  {' '}
                  · {categories.get(s)}
                </span>
              )}
            </li>
          ))}
          {!hits.length && <li className="none">no SKU matches</li>}
        </ul>
      )}
    </div>
  );
}

const units = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const risk = (v: number) => `${(v * 100).toFixed(v < 0.01 && v > 0 ? 1 : 0)} %`;

/** The prediction service's plans, one row per SKU, as served: the dashboard computes nothing. */
function ReorderTable({ plans, onPick }: { plans: ReorderPlan[]; onPick: (sku: string) => void }) {
  if (!plans.length) return <p className="muted">No SKU with a forecast here yet.</p>;
  return (
    <div className="table-wrap">
      <table className="reorder" data-testid="reorder-table">
        <thead>
          <tr>
            <th>SKU</th>
            <th>Status</th>
            <th className="num">Order</th>
            <th>Order by</th>
            <th className="num">On hand</th>
            <th className="num">On order</th>
            <th className="num">Lead time</th>
            <th className="num">MOQ</th>
            <th
              className="num"
              title="P(stock-out before the next order could arrive) if the plan is followed"
            >
              Risk with order
            </th>
            <th className="num" title="The same without ordering now">
              Risk without
            </th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => {
            const known = p.status !== 'no forecast' && p.status !== 'no supply terms';
            return (
              <tr key={p.sku} data-testid="reorder-row" className={p.status.replace(/ /g, '-')}>
                <td>
                  <button className="link" onClick={() => onPick(p.sku)}>
                    {p.sku}
                  </button>
                </td>
                <td className="status">{p.status}</td>
                <td
                  className="num"
                  title={p.status === 'stock unknown' ? 'The typical order: no stock report yet' : undefined}
                >
                  {known && p.order_quantity
                    ? `${units(p.order_quantity)}${p.status === 'stock unknown' ? ' (typical)' : ''}`
                    : '—'}
                </td>
                <td>{p.order_by_date || '—'}</td>
                <td className="num">{p.status === 'stock unknown' || !known ? '—' : units(p.on_hand)}</td>
                <td className="num">{p.status === 'stock unknown' || !known ? '—' : units(p.on_order)}</td>
                <td className="num">{p.supplier ? `${p.lead_time_days} d` : '—'}</td>
                <td className="num">{p.supplier ? units(p.moq) : '—'}</td>
                <td className="num">{known && p.status !== 'stock unknown' ? risk(p.stockout_risk) : '—'}</td>
                <td className="num">
                  {known && p.status !== 'stock unknown' ? risk(p.stockout_risk_without_order) : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Dashboard({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const api = useMemo(() => new Api(session, onSignOut), [session, onSignOut]);
  const [sku, setSku] = useState(() => new URLSearchParams(location.search).get('sku') ?? '');
  const [bucket, setBucket] = useState<Bucket>('day');
  const [compare, setCompare] = useState(false);
  const [live, setLive] = useState(false);
  const [alerts, setAlerts] = useState<ShownAlert[]>([]);
  const [category, setCategory] = useState('');
  const [notice, setNotice] = useState('');

  const [skus] = useLoad(() => api.skus(), [api]);
  const [cats] = useLoad((s) => api.categories(s), [api]);
  const categories = useMemo(() => (cats.state === 'ok' ? cats.data : new Map<string, string>()), [cats]);
  const categoryNames = useMemo(() => [...new Set(categories.values())].filter(Boolean).sort(), [categories]);
  const [listed] = useLoad((s) => api.alerts(s), [api]);
  useEffect(() => {
    if (listed.state === 'ok')
      setAlerts((xs) => [
        ...xs,
        ...listed.data.alerts.map(fromList).filter((a) => !xs.some((x) => x.id === a.id)),
      ]);
  }, [listed]);
  useEffect(() => {
    if (!sku && skus.state === 'ok' && skus.data.length) setSku(skus.data[0]);
  }, [skus, sku]);
  useEffect(() => {
    if (sku) history.replaceState(null, '', `?sku=${encodeURIComponent(sku)}`);
  }, [sku]);

  const [hist] = useLoad<DailySeries>(sku ? (s) => api.history(sku, s) : undefined, [api, sku]);
  const [fc, reloadForecast] = useLoad<Forecast>(
    sku ? (s) => api.forecast(sku, HORIZON, GRANULARITY[bucket], s) : undefined,
    [api, sku, bucket],
  );
  const [agg] = useLoad<AggregateForecast>(
    (s) => api.aggregate(category, HORIZON, GRANULARITY[bucket], s),
    [api, category, bucket],
  );
  const [declared] = useLoad<{ events: BusinessEvent[] }>(
    sku ? (s) => api.businessEvents(sku, s) : undefined,
    [api, sku],
  );
  const [versions] = useLoad<{ versions: ModelVersion[] }>(sku ? (s) => api.versions(sku, s) : undefined, [
    api,
    sku,
  ]);
  // the reorder plan of the category picked in the category card; for the total, of the SKU shown
  const planScope = category || sku;
  const [plan] = useLoad<{ plans: ReorderPlan[]; scope: string }>(
    planScope
      ? (s) =>
          api
            .reorderPlan(category ? { category } : { skus: [sku] }, s)
            .then((r) => ({ ...r, scope: planScope }))
      : undefined,
    [api, planScope],
  );
  const [overall] = useLoad<Accuracy>((s) => api.overallAccuracy(false, s), [api]);
  const [top] = useLoad<Accuracy>((s) => api.overallAccuracy(true, s), [api]);
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
            setAlerts((xs) => [fromLive(a), ...xs.filter((x) => x.id !== a.alert_id)].slice(0, 50));
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
        true,
      ),
    [hist, fc, bucket],
  );
  const shaded = useMemo(
    () => (declared.state === 'ok' ? shadedAreas(declared.data.events, rows.labels, bucket) : []),
    [declared, rows, bucket],
  );
  const reopenings = useMemo(
    () => (declared.state === 'ok' ? reopeningMarks(declared.data.events, rows.labels, bucket) : []),
    [declared, rows, bucket],
  );
  const aggRows = useMemo(
    () =>
      chartRows(
        undefined,
        agg.state === 'ok'
          ? {
              sku: '',
              model_version_id: '',
              model_name: '',
              origin_date: agg.data.origin_date,
              points: agg.data.points,
            }
          : undefined,
        bucket,
        0,
        true,
      ),
    [agg, bucket],
  );

  return (
    <div className="app">
      <header>
        <strong className="brand">salescast</strong>
        {skus.state === 'ok' ? (
          <SkuSearch skus={skus.data} categories={categories} value={sku} onPick={setSku} />
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
              {fc.data.model_name} · history to {fc.data.origin_date} · {HORIZON} days ahead, per {bucket}
              {fc.data.category && (
                <>
                  {' · '}
                  <button className="link" onClick={() => setCategory(fc.data.category ?? '')}>
                    {fc.data.category}
                  </button>
                </>
              )}
            </p>
          )}
          {fc.state === 'error' && <Failed error={fc.error} />}
          {hist.state === 'error' && <Failed error={hist.error} />}
          <ForecastChart
            rows={rows}
            compare={compare}
            title={`Units per ${bucket} of ${sku}`}
            shaded={shaded}
            marks={reopenings}
          />
          <p className="muted small" data-testid="shading-note">
            {declared.state === 'ok' ? (
              shaded.length || reopenings.length ? (
                <>
                  Shaded: {shaded.map((a) => `${a.kind} ${a.from} – ${a.to}`).join(', ') || 'none'}
                  {reopenings.length
                    ? `; reopened (recovery starts) ${reopenings.map((m) => m.at).join(', ')}`
                    : ''}{' '}
                  (
                  <span className="swatch shutdown" /> shutdown, <span className="swatch promotion" />{' '}
                  promotion, as declared on erp.business-events.v1).
                </>
              ) : (
                'No shutdown or promotion declared for this SKU in the period shown.'
              )
            ) : declared.state === 'error' ? (
              <>Shutdowns and promotions not shaded: {declared.error.message}</>
            ) : (
              ''
            )}
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
          {versions.state === 'ok' ? (
            <ol className="versions" data-testid="versions">
              {versions.data.versions.map((v) => (
                <li key={v.model_version_id}>
                  {v.trained_at?.slice(0, 10) ?? '—'} {v.model_name}
                  {v.backtest_wape ? ` · backtest WAPE ${pct(v.backtest_wape)}` : ''}
                  {v.gate_decision ? ` · ${v.gate_decision}` : ''}
                  {fc.state === 'ok' && fc.data.model_version_id === v.model_version_id && (
                    <strong> · champion</strong>
                  )}
                </li>
              ))}
            </ol>
          ) : versions.state === 'error' ? (
            <Failed error={versions.error} />
          ) : (
            <p className="muted">…</p>
          )}
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
                <li key={a.id} className={a.severity} data-testid="alert">
                  <span className="sev">{a.resolved ? 'resolved' : a.severity}</span>{' '}
                  {a.sku && (
                    <button className="link" onClick={() => setSku(a.sku)}>
                      {a.sku}
                    </button>
                  )}{' '}
                  {a.text}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">
              {listed.state === 'error' ? (
                <Failed error={listed.error} />
              ) : (
                'No alerts; new ones appear here as they are raised.'
              )}
            </p>
          )}
        </Card>
        <Card title="Categories and total" testId="category-card">
          <select aria-label="Category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">Total (every SKU)</option>
            {categoryNames.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {agg.state === 'ok' ? (
            <>
              <p className="muted small" data-testid="aggregate-meta">
                {agg.data.category || 'Total'}: {agg.data.sku_count} SKUs · from {agg.data.origin_date}
                {agg.data.skus_left_out ? ` · ${agg.data.skus_left_out} left out` : ''}
                {agg.data.note ? ` · ${agg.data.note}` : ''}
              </p>
              <ForecastChart
                rows={aggRows}
                compare={false}
                title={`Forecast of ${agg.data.category || 'the total'}`}
              />
            </>
          ) : agg.state === 'error' ? (
            <Failed error={agg.error} />
          ) : (
            <p className="muted">…</p>
          )}
        </Card>
        <Card title="Realised accuracy: all SKUs and the top 20 % by revenue" testId="top-card">
          {[['All SKUs', overall] as const, ['Top 20 % by revenue', top] as const].map(([label, a]) => (
            <p key={label}>
              <strong>{label}</strong>:{' '}
              {a.state === 'ok' ? (
                a.data.points ? (
                  `WAPE ${pct(a.data.wape)} · direction right ${pct(a.data.directional_accuracy * 100)} · ${a.data.points} days scored`
                ) : (
                  <span className="muted">no actuals after a forecast yet</span>
                )
              ) : a.state === 'error' ? (
                <Failed error={a.error} />
              ) : (
                '…'
              )}
            </p>
          ))}
          <p className="muted small">A per-SKU ranking by revenue is not served by any API yet.</p>
        </Card>
        <Card
          title={category ? `Reorder plan — ${category}` : `Reorder plan — ${sku}`}
          testId="reorder-card"
          loaded={plan.state === 'ok' ? plan.data.scope : ''}
        >
          {plan.state === 'ok' ? (
            <>
              <ReorderTable plans={plan.data.plans} onPick={setSku} />
              <p className="muted small">
                {category
                  ? `Every SKU of ${category} with a forecast`
                  : 'The SKU shown; pick a category above for all its SKUs'}
                {plan.data.plans[0]
                  ? ` · service level ${Math.round(plan.data.plans[0].service_level * 100)} % · stock as of ${plan.data.plans.find((p) => p.supplier && p.status !== 'stock unknown' && p.as_of_date)?.as_of_date ?? 'unknown'}`
                  : ''}
                . Risks are the chance of running out before the next order could arrive.
              </p>
            </>
          ) : plan.state === 'error' ? (
            <Failed error={plan.error} />
          ) : (
            <p className="muted">…</p>
          )}
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
