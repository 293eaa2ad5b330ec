/**
 * The engine's own parse of a statement, read from `EXPLAIN AST`: one line per node, indented
 * by one space per level, `(children N)` at the end of a node that has children.
 *
 * Names are printed as written, so a quoted name or alias with a line break in it prints extra
 * lines. Such lines can only add nodes, never hide one: every line the engine printed for a
 * real node is still there, so a check that looks at every node of the tree, whatever its
 * parent, sees every real node. To keep the tree's shape trustworthy as well, the reader
 * refuses a dump whose declared child counts do not match, or that has more than one root.
 */
export interface StatementNode {
  /** The node's type: `SelectWithUnionQuery`, `Function`, `TableIdentifier`, ... */
  readonly type: string;
  /** What follows the type on its line, without `(children N)`: a name, a literal, `(alias x)`. */
  readonly detail: string;
  readonly children: readonly StatementNode[];
}

export class StatementTreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatementTreeError';
  }
}

interface Building {
  readonly type: string;
  readonly detail: string;
  readonly declared: number;
  readonly children: Building[];
}

const CHILDREN = /^(.*) \(children (\d+)\)$/s;
const LINE = /^( *)([A-Za-z_][A-Za-z0-9_]*)(?: (.*))?$/s;

/** Builds the tree from the dump's lines; throws StatementTreeError when it is not one well-formed tree. */
export function readStatementTree(lines: readonly string[]): StatementNode {
  const roots: Building[] = [];
  const stack: Building[] = [];
  for (const printed of lines) {
    const counted = CHILDREN.exec(printed);
    const line = counted ? counted[1]! : printed;
    const match = LINE.exec(line);
    if (!match) throw new StatementTreeError('the statement could not be read back from the engine: a name holds a character the check cannot place');
    const depth = match[1]!.length;
    const node: Building = { type: match[2]!, detail: (match[3] ?? '').trim(), declared: Number(counted?.[2] ?? 0), children: [] };
    if (depth > stack.length) throw new StatementTreeError('the statement could not be read back from the engine: a name holds a line break');
    stack.length = depth;
    if (depth === 0) roots.push(node);
    else stack[depth - 1]!.children.push(node);
    stack.push(node);
  }
  if (roots.length !== 1) throw new StatementTreeError(roots.length === 0 ? 'Empty query' : 'the statement could not be read back from the engine as one statement');
  const check = (node: Building): StatementNode => {
    if (node.children.length !== node.declared) {
      throw new StatementTreeError('the statement could not be read back from the engine: a name holds a line break');
    }
    return { type: node.type, detail: node.detail, children: node.children.map(check) };
  };
  return check(roots[0]!);
}

/** Every node of the tree, the root first. */
export function* everyNode(root: StatementNode): Generator<StatementNode> {
  const pending: StatementNode[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]!);
  }
}

/** The name a node prints before ` (alias ...)`: `Function file (alias f)` -> `file`. */
export function nodeName(node: StatementNode): string {
  const alias = node.detail.indexOf(' (alias ');
  return alias === -1 ? node.detail : node.detail.slice(0, alias);
}

/** Statements whose own `Literal` child can only be an `INTO OUTFILE` target. */
const STATEMENTS_WITH_OUTPUT = new Set(['SelectWithUnionQuery', 'ShowTables', 'ShowColumns', 'DescribeQuery', 'ShowCreateTableQuery', 'ExistsTableQuery', 'Explain', 'ShowProcesslistQuery']);

/** Whether this node is a statement that writes its result to a file (`INTO OUTFILE`). */
export function writesOutputFile(node: StatementNode): boolean {
  return STATEMENTS_WITH_OUTPUT.has(node.type) && node.children.some((child) => child.type === 'Literal');
}
