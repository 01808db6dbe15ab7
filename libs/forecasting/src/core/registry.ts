import { PROMOTION_LIFT_MODEL, restorePromotionLift } from './promotions';
import { RECONCILED_MODEL, restoreReconciled } from './reconciled';
import { restoreYearlySeason, YEARLY_SEASON_MODEL } from './yearly-season';
import { FittedModel, ModelSpec, SerializedModel } from './types';

/**
 * A set of model specs by name: how a serialized model finds the code that restores it.
 * The training service stores `toJSON()` output; the prediction service calls `registry.fromJSON()`.
 */
export class ModelRegistry {
  private readonly specs = new Map<string, ModelSpec>();

  constructor(specs: Iterable<ModelSpec> = []) {
    for (const s of specs) this.register(s);
  }

  register(spec: ModelSpec): this {
    if (this.specs.has(spec.name)) throw new Error(`model '${spec.name}' is already registered`);
    this.specs.set(spec.name, spec);
    return this;
  }

  get(name: string): ModelSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`unknown model '${name}' (known: ${[...this.specs.keys()].join(', ')})`);
    return spec;
  }

  has(name: string): boolean {
    return this.specs.has(name);
  }

  names(): string[] {
    return [...this.specs.keys()];
  }

  fromJSON(json: SerializedModel): FittedModel {
    if (!json || typeof json.model !== 'string') throw new Error('not a serialized model: missing "model"');
    // A member wrapped with its promotion lift by the ensemble (core/promotions.ts): restore what it wraps.
    if (json.model === PROMOTION_LIFT_MODEL)
      return restorePromotionLift(json, (inner) => this.fromJSON(inner));
    // A member fitted on the seasonally adjusted history (core/yearly-season.ts): likewise.
    if (json.model === YEARLY_SEASON_MODEL) return restoreYearlySeason(json, (inner) => this.fromJSON(inner));
    // A model reconciled with its group by the training service (core/reconciled.ts): restore what it wraps.
    if (json.model === RECONCILED_MODEL) return restoreReconciled(json, (base) => this.fromJSON(base));
    return this.get(json.model).fromJSON(json);
  }
}
