import { describe, expect, it } from 'vitest';
import { readSnapshot } from './snapshot-reader.ts';

const valid = { type: 't', version: 1, options: { a: 1 }, state: { n: 3, x: 0.5, none: null, flag: true, xs: [1, 2], rows: [[1], []] } };

describe('readSnapshot', () => {
  it('reads options and typed state fields', () => {
    const { options, state } = readSnapshot(JSON.parse(JSON.stringify(valid)), 't', 1);
    expect(options).toEqual({ a: 1 });
    expect(state.count('n')).toBe(3);
    expect(state.number('x')).toBe(0.5);
    expect(state.numberOrNull('none')).toBeNull();
    expect(state.boolean('flag')).toBe(true);
    expect(state.numbers('xs')).toEqual([1, 2]);
    expect(state.numberRows('rows')).toEqual([[1], []]);
  });

  it('refuses another type, another layout version, or no state', () => {
    expect(() => readSnapshot(valid, 'u', 1)).toThrow(/the snapshot is of type "t"/);
    expect(() => readSnapshot(valid, 't', 2)).toThrow(/version 1 is not readable by this release \(it reads version 2\)/);
    expect(() => readSnapshot({ ...valid, state: null }, 't', 1)).toThrow(/no state object/);
    expect(() => readSnapshot('{}', 't', 1)).toThrow(/must be the object that toJSON\(\) returned/);
  });

  it('refuses missing or damaged fields, naming them', () => {
    const { state } = readSnapshot(valid, 't', 1);
    expect(() => state.number('missing')).toThrow(/state\.missing must be a finite number/);
    expect(() => state.count('x')).toThrow(/state\.x must be an integer >= 0/);
    expect(() => state.boolean('n')).toThrow(/state\.n must be a boolean/);
    expect(() => state.numbers('rows')).toThrow(/state\.rows must be an array of finite numbers/);
    expect(() => state.numberRows('xs')).toThrow(/state\.xs must be an array of arrays/);
  });
});
