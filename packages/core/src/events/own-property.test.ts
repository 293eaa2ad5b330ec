import { describe, expect, it } from 'vitest';
import { ownValue, setOwn } from './own-property.ts';

describe('own properties of producer maps', () => {
  it('sets every name as an own entry, __proto__ too, without touching the prototype', () => {
    const map: Record<string, number> = {};
    for (const [i, name] of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'amount'].entries()) setOwn(map, name, i);
    expect(Object.keys(map)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'amount']);
    expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
    expect(JSON.stringify(map)).toBe('{"__proto__":0,"constructor":1,"toString":2,"hasOwnProperty":3,"amount":4}');
    expect(map).toEqual(JSON.parse(JSON.stringify(map)));
  });

  it('reads only own entries', () => {
    const map = JSON.parse('{"__proto__": 0.5}') as Record<string, number>;
    expect(ownValue(map, '__proto__')).toBe(0.5);
    expect(ownValue(map, 'constructor')).toBeUndefined();
    expect(ownValue(map, 'toString')).toBeUndefined();
    expect(ownValue(undefined, 'x')).toBeUndefined();
  });
});
