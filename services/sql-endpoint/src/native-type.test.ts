import { describe, expect, it } from 'vitest';
import { parseNativeType } from './native-type.ts';

describe('parseNativeType', () => {
  it('parses nested types and keeps parameters as text', () => {
    expect(parseNativeType('String')).toEqual({ name: 'String', args: [], params: [] });
    const map = parseNativeType('Map(LowCardinality(String), Array(Nullable(Float64)))');
    expect(map.name).toBe('Map');
    expect(map.args.map((a) => a.name)).toEqual(['LowCardinality', 'Array']);
    expect(map.args[1]?.args[0]?.args[0]?.name).toBe('Float64');
    expect(parseNativeType("DateTime64(3, 'Europe/Paris')")).toEqual({ name: 'DateTime64', args: [], params: ['3', "'Europe/Paris'"] });
    expect(parseNativeType("Enum8('a,b' = 1, 'c)' = 2)").params).toEqual(["'a,b' = 1", "'c)' = 2"]);
  });

  it('drops tuple element names and the function of SimpleAggregateFunction', () => {
    expect(parseNativeType('Tuple(a UInt8, `b c` Nullable(String))').args.map((a) => a.name)).toEqual(['UInt8', 'Nullable']);
    expect(parseNativeType('Tuple(UInt8, String)').args.map((a) => a.name)).toEqual(['UInt8', 'String']);
    expect(parseNativeType('SimpleAggregateFunction(sum, UInt64)').args).toEqual([{ name: 'UInt64', args: [], params: [] }]);
  });
});
