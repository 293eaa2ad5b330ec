import type { LinearModel } from './linear-model.ts';
import type { ModelTemplate } from './model-template.ts';

/**
 * A model of the simulation: its template, and three scorers over the same inputs. `truth`
 * makes the labels, `drifted` replaces it during concept drift, `deployed` is what the model
 * in production learnt (the truth with estimation error): its predictions are what is sent.
 */
export interface SimulatedModel {
  readonly id: string;
  readonly version: string;
  readonly template: ModelTemplate;
  readonly trafficWeight: number;
  readonly truth: LinearModel;
  readonly drifted: LinearModel;
  readonly deployed: LinearModel;
}
