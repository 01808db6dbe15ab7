import { CATEGORIES } from './categories';
import { Rng } from './rng';

/**
 * Knobs of the generated world. The defaults (STORY_WORLD) are the story `salescast generate` has always told
 * (same seed, same bytes); the benchmark's "varied" preset draws them per seed (variedWorld), so that no
 * single story can be tuned to.
 */
export interface WorldKnobs {
  /** Per category (CATEGORIES order): multiplier of its yearly-season amplitudes; 0 = flat, 1 = the story's. */
  seasonStrength: number[];
  /** Multiplier of the per-SKU log-spread of the recovery level (0.12) and recovery time (0.3) after reopening. */
  recoverySpread: number;
  /** Share of SKUs that never recover: they level off at 25–60 % of their old level, ten times slower. */
  neverRecoverShare: number;
  /** Share of SKUs with a trend break: from a day in 2019 → May 2025 their level moves to ×0.4–1.8 over 30–180 days. */
  trendBreakShare: number;
  /** Share of slow movers (popularity × 0.08): intermittent SKUs that sell on few days. */
  intermittentShare: number;
  /** Share of SKUs already on sale before the history starts; the others launch during it. */
  establishedShare: number;
  /** Multiplier of the probabilities of discontinuation (before, during and after the shutdown, planned). */
  discontinueScale: number;
}

/** The story's world: every knob at the behaviour the generator had before knobs existed. */
export const STORY_WORLD: Readonly<WorldKnobs> = Object.freeze({
  seasonStrength: CATEGORIES.map(() => 1),
  recoverySpread: 1,
  neverRecoverShare: 0,
  trendBreakShare: 0,
  intermittentShare: 0.25,
  establishedShare: 0.55,
  discontinueScale: 1,
});

/** The ranges the "varied" preset draws from (uniform), printed by the benchmark. */
export const VARIED_RANGES = {
  seasonStrength: [0, 2.5],
  recoverySpread: [0.5, 3],
  neverRecoverShare: [0, 0.3],
  trendBreakShare: [0, 0.3],
  intermittentShare: [0.1, 0.5],
  establishedShare: [0.3, 0.8],
  discontinueScale: [0.5, 2],
} as const;

/** A world drawn at random for `seed` from VARIED_RANGES (each category gets its own season strength). */
export function variedWorld(seed: number): WorldKnobs {
  const rng = new Rng(seed).fork('varied-world');
  const draw = ([lo, hi]: readonly [number, number]) => rng.uniform(lo, hi);
  return {
    seasonStrength: CATEGORIES.map(() => draw(VARIED_RANGES.seasonStrength)),
    recoverySpread: draw(VARIED_RANGES.recoverySpread),
    neverRecoverShare: draw(VARIED_RANGES.neverRecoverShare),
    trendBreakShare: draw(VARIED_RANGES.trendBreakShare),
    intermittentShare: draw(VARIED_RANGES.intermittentShare),
    establishedShare: draw(VARIED_RANGES.establishedShare),
    discontinueScale: draw(VARIED_RANGES.discontinueScale),
  };
}

/** The story's world with some knobs changed; checks every knob is in range. */
export function worldOf(knobs: Partial<WorldKnobs> = {}): WorldKnobs {
  const w: WorldKnobs = { ...STORY_WORLD, seasonStrength: [...STORY_WORLD.seasonStrength], ...knobs };
  if (w.seasonStrength.length !== CATEGORIES.length || w.seasonStrength.some((s) => !(s >= 0)))
    throw new RangeError(`seasonStrength needs ${CATEGORIES.length} values >= 0`);
  for (const k of ['neverRecoverShare', 'trendBreakShare', 'intermittentShare', 'establishedShare'] as const)
    if (!(w[k] >= 0 && w[k] <= 1)) throw new RangeError(`${k} must be in [0, 1], got ${w[k]}`);
  for (const k of ['recoverySpread', 'discontinueScale'] as const)
    if (!(w[k] >= 0)) throw new RangeError(`${k} must be >= 0, got ${w[k]}`);
  if (w.discontinueScale * 0.24 > 1) throw new RangeError(`discontinueScale must be <= ${1 / 0.24}`);
  return w;
}

/** Is this the story's own world (nothing changed)? */
export function isStoryWorld(w: WorldKnobs): boolean {
  return (Object.keys(STORY_WORLD) as Array<keyof WorldKnobs>).every((k) =>
    k === 'seasonStrength'
      ? w.seasonStrength.every((s, i) => s === STORY_WORLD.seasonStrength[i])
      : w[k] === STORY_WORLD[k],
  );
}
