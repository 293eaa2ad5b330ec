/**
 * Which functions a read-only user may call: an allowlist, checked against the engine's own
 * catalogue (`system.functions`) so that a name is judged as the engine resolves it (aliases,
 * case-insensitive names, aggregate combinators).
 *
 * Whole categories are allowed where every function computes from its arguments alone. The
 * rest are named one by one; left out on purpose: anything that reads files or the network
 * (`file`, `catboostEvaluate`, `ai*`, dictionaries, `joinGet`), tells about the host or the
 * server (`hostName`, `filesystem*`, `getServerSetting`, `showCertificate`, `getMacro`,
 * `getClientHTTPHeader`, `uptime`), reports the engine's single user as if it were the caller
 * (`currentUser`, `currentRoles`), sleeps, or is internal or introspection.
 */
const ALLOWED_CATEGORIES = new Set([
  'Aggregate Functions',
  'Arithmetic',
  'Arrays',
  'Bit',
  'Bitmap',
  'Comparison',
  'Conditional',
  'Dates and Times',
  'Distance',
  'Encoding',
  'Encryption',
  'Financial',
  'Geo',
  'Geo Polygon',
  'Hash',
  'IP Address',
  'JSON',
  'Logical',
  'Map',
  'Mathematical',
  'Null',
  'NumericIndexedVector',
  'QBit',
  'Random Number',
  'Rounding',
  'String',
  'String Replacement',
  'String Search',
  'String Splitting',
  'Time Series',
  'Time Window',
  'Tuple',
  'Type Conversion',
  'URL',
  'UUID',
]);

/** Named one by one: from the `Other` category, and what the parser writes that is no catalogue entry. */
const ALLOWED_NAMES = new Set([
  // syntax the parser turns into functions; _CAST is what a {name:Type} query parameter becomes
  '_CAST',
  'lambda',
  'exists',
  'untuple',
  'grouping',
  // Other
  'bar',
  'blockNumber',
  'blockSize',
  'byteSize',
  'colorOKLABToSRGB',
  'colorOKLCHToSRGB',
  'colorSRGBToOKLAB',
  'colorSRGBToOKLCH',
  'countDigits',
  'currentDatabase',
  'currentQueryID',
  'queryID',
  'defaultValueOfArgumentType',
  'defaultValueOfTypeName',
  'digits',
  'dumpColumnStructure',
  'errorCodeToName',
  'finalizeAggregation',
  'flipCoordinates',
  'formatQuery',
  'formatQueryOrNull',
  'formatQuerySingleLine',
  'formatQuerySingleLineOrNull',
  'formatReadableDecimalSize',
  'formatReadableQuantity',
  'formatReadableSize',
  'formatReadableTimeDelta',
  'getSetting', // the request's own settings, not the server's
  'getSettingOrDefault',
  'getSizeOfEnumType',
  'getSubcolumn',
  'identity',
  'ignore',
  'indexHint',
  'initializeAggregation',
  'isConstant',
  'isDecimalOverflow',
  'lowCardinalityIndices',
  'lowCardinalityKeys',
  'MACNumToString',
  'MACStringToNum',
  'MACStringToOUI',
  'materialize',
  'minSampleSizeContinuous',
  'minSampleSizeConversion',
  'neighbor',
  'normalizeQuery',
  'normalizeQueryKeepNames',
  'normalizedQueryHash',
  'normalizedQueryHashKeepNames',
  'parseReadableSize',
  'parseReadableSizeOrNull',
  'parseReadableSizeOrZero',
  'parseTimeDelta',
  'rowNumberInAllBlocks',
  'rowNumberInBlock',
  'runningAccumulate',
  'runningDifference',
  'runningDifferenceStartingWithFirstValue',
  'throwIf',
  'toColumnTypeName',
  'toTypeName',
  'transform',
  'variantElement',
  'variantType',
  'version',
  'visibleWidth',
  // Machine Learning: models given as arguments or fitted in the query
  'evalMLMethod',
  'stochasticLinearRegression',
  'stochasticLogisticRegression',
]);

/** A row of `system.functions`, as the endpoint reads it at start. */
export interface CatalogueEntry {
  readonly name: string;
  readonly categories: string;
  readonly alias_to: string;
  readonly case_insensitive: number | boolean;
  readonly is_aggregate: number | boolean;
}

const yes = (flag: number | boolean): boolean => flag === true || flag === 1;

export class AnalystFunctions {
  private readonly allowed = new Set<string>();
  private readonly allowedInsensitive = new Set<string>();
  /** Allowed aggregate functions: the only bases a combinator may be taken off to reach. */
  private readonly aggregates = new Set<string>();
  private readonly combinators: readonly string[];

  /** `combinators`: the names in `system.aggregate_function_combinators` (`If`, `State`, ...). */
  constructor(entries: readonly CatalogueEntry[], combinators: readonly string[]) {
    const byName = new Map(entries.map((e) => [e.name, e]));
    const allowedEntry = (entry: CatalogueEntry): boolean => {
      const target = entry.alias_to !== '' ? (byName.get(entry.alias_to) ?? entry) : entry;
      return ALLOWED_NAMES.has(entry.name) || ALLOWED_NAMES.has(target.name) || ALLOWED_CATEGORIES.has(target.categories) || ALLOWED_CATEGORIES.has(entry.categories);
    };
    for (const name of ALLOWED_NAMES) this.allowed.add(name);
    for (const entry of entries) {
      if (!allowedEntry(entry)) continue;
      this.allowed.add(entry.name);
      if (yes(entry.case_insensitive)) this.allowedInsensitive.add(entry.name.toLowerCase());
      if (yes(entry.is_aggregate)) this.aggregates.add(entry.name);
    }
    // Longest first, so that `MergeState` is taken off before `State`.
    this.combinators = [...combinators].sort((a, b) => b.length - a.length);
  }

  /** Whether a read-only user may call `name`; an aggregate with combinators is judged by its base. */
  allows(name: string): boolean {
    if (this.isAllowedName(name)) return true;
    for (let base = this.stripCombinator(name); base !== undefined; base = this.stripCombinator(base)) {
      if (this.aggregates.has(base)) return true;
    }
    return false;
  }

  private isAllowedName(name: string): boolean {
    return this.allowed.has(name) || this.allowedInsensitive.has(name.toLowerCase());
  }

  private stripCombinator(name: string): string | undefined {
    for (const suffix of this.combinators) {
      if (name.length > suffix.length && name.endsWith(suffix)) return name.slice(0, -suffix.length);
    }
    return undefined;
  }
}

/** Table functions a read-only user may read from: they make rows from their arguments. */
export const ANALYST_TABLE_FUNCTIONS: ReadonlySet<string> = new Set([
  'numbers',
  'numbers_mt',
  'zeros',
  'zeros_mt',
  'primes',
  'generate_series',
  'generateSeries',
  'generateRandom',
  'values',
  'format',
  'null',
  'view',
]);
