import { SkuPlan } from './catalog';
import { isoDay } from './days';
import { DemandModel } from './demand';
import { Rng } from './rng';
import { DAYS, isClosed } from './story';
import { BufferedWriter } from './writer';

/** Units per order line on average (line quantities 1 … 6, merged duplicates), used to calibrate volume. */
export const UNITS_PER_LINE = 1.35;
const LINE_QUANTITY_WEIGHTS = [0.8, 0.12, 0.04, 0.02, 0.01, 0.01];
const ORDER_SIZE_WEIGHTS = [0.52, 0.24, 0.12, 0.06, 0.03, 0.015, 0.01, 0.005];
/** Orders per hour of the day (UTC), a European evening peak. */
const HOUR_WEIGHTS = [
  0.8, 0.4, 0.2, 0.15, 0.15, 0.3, 0.7, 1.5, 2.5, 3.2, 3.6, 3.8, 4, 3.8, 3.7, 3.6, 3.7, 4, 4.4, 5, 5.4, 5, 3.6,
  2,
];
const HOUR_CUMULATIVE = (() => {
  const total = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  let acc = 0;
  return HOUR_WEIGHTS.map((w) => (acc += w / total));
})();

/** `HH:MM:SS` for every second of a day, so the hot loop never formats a time. */
const TIME_OF_DAY: string[] = (() => {
  const two = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
  const times: string[] = [];
  for (let h = 0; h < 24; h++)
    for (let m = 0; m < 60; m++) for (let s = 0; s < 60; s++) times.push(`${two[h]}:${two[m]}:${two[s]}`);
  return times;
})();

function secondOfDay(rng: Rng): number {
  const u = rng.next();
  let hour = 0;
  while (hour < 23 && u > HOUR_CUMULATIVE[hour]) hour++;
  return hour * 3600 + rng.int(3600);
}

/** Pending returns by the day they arrive (lines without their return id, which is given in file order). */
export class ReturnQueue {
  private readonly byDay = new Map<number, string[]>();

  add(day: number, row: string): void {
    const rows = this.byDay.get(day);
    if (rows) rows.push(row);
    else this.byDay.set(day, [row]);
  }

  take(day: number): string[] {
    const rows = this.byDay.get(day) ?? [];
    this.byDay.delete(day);
    return rows;
  }
}

/** Running totals of what was written. */
export interface SalesCounters {
  orders: number;
  lines: number;
  units: number;
}

/**
 * One trading day of the simulation: units per SKU drawn around the expected demand, split into order
 * lines, grouped into multi-line orders in time order, written out, and returns scheduled for later days.
 * Buffers are reused from day to day; random streams are drawn in a fixed order (same seed, same bytes).
 */
export class SalesDay {
  private readonly lineSku: number[] = [];
  private readonly lineQty: number[] = [];
  private readonly order: number[] = [];
  private readonly orderEnds: number[] = [];
  private readonly priceText: string[];

  constructor(
    private readonly catalog: SkuPlan[],
    private readonly rng: { sales: Rng; orders: Rng; returns: Rng },
  ) {
    this.priceText = new Array<string>(catalog.length);
  }

  /** Draws the day's units per SKU (reported to `onUnits`) and splits them into order lines. */
  draw(model: DemandModel, counters: SalesCounters, onUnits: (plan: SkuPlan, units: number) => void): void {
    const { sales } = this.rng;
    this.lineSku.length = 0;
    this.lineQty.length = 0;
    for (const plan of this.catalog) {
      let units = sales.negativeBinomial(model.expected(plan), plan.dispersion);
      if (units === 0) continue;
      this.priceText[plan.index] = model.pricePaid(plan).toFixed(2);
      counters.units += units;
      onUnits(plan, units);
      while (units > 0) {
        const q = Math.min(units, 1 + sales.weighted(LINE_QUANTITY_WEIGHTS));
        this.lineSku.push(plan.index);
        this.lineQty.push(q);
        units -= q;
      }
    }
  }

  /** Groups the drawn lines into orders, writes them in time order and schedules their returns. */
  writeOrders(day: number, counters: SalesCounters, lines: BufferedWriter, pending: ReturnQueue): void {
    const { orders: orderRng } = this.rng;
    const { lineSku, lineQty, order, orderEnds } = this;
    const iso = isoDay(day);
    order.length = 0;
    for (let i = 0; i < lineSku.length; i++) order.push(i);
    orderRng.shuffle(order);
    orderEnds.length = 0;
    for (let i = 0; i < order.length;)
      orderEnds.push((i = Math.min(order.length, i + 1 + orderRng.weighted(ORDER_SIZE_WEIGHTS))));
    const times = new Float64Array(orderEnds.length);
    for (let o = 0; o < times.length; o++) times[o] = secondOfDay(orderRng);
    times.sort();
    let begin = 0;
    for (let o = 0; o < orderEnds.length; o++) {
      const end = orderEnds[o];
      const orderId = `O${String(++counters.orders).padStart(9, '0')}`;
      const timestamp = `${iso}T${TIME_OF_DAY[times[o]]}Z`;
      let lineNo = 0;
      for (let j = begin; j < end; j++) {
        const sku = lineSku[order[j]];
        let quantity = lineQty[order[j]];
        if (quantity === 0) continue;
        for (let k = j + 1; k < end; k++)
          // the same SKU twice in one order becomes one line
          if (lineSku[order[k]] === sku) {
            quantity += lineQty[order[k]];
            lineQty[order[k]] = 0;
          }
        const plan = this.catalog[sku];
        lines.push(`${orderId},${++lineNo},${plan.sku},${quantity},${this.priceText[sku]},${timestamp}\n`);
        counters.lines++;
        this.scheduleReturn(day, orderId, plan, quantity, pending);
      }
      begin = end;
    }
  }

  /** A line comes back at the SKU's return rate, days to weeks later; parcels due while closed wait for the reopening. */
  private scheduleReturn(
    day: number,
    orderId: string,
    plan: SkuPlan,
    quantity: number,
    pending: ReturnQueue,
  ): void {
    const rng = this.rng.returns;
    if (!rng.chance(plan.returnRate)) return;
    let returnDay = day + 3 + Math.round(rng.gamma(2) * 5);
    if (isClosed(returnDay)) returnDay = DAYS.reopening + rng.int(10);
    const returned = quantity === 1 || rng.chance(0.7) ? quantity : 1 + rng.int(quantity - 1);
    if (returnDay <= DAYS.dataEnd)
      pending.add(
        returnDay,
        `${orderId},${plan.sku},${returned},${isoDay(returnDay)}T${TIME_OF_DAY[8 * 3600 + rng.int(10 * 3600)]}Z\n`,
      );
  }
}
