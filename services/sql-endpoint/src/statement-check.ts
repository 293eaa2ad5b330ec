import type { Warehouse } from '@modelwatch/warehouse';
import { AnalystFunctions, type CatalogueEntry } from './analyst-functions.ts';
import { checkAnalystStatement, type AnalystScope } from './analyst-policy.ts';
import { EndpointError, toEndpointError, withPositionsShifted } from './endpoint-error.ts';
import { sqlString } from './sql-literals.ts';
import { everyNode, readStatementTree, StatementTreeError, writesOutputFile, type StatementNode } from './statement-tree.ts';

type Client = Warehouse['client'];


const DATABASES_TTL_MS = 10_000;
const EXPLAIN = 'EXPLAIN AST ';

/**
 * Asks the engine to parse a statement (`EXPLAIN AST`, which parses and runs nothing) on the
 * request's own session, after its settings and query parameters are set, so the tree is the
 * one the engine would run; then applies the policy to that tree.
 */
export class StatementCheck {
  private databases: { readonly names: ReadonlySet<string>; readonly at: number } | undefined;

  private constructor(
    private readonly database: string,
    private readonly functions: AnalystFunctions,
    private readonly readDatabases: () => Promise<ReadonlySet<string>>,
  ) {}

  /** Reads the engine's function catalogue once. */
  static async load(client: Client, database: string): Promise<StatementCheck> {
    const rows = async <T>(query: string): Promise<T[]> => (await client.query({ query, format: 'JSONEachRow' })).json<T>();
    const entries = await rows<CatalogueEntry>('SELECT name, categories, alias_to, case_insensitive, is_aggregate FROM system.functions');
    const combinators = (await rows<{ name: string }>('SELECT name FROM system.aggregate_function_combinators')).map((r) => r.name);
    const readDatabases = async () => new Set((await rows<{ name: string }>('SELECT name FROM system.databases')).map((r) => r.name));
    return new StatementCheck(database, new AnalystFunctions(entries, combinators), readDatabases);
  }

  /** Throws an EndpointError with the reason when `user` may not run `statement`. */
  async check(session: Client, statement: string, user: { readonly name: string; readonly readonly: boolean }): Promise<void> {
    const root = await parse(session, statement);
    for (const node of everyNode(root)) {
      // Refused for every user, as a ClickHouse server does over HTTP.
      if (writesOutputFile(node)) {
        throw new EndpointError('INTO_OUTFILE_NOT_ALLOWED', 'INTO OUTFILE is not allowed');
      }
    }
    if (user.readonly) checkAnalystStatement(root, await this.scope(user.name));
  }

  private async scope(user: string): Promise<AnalystScope> {
    const now = Date.now();
    if (this.databases === undefined || now - this.databases.at > DATABASES_TTL_MS) {
      this.databases = { names: await this.readDatabases(), at: now };
    }
    return { user, database: this.database, functions: this.functions, databases: this.databases.names };
  }
}

async function parse(session: Client, statement: string): Promise<StatementNode> {
  let lines: string[];
  try {
    // First the statement alone, as a query: text before it that EXPLAIN would take for its
    // own settings (`optimize = 1 SELECT ...`) is a syntax error here, as it is when it runs.
    // (A literal, not a query parameter: those would replace the request's own.)
    await session.query({ query: `SELECT formatQuery(${sqlString(statement)})`, format: 'JSONEachRow' }).then((r) => r.text());
    const result = await session.exec({
      query: `${EXPLAIN}${statement}`,
      clickhouse_settings: { default_format: 'JSONEachRow' } as NonNullable<Parameters<Client['exec']>[0]['clickhouse_settings']>,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of result.stream as AsyncIterable<Buffer | Uint8Array>) chunks.push(Buffer.from(chunk));
    lines = Buffer.concat(chunks)
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { explain: string }).explain);
  } catch (error) {
    // A statement the engine cannot parse gets the engine's own error, as if it had run.
    const refused = toEndpointError(error);
    const message = refused.message.replace(/:? In scope SELECT formatQuery\(.*$/s, '');
    throw withPositionsShifted(new EndpointError(refused.code, refused.type, message), EXPLAIN.length);
  }
  try {
    return readStatementTree(lines);
  } catch (error) {
    if (error instanceof StatementTreeError) throw new EndpointError('SYNTAX_ERROR', error.message);
    throw error;
  }
}
