/** The gateway's REST API, as the dashboard uses it. Errors arrive in one shape. */
export interface ApiErrorBody {
  error: { status: number; code: string; message: string; field?: string };
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** The route or the RPC behind it does not exist in this deployment (yet). */
  get unavailable(): boolean {
    return this.status === 501 || this.code === 'no_such_route';
  }
}

export interface User {
  username: string;
  role: string;
  scopes: string[];
}
export interface Session {
  token: string;
  user: User;
  expiresAt: number;
}

export interface Interval {
  level: number;
  lower: number;
  upper: number;
}
export interface ForecastPoint {
  date: string;
  mean: number;
  intervals: Interval[];
}
export interface Forecast {
  sku: string;
  category?: string;
  model_version_id: string;
  model_name: string;
  origin_date: string;
  points: ForecastPoint[];
}
export interface AggregateForecast {
  category: string;
  method: string;
  sku_count: number;
  origin_date: string;
  points: ForecastPoint[];
  skus_left_out: number;
  note: string;
}
export interface Alert {
  alert_id: string;
  kind: string;
  scope: string;
  scope_key: string;
  severity: string;
  metric: string;
  value: number;
  threshold: number;
  detail: string;
  raised_at?: string;
  resolved_at?: string;
}
export interface DailySeries {
  sku: string;
  start_date?: string;
  quantities: number[];
  revenues: number[];
  returned_quantities: number[];
}
export interface Accuracy {
  sku: string;
  mape: number;
  wape: number;
  directional_accuracy: number;
  points: number;
}
export interface ModelVersion {
  model_version_id: string;
  sku: string;
  model_name: string;
  origin_date: string;
  frequency: string;
  trained_at?: string;
  run_id: string;
  backtest_wape?: number;
  gate_decision?: string;
}

export interface ReorderPlan {
  sku: string;
  supplier: string;
  status: string;
  as_of_date: string;
  lead_time_days: number;
  review_days: number;
  moq: number;
  pack_size: number;
  on_hand: number;
  on_order: number;
  reorder_point: number;
  safety_stock: number;
  order_quantity: number;
  order_by_date: string;
  stockout_risk: number;
  stockout_risk_without_order: number;
  service_level: number;
  forecast_origin_date: string;
}

export interface BusinessEvent {
  kind: 'shutdown' | 'reopening' | 'promotion' | string;
  starts_on: string;
  ends_on: string;
  scope: string;
  description: string;
}

export type Granularity = 'daily' | 'weekly' | 'monthly';

const SESSION_KEY = 'salescast.session';

export function loadSession(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    return s && s.expiresAt > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(s: Session | undefined): void {
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

async function failure(res: Response): Promise<ApiFailure> {
  try {
    const b = (await res.json()) as ApiErrorBody;
    return new ApiFailure(res.status, b.error.code, b.error.message);
  } catch {
    return new ApiFailure(res.status, 'error', res.statusText);
  }
}

export async function signIn(username: string, password: string): Promise<Session> {
  const res = await fetch('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw await failure(res);
  const b = (await res.json()) as { access_token: string; expires_in: number; user: User };
  return { token: b.access_token, user: b.user, expiresAt: Date.now() + b.expires_in * 1000 };
}

export class Api {
  constructor(
    private readonly session: Session,
    private readonly onUnauthenticated: () => void,
  ) {}

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    const res = await fetch(path, { headers: { Authorization: `Bearer ${this.session.token}` }, signal });
    if (res.status === 401) this.onUnauthenticated();
    if (!res.ok) throw await failure(res);
    return (await res.json()) as T;
  }

  skus = async (): Promise<string[]> => {
    const all: string[] = [];
    let token = '';
    do {
      const page = await this.get<{ skus: string[]; next_page_token: string }>(
        `/api/v1/skus?page_size=5000${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
      );
      all.push(...page.skus);
      token = page.next_page_token;
    } while (token);
    return all;
  };
  history = (sku: string, signal?: AbortSignal) =>
    this.get<DailySeries>(`/api/v1/skus/${encodeURIComponent(sku)}/history`, signal);
  forecast = (sku: string, horizon: number, granularity: Granularity, signal?: AbortSignal) =>
    this.get<Forecast>(
      `/api/v1/skus/${encodeURIComponent(sku)}/forecast?horizon_days=${horizon}&levels=80,95&granularity=${granularity}`,
      signal,
    );
  /** SKU → category, from the latest forecast of every SKU (one day ahead: small). */
  categories = async (signal?: AbortSignal): Promise<Map<string, string>> => {
    const out = new Map<string, string>();
    let token = '';
    do {
      const page = await this.get<{ forecasts: Forecast[]; next_page_token: string }>(
        `/api/v1/forecasts?horizon_days=1&levels=80&page_size=1000${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
        signal,
      );
      for (const f of page.forecasts) out.set(f.sku, f.category ?? '');
      token = page.next_page_token;
    } while (token);
    return out;
  };
  aggregate = (category: string, horizon: number, granularity: Granularity, signal?: AbortSignal) =>
    this.get<AggregateForecast>(
      `${category ? `/api/v1/categories/${encodeURIComponent(category)}` : '/api/v1/total'}/forecast?horizon_days=${horizon}&levels=80,95&granularity=${granularity}`,
      signal,
    );
  alerts = (signal?: AbortSignal) => this.get<{ alerts: Alert[] }>('/api/v1/alerts?limit=50', signal);
  versions = (sku: string, signal?: AbortSignal) =>
    this.get<{ versions: ModelVersion[] }>(`/api/v1/skus/${encodeURIComponent(sku)}/model-versions`, signal);
  overallAccuracy = (topSkus: boolean, signal?: AbortSignal) =>
    this.get<Accuracy>(`/api/v1/accuracy${topSkus ? '?top_skus=true' : ''}`, signal);
  accuracy = (sku: string, signal?: AbortSignal) =>
    this.get<Accuracy>(`/api/v1/skus/${encodeURIComponent(sku)}/accuracy`, signal);
  /** The shutdowns, reopenings and promotions declared for a SKU (its scope, category or all). */
  businessEvents = (sku: string, signal?: AbortSignal) =>
    this.get<{ events: BusinessEvent[] }>(`/api/v1/business-events?sku=${encodeURIComponent(sku)}`, signal);
  /** The reorder plans of a category's SKUs, or of the SKUs named. */
  reorderPlan = (scope: { category: string } | { skus: string[] }, signal?: AbortSignal) =>
    this.get<{ plans: ReorderPlan[] }>(
      `/api/v1/reorder-plan?${
        'category' in scope
          ? `category=${encodeURIComponent(scope.category)}`
          : `sku=${scope.skus.map(encodeURIComponent).join(',')}`
      }`,
      signal,
    );
  version = (id: string, signal?: AbortSignal) =>
    this.get<ModelVersion>(`/api/v1/model-versions/${encodeURIComponent(id)}`, signal);
}
