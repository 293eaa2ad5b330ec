import { ANALYST_TABLE_FUNCTIONS, type AnalystFunctions } from './analyst-functions.ts';
import { EndpointError } from './endpoint-error.ts';
import { everyNode, nodeName, writesOutputFile, type StatementNode } from './statement-tree.ts';

/**
 * What a read-only user may run, decided on the engine's own parse of the statement (see
 * statement-tree.ts), never on its text: reading statements over modelwatch's tables, a few
 * harmless system tables and table functions, and allowed functions. Every node of the tree is
 * checked wherever it sits, so nesting (subqueries, WITH, UNION, views made with `view()`)
 * hides nothing.
 */
export interface AnalystScope {
  /** The endpoint's user, named in refusals. */
  readonly user: string;
  /** modelwatch's database: the one unqualified names resolve in. */
  readonly database: string;
  readonly functions: AnalystFunctions;
  /** Every database the engine has (`system.databases`), to tell `db.table` from `alias.column`. */
  readonly databases: ReadonlySet<string>;
}

/** Statements a read-only user may run; `Explain` only over one of the others. */
const READING_STATEMENTS = new Set(['SelectWithUnionQuery', 'ShowTables', 'ShowColumns', 'DescribeQuery', 'ShowCreateTableQuery', 'ExistsTableQuery', 'Explain']);


/** Metadata and constant tables of `system`; never `processes`, logs, users, settings of the server or disks. */
const SYSTEM_TABLES = new Set([
  'one',
  'numbers',
  'numbers_mt',
  'zeros',
  'zeros_mt',
  'primes',
  'databases',
  'tables',
  'columns',
  'parts',
  'parts_columns',
  'functions',
  'table_functions',
  'aggregate_function_combinators',
  'formats',
  'data_type_families',
  'table_engines',
  'time_zones',
  'collations',
  'keywords',
  'contributors',
  'licenses',
  'documentation',
]);

const INFORMATION_SCHEMA = new Set(['information_schema', 'INFORMATION_SCHEMA']);

const WHAT_IS_ALLOWED = "read-only users of the modelwatch SQL endpoint may run SELECT, SHOW, DESCRIBE, EXISTS and EXPLAIN over modelwatch's tables";

function refuser(user: string): (message: string) => never {
  return (message) => {
    throw new EndpointError('ACCESS_DENIED', `${user}: ${message} (${WHAT_IS_ALLOWED})`);
  };
}

/** Throws ACCESS_DENIED naming what is not allowed; returns when the statement may run. */
export function checkAnalystStatement(root: StatementNode, scope: AnalystScope): void {
  const refuse = refuser(scope.user);
  if (!READING_STATEMENTS.has(root.type)) {
    // ClickHouse's answer to a write by a read-only user.
    throw new EndpointError('READONLY', `${scope.user}: Cannot execute query in readonly mode: ${describeStatement(root.type)} is not a reading statement (${WHAT_IS_ALLOWED})`);
  }
  if (root.type === 'Explain') {
    const inner = root.children[0];
    if (inner === undefined || !READING_STATEMENTS.has(inner.type)) refuse('EXPLAIN is allowed over reading statements only');
  }
  for (const node of everyNode(root)) {
    if (writesOutputFile(node)) refuse('INTO OUTFILE is not allowed');
    switch (node.type) {
      case 'Set':
        refuse('SETTINGS in the query are not allowed: read-only users cannot change settings (lower the time and memory limits in the URL instead)');
        break;
      case 'Function': {
        const name = nodeName(node);
        if (!scope.functions.allows(name) && !ANALYST_TABLE_FUNCTIONS.has(name)) refuse(`the function ${quoteName(name)} is not allowed`);
        break;
      }
      case 'TableIdentifier':
        checkTable(nodeName(node), scope, refuse);
        break;
      case 'Identifier':
        checkQualifiedName(nodeName(node), scope, refuse);
        break;
    }
  }
}

function checkTable(name: string, scope: AnalystScope, refuse: (message: string) => never): void {
  const dot = name.indexOf('.');
  if (dot === -1) return; // resolves in the session's database, which is modelwatch's
  const database = name.slice(0, dot);
  const table = name.slice(dot + 1);
  if (database === scope.database || INFORMATION_SCHEMA.has(database)) return;
  if (database === 'system' && SYSTEM_TABLES.has(table)) return;
  refuse(`reading ${quoteName(name)} is not allowed`);
}

/**
 * `IN db.table` names a table with a plain identifier, so a dotted identifier whose first part
 * is a database is checked as a table. A column of a table aliased as a database name is
 * refused too: name the alias otherwise.
 */
function checkQualifiedName(name: string, scope: AnalystScope, refuse: (message: string) => never): void {
  const dot = name.indexOf('.');
  if (dot === -1) return;
  if (scope.databases.has(name.slice(0, dot))) checkTable(name, scope, refuse);
}

function describeStatement(type: string): string {
  const words = type.replace(/Query$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
  return words === '' ? 'this statement' : `${words}`;
}

function quoteName(name: string): string {
  return `'${name.slice(0, 128).replace(/[\u0000-\u001f\\']/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}
