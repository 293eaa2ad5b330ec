import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The golden streams recorded from River by scripts/golden/detectors/make_detector_fixtures.py
 * (see that script for what each stream is). Tests read them here so that the pure core never
 * touches the file system, and every fixture in this folder is found without a list to keep.
 */
export interface GoldenStream {
  readonly name: string;
  /**
   * 'change': one change at changePoints[0]; 'stationary': none; 'steps': several; 'edge': no
   * noise, boundaries hit exactly; 'example': the stream of River's docstring examples.
   */
  readonly kind: 'change' | 'stationary' | 'steps' | 'edge' | 'example';
  readonly description: string;
  readonly changePoints: readonly number[];
  readonly stream: readonly number[];
  readonly river: string;
  readonly runs: readonly GoldenRun[];
}

export interface GoldenRun {
  /** The modelwatch detector type. */
  readonly detector: string;
  /** The name of the parameter set in the script ('defaults', 'warm-start-1000', ...). */
  readonly config: string;
  readonly river: { readonly class: string; readonly params: Readonly<Record<string, unknown>> };
  /** The same parameters under modelwatch's option names. */
  readonly options: Readonly<Record<string, unknown>>;
  /** Indices after whose update River's drift_detected was true. */
  readonly drifts: readonly number[];
  /** Indices after whose update River's warning_detected was true (DDM and EDDM only). */
  readonly warnings?: readonly number[];
  /**
   * River's running statistics after the update at `index`, under the names of the detector's
   * snapshot state (every 200 items, at each drift and on the update after it).
   */
  readonly checkpoints: readonly Checkpoint[];
}

export type Checkpoint = { readonly index: number } & Readonly<Record<string, number | null>>;

export interface RiverDefaults {
  readonly river: string;
  readonly defaults: Readonly<Record<string, { readonly options: Readonly<Record<string, unknown>> }>>;
}

const dir = path.dirname(fileURLToPath(import.meta.url));

export function goldenStreams(): GoldenStream[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && file !== 'river-defaults.json')
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as GoldenStream);
}

export function riverDefaults(): RiverDefaults {
  return JSON.parse(readFileSync(path.join(dir, 'river-defaults.json'), 'utf8')) as RiverDefaults;
}
