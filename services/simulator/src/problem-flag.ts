import type { ProblemKind } from './scenario.ts';
import { ScenarioError } from './scenario-error.ts';

const LIST_KEYS = new Set(['models', 'features']);
const MAP_KEYS = new Set(['categories', 'where', 'kinds']);
const NUMBER_KEYS = new Set(['shift', 'scale', 'trueRate', 'nullRate', 'strength', 'factor', 'rate', 'fraction', 'groundTruthShare', 'oversizedBytes']);
const ALIASES: Record<string, string> = { model: 'models', feature: 'features', kind: 'kinds', 'gt-share': 'groundTruthShare' };

/**
 * Reads a problem given on the command line, `key=value` pairs separated by commas, into
 * the object a scenario file would hold (so both go through one validator):
 *
 *   model=fraud-detector,feature=amount+hour_of_day,shift=2,from=5m,to=50%,ramp=1m
 *   model=all,where=country:BR,categories=online:0.6+travel:0.3
 *   fraction=0.02,kinds=invalid-json:3+oversized:1
 *
 * Lists are joined with `+`, maps are `name:value` joined with `+`; keys may be written
 * kebab-case (`null-rate`) or camelCase (`nullRate`). A bare word is the model.
 */
export function parseProblemFlag(kind: ProblemKind, spec: string): Record<string, unknown> {
  const out: Record<string, unknown> = { kind };
  const problems: string[] = [];
  for (const part of spec.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? 'models' : part.slice(0, eq).trim();
    const value = eq < 0 ? part : part.slice(eq + 1).trim();
    const camel = rawKey.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const key = ALIASES[rawKey] ?? ALIASES[camel] ?? camel;
    if (key in out) problems.push(`--${kind}: "${rawKey}" is given twice`);
    if (LIST_KEYS.has(key)) out[key] = value === 'all' && key === 'models' ? 'all' : value.split('+').filter((v) => v.length > 0);
    else if (MAP_KEYS.has(key)) out[key] = pairs(value, key === 'where');
    else if (NUMBER_KEYS.has(key)) out[key] = value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    else out[key] = /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return out;
}

function pairs(value: string, textValues: boolean): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  for (const item of value.split('+').filter((v) => v.length > 0)) {
    const colon = item.lastIndexOf(':');
    if (colon < 0) {
      map[item] = textValues ? null : 1;
      continue;
    }
    const name = item.slice(0, colon);
    const v = item.slice(colon + 1);
    map[name] = textValues ? v : Number.isFinite(Number(v)) && v !== '' ? Number(v) : v;
  }
  return map;
}
