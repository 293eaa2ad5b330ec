import { describe, expect, it } from 'vitest';
import { everyNode, nodeName, readStatementTree } from './statement-tree.ts';

const dump = (text: string) => text.split('\n');

describe('readStatementTree', () => {
  it('reads the engine dump into a tree, with names and aliases', () => {
    const root = readStatementTree(
      dump(`SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 2)
   ExpressionList (children 1)
    Function plus (alias total) (children 1)
     ExpressionList (children 2)
      Literal UInt64_1
      Identifier t.a
   TablesInSelectQuery (children 1)
    TablesInSelectQueryElement (children 1)
     TableExpression (children 1)
      TableIdentifier modelwatch.t (alias x)`),
    );
    const nodes = [...everyNode(root)];
    expect(nodes.map((n) => n.type)).toEqual([
      'SelectWithUnionQuery',
      'ExpressionList',
      'SelectQuery',
      'ExpressionList',
      'Function',
      'ExpressionList',
      'Literal',
      'Identifier',
      'TablesInSelectQuery',
      'TablesInSelectQueryElement',
      'TableExpression',
      'TableIdentifier',
    ]);
    expect(nodes.filter((n) => n.type === 'Function' || n.type === 'TableIdentifier').map(nodeName)).toEqual(['plus', 'modelwatch.t']);
  });

  it('refuses a dump in which a name printed lines of its own', () => {
    // SELECT 1 AS `c\n TableIdentifier z`: the alias breaks the line.
    expect(() =>
      readStatementTree(
        dump(`SelectWithUnionQuery (children 1)
 ExpressionList (children 1)
  SelectQuery (children 1)
   ExpressionList (children 1)
    Literal UInt64_1 (alias c
 TableIdentifier z)`),
      ),
    ).toThrow(/line break/);
  });

  it('refuses a second root and a line deeper than its parent allows', () => {
    expect(() => readStatementTree(['Literal 1', 'Literal 2'])).toThrow(/one statement/);
    expect(() => readStatementTree(['SelectWithUnionQuery (children 1)', '   Literal 1'])).toThrow(/line break/);
    expect(() => readStatementTree([])).toThrow(/Empty query/);
  });
});
