import { describe, expect, it } from 'vitest';
import { AnalystFunctions } from './analyst-functions.ts';
import { checkAnalystStatement, type AnalystScope } from './analyst-policy.ts';
import { readStatementTree } from './statement-tree.ts';

const scope: AnalystScope = {
  user: 'ana',
  database: 'modelwatch',
  databases: new Set(['modelwatch', 'system', 'default', 'INFORMATION_SCHEMA', 'information_schema']),
  functions: new AnalystFunctions([{ name: 'count', categories: 'Aggregate Functions', alias_to: '', case_insensitive: 1, is_aggregate: 1 }], ['If']),
};

/** A SELECT over `from` (a table expression's lines at depth 6), with `item` as its one column. */
function select(item: string, from = 'TableIdentifier inference_events', tail: string[] = []): string[] {
  return [
    `SelectWithUnionQuery (children ${1 + tail.length})`,
    ' ExpressionList (children 1)',
    '  SelectQuery (children 2)',
    '   ExpressionList (children 1)',
    `    ${item}`,
    '   TablesInSelectQuery (children 1)',
    '    TablesInSelectQueryElement (children 1)',
    '     TableExpression (children 1)',
    `      ${from}`,
    ...tail,
  ];
}

const check = (lines: string[]) => () => checkAnalystStatement(readStatementTree(lines), scope);

describe('checkAnalystStatement', () => {
  it('allows reading modelwatch tables, allowed system tables and INFORMATION_SCHEMA', () => {
    expect(check(select('Function count'))).not.toThrow();
    expect(check(select('Function countIf', 'TableIdentifier modelwatch.model_metrics'))).not.toThrow();
    expect(check(select('Asterisk', 'TableIdentifier system.columns'))).not.toThrow();
    expect(check(select('Asterisk', 'TableIdentifier INFORMATION_SCHEMA.TABLES'))).not.toThrow();
    expect(check(select('Identifier o.dummy'))).not.toThrow();
  });

  it('refuses other tables, table functions and functions, naming them', () => {
    expect(check(select('Asterisk', 'TableIdentifier system.processes'))).toThrow(/ana: reading 'system.processes' is not allowed/);
    expect(check(select('Asterisk', 'TableIdentifier default.t'))).toThrow(/default.t/);
    const fileCall = select('Asterisk', 'Function file (children 1)');
    fileCall.push('       ExpressionList (children 1)', "        Literal '/etc/passwd'");
    expect(check(fileCall)).toThrow(/the function 'file' is not allowed/);
    expect(check(select('Function hostName'))).toThrow(/the function 'hostName' is not allowed/);
    // `1 IN system.processes` names the table with a plain identifier.
    expect(check(select('Identifier system.processes'))).toThrow(/system.processes/);
  });

  it('refuses INTO OUTFILE, SETTINGS and every statement that is not a reading one', () => {
    expect(check(select('Asterisk', 'TableIdentifier inference_events', [" Literal '/tmp/out'"]))).toThrow(/INTO OUTFILE/);
    expect(check(select('Asterisk', 'TableIdentifier inference_events', [' Set']))).toThrow(/SETTINGS/);
    expect(check(['KillQueryQuery Literal_UInt64_1 (children 1)', ' Literal UInt64_1'])).toThrow(expect.objectContaining({ code: 164 }));
    expect(check(['DropQuery  t'])).toThrow(/ana: Cannot execute query in readonly mode/);
    expect(check(['Explain EXPLAIN (children 1)', ' DropQuery  t'])).toThrow(/EXPLAIN is allowed over reading statements only/);
  });
});
