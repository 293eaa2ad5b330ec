import { formatDuration } from './duration.ts';
import type { Problem } from './scenario.ts';

/** One line for a problem: kind, models, what changes, when. For the CLI and logs. */
export function describeProblem(problem: Problem): string {
  const models = problem.models === 'all' ? 'all models' : problem.models.join(', ');
  const where = problem.where ? ` where ${Object.entries(problem.where).map(([k, v]) => `${k}=${v}`).join(', ')}` : '';
  const w = problem.window;
  const when =
    w.fromMs === 0 && !Number.isFinite(w.toMs)
      ? 'throughout'
      : `${w.fromMs === 0 ? 'start' : formatDuration(w.fromMs)} to ${Number.isFinite(w.toMs) ? formatDuration(w.toMs) : 'end'}${w.rampMs > 0 ? ` (ramp ${formatDuration(w.rampMs)})` : ''}`;
  let what: string;
  switch (problem.kind) {
    case 'covariate-drift': {
      const parts = [
        problem.shift !== undefined ? `shift ${problem.shift} sd` : '',
        problem.scale !== undefined ? `scale x${problem.scale}` : '',
        problem.categories ? `categories ${Object.entries(problem.categories).map(([k, v]) => `${k}:${v}`).join(' ')}` : '',
        problem.trueRate !== undefined ? `true ${problem.trueRate}` : '',
        problem.nullRate !== undefined ? `nulls ${problem.nullRate}` : '',
      ].filter((p) => p.length > 0);
      what = `${problem.features ? problem.features.join(', ') : 'first numeric and categorical feature'}: ${parts.length > 0 ? parts.join(', ') : 'default drift'}`;
      break;
    }
    case 'concept-drift':
      what = `strength ${problem.strength}`;
      break;
    case 'latency-spike':
      what = `latency x${problem.factor}`;
      break;
    case 'error-burst':
      what = `${Math.round(problem.rate * 100)}% errors`;
      break;
    case 'malformed':
      what = `${problem.fraction * 100}% of traffic (${Object.keys(problem.kinds).join(', ')})`;
      break;
  }
  return `${problem.kind} on ${models}${where}: ${what}, ${when}`;
}
