import { CATEGORIES } from './categories';
import { listPrice, SkuPlan } from './catalog';
import { blackFriday, dayNumber, dayOfYear, weekday, yearOf } from './days';
import { Promotion } from './promotions';
import { DAYS, isClosed } from './story';
import { STORY_WORLD } from './world';

/** Extra lift of being featured in a promotion, on top of the price effect. */
const PROMO_VISIBILITY = 1.15;

/** Growth since 2018 with a pandemic surge of online shopping in 2020–21. */
function trend(category: number, day: number): number {
  const years = (day - DAYS.historyStart) / 365.25;
  const surge = Math.exp(-(((years - 2.4) / 0.5) ** 2));
  return Math.pow(CATEGORIES[category].growth, years) * (1 + 0.35 * surge);
}

function yearly(category: number, day: number, strength: number): number {
  const doy = dayOfYear(day);
  let m = 1;
  for (const [amplitude, peak, period] of CATEGORIES[category].yearly)
    m += strength * amplitude * Math.cos((2 * Math.PI * (doy - peak)) / period);
  return Math.max(0.1, m);
}

const yearMarks = new Map<number, { bf: number; dec1: number; jan1: number }>();

function marks(year: number) {
  let m = yearMarks.get(year);
  if (!m)
    yearMarks.set(
      year,
      (m = { bf: blackFriday(year), dec1: dayNumber(`${year}-12-01`), jan1: dayNumber(`${year}-01-01`) }),
    );
  return m;
}

/** Black Friday, Cyber Monday and the Christmas run-up, scaled by the category's sensitivity. */
function holidays(category: number, day: number): number {
  const { gift, blackFriday: bfWeight } = CATEGORIES[category];
  const { bf, dec1, jan1 } = marks(yearOf(day));
  const offset = day - bf;
  let m = 1;
  if (offset === 0) m += 1.6 * bfWeight;
  else if (offset === 1 || offset === 2) m += 0.6 * bfWeight;
  else if (offset === 3) m += 1.2 * bfWeight;
  else if (offset >= -7 && offset < 0) m += 0.15 * bfWeight;
  const dayOfDec = day - dec1 + 1;
  if (dayOfDec >= 1 && dayOfDec <= 20) m *= 1 + gift * (0.3 + (0.6 * dayOfDec) / 20);
  else if (dayOfDec >= 21 && dayOfDec <= 23) m *= 1 + gift * 0.4;
  else if (dayOfDec === 24) m *= 0.6;
  else if (dayOfDec === 25) m *= 0.35;
  else if (dayOfDec === 26) m *= 0.9;
  else if (dayOfDec >= 27) m *= 1.1;
  if (day === jan1) m *= 0.6;
  return m;
}

/**
 * The generator's noise-free expected demand (units per SKU-day), the product of:
 * category growth × weekly × yearly seasonality × holidays, SKU popularity × launch ramp × clearance
 * before discontinuation × price effect × promotion uplift × post-reopening recovery; 0 while closed.
 * Call `startDay(day)` once per day, in increasing order, before `expected(plan)`.
 */
export class DemandModel {
  private readonly categoryFactor = new Float64Array(CATEGORIES.length);
  private readonly discount: Float64Array;
  private readonly weekly: number[][];
  private day = -Infinity;
  private closed = false;

  constructor(
    private readonly catalog: SkuPlan[],
    private readonly promotions: Promotion[],
    /** Units per unit of popularity per day; calibrated so the total matches the target volume. */
    public base = 1,
    /** Per category, the multiplier of its yearly season (world knob; 1 = the story's). */
    private readonly seasonStrength: readonly number[] = STORY_WORLD.seasonStrength,
  ) {
    this.discount = new Float64Array(catalog.length);
    this.weekly = CATEGORIES.map((c) => {
      const mean = c.weekly.reduce((a, b) => a + b, 0) / 7;
      return c.weekly.map((w) => w / mean);
    });
  }

  startDay(day: number): void {
    this.day = day;
    this.closed = isClosed(day);
    const dow = weekday(day);
    for (let c = 0; c < CATEGORIES.length; c++)
      this.categoryFactor[c] =
        trend(c, day) * this.weekly[c][dow] * yearly(c, day, this.seasonStrength[c]) * holidays(c, day);
    this.discount.fill(0);
    for (const p of this.promotions) {
      if (p.start > day || p.end < day) continue;
      for (const plan of this.catalog) {
        const s = p.scope;
        const applies =
          s.kind === 'all' || (s.kind === 'category' ? s.category === plan.category : s.index === plan.index);
        if (applies) this.discount[plan.index] = Math.max(this.discount[plan.index], p.discount);
      }
    }
  }

  /** Discount (0 … 1) on the current day. */
  discountOf(plan: SkuPlan): number {
    return this.discount[plan.index];
  }

  /** Price paid on the current day (list price less any promotion). */
  pricePaid(plan: SkuPlan): number {
    return listPrice(plan, this.day) * (1 - this.discount[plan.index]);
  }

  /** Is the SKU on sale (launched, not discontinued) on the current day? */
  isListed(plan: SkuPlan): boolean {
    return plan.launch <= this.day && (plan.discontinued === undefined || this.day < plan.discontinued);
  }

  expected(plan: SkuPlan): number {
    if (this.closed || !this.isListed(plan)) return 0;
    const day = this.day;
    let m = this.base * plan.popularity * this.categoryFactor[plan.category];
    m *= 1 - Math.exp(-(day - plan.launch + 1) / plan.rampDays);
    if (plan.discontinued !== undefined && plan.discontinued - day < 90)
      m *= 0.35 + (0.65 * (plan.discontinued - day)) / 90;
    const list = listPrice(plan, day);
    m *= Math.pow(list / plan.prices[0].price, -plan.elasticity);
    const discount = this.discount[plan.index];
    if (discount > 0) m *= Math.pow(1 - discount, -plan.elasticity) * PROMO_VISIBILITY;
    const br = plan.trendBreak;
    if (br !== undefined && day > br.day)
      m *= 1 + (br.factor - 1) * Math.min(1, (day - br.day) / br.rampDays);
    if (day >= DAYS.reopening) {
      const r = plan.recovery;
      m *= r.cap - (r.cap - r.floor) * Math.exp(-(day - DAYS.reopening) / r.tau);
    }
    return m;
  }
}
