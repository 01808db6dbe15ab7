import type * as grpc from '@grpc/grpc-js';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { api } from '@salescast/contracts';

/**
 * Snapshots are immutable, so the wire bytes of one SKU's forecast for one view (horizon, levels,
 * granularity) never change until the next snapshot: they are encoded once and reused by every
 * read of that view, alone, in a batch or in a ListForecasts page. A bounded LRU of response
 * objects (keyed by snapshot, view and category) and, beside each object, its encoded bytes.
 */
export class EncodedForecasts {
  private readonly lru = new Map<string, api.GetForecastResponse>();
  private readonly bytes = new WeakMap<api.GetForecastResponse, Uint8Array>();

  constructor(private readonly capacity = 20_000) {}

  /** The cached response for `key`, or the one `make` builds (then encoded and cached). */
  get(key: string, make: () => api.GetForecastResponse): api.GetForecastResponse {
    const hit = this.lru.get(key);
    if (hit) {
      // refresh its place in the LRU (a Map iterates in insertion order)
      this.lru.delete(key);
      this.lru.set(key, hit);
      return hit;
    }
    const res = make();
    this.bytes.set(res, api.GetForecastResponse.encode(res).finish());
    this.lru.set(key, res);
    if (this.lru.size > this.capacity) this.lru.delete(this.lru.keys().next().value as string);
    return res;
  }

  get size(): number {
    return this.lru.size;
  }

  /** The wire bytes of one forecast: cached when it came from get(), encoded otherwise. */
  encoded(res: api.GetForecastResponse): Uint8Array {
    return this.bytes.get(res) ?? api.GetForecastResponse.encode(res).finish();
  }

  encodeGet = (res: api.GetForecastResponse): Buffer => {
    const b = this.encoded(res);
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  };

  /** BatchGetForecastsResponse: field 1 = each forecast's cached bytes, field 2 = not_found. */
  encodeBatch = (res: api.BatchGetForecastsResponse): Buffer => {
    const w = new BinaryWriter();
    for (const f of res.forecasts) w.uint32(10).bytes(this.encoded(f));
    for (const s of res.notFound) w.uint32(18).string(s);
    return Buffer.from(w.finish());
  };

  /** ListForecastsResponse: field 1 = each forecast's cached bytes, field 2 = next_page_token. */
  encodeList = (res: api.ListForecastsResponse): Buffer => {
    const w = new BinaryWriter();
    for (const f of res.forecasts) w.uint32(10).bytes(this.encoded(f));
    if (res.nextPageToken !== '') w.uint32(18).string(res.nextPageToken);
    return Buffer.from(w.finish());
  };

  /** ForecastServiceService with the three forecast reads serialised from the cache. */
  definition(): grpc.ServiceDefinition {
    const d = api.ForecastServiceService;
    return {
      ...d,
      getForecast: { ...d.getForecast, responseSerialize: this.encodeGet },
      batchGetForecasts: { ...d.batchGetForecasts, responseSerialize: this.encodeBatch },
      listForecasts: { ...d.listForecasts, responseSerialize: this.encodeList },
    } as unknown as grpc.ServiceDefinition;
  }
}
