/** The segment name and value of the series that holds every event of a model version. */
export const ALL_SEGMENTS = '';

/** One time series of aggregates: a model version, whole or one segment of it. */
export interface SeriesKey {
  readonly modelId: string;
  readonly modelVersion: string;
  /** '' (ALL_SEGMENTS) for all events of the version. */
  readonly segmentName: string;
  /** '' when segmentName is ''. */
  readonly segmentValue: string;
}

/** One base window of one series. */
export interface WindowKey extends SeriesKey {
  readonly windowStartMs: number;
}

/** What routing needs from an event: its model version and its segments. */
export interface SegmentedEvent {
  readonly modelId: string;
  readonly modelVersion: string;
  readonly segments?: Readonly<Record<string, string>> | null;
}

/**
 * The series an event counts in: the whole model version, then one series per segment it carries
 * (by segment name). An event with k segments lands in k + 1 series.
 */
export function seriesOf(event: SegmentedEvent): SeriesKey[] {
  const { modelId, modelVersion } = event;
  const keys: SeriesKey[] = [{ modelId, modelVersion, segmentName: ALL_SEGMENTS, segmentValue: ALL_SEGMENTS }];
  const segments = event.segments ?? {};
  for (const segmentName of Object.keys(segments).sort()) {
    if (segmentName === ALL_SEGMENTS) continue; // '' is reserved for the whole version
    keys.push({ modelId, modelVersion, segmentName, segmentValue: segments[segmentName] ?? '' });
  }
  return keys;
}

/** An unambiguous text form of a series, for map keys (a JSON array, so no separator can collide). */
export function seriesKeyString(key: SeriesKey): string {
  return JSON.stringify([key.modelId, key.modelVersion, key.segmentName, key.segmentValue]);
}

/** An unambiguous text form of a window key. */
export function windowKeyString(key: WindowKey): string {
  return JSON.stringify([key.modelId, key.modelVersion, key.segmentName, key.segmentValue, key.windowStartMs]);
}

/** Reads windowKeyString's output back. */
export function parseWindowKey(text: string): WindowKey {
  const parsed: unknown = JSON.parse(text);
  if (
    !Array.isArray(parsed) || parsed.length !== 5 ||
    !parsed.slice(0, 4).every((part) => typeof part === 'string') || typeof parsed[4] !== 'number'
  ) {
    throw new TypeError(`not a window key: ${text}`);
  }
  const [modelId, modelVersion, segmentName, segmentValue, windowStartMs] = parsed as [string, string, string, string, number];
  return { modelId, modelVersion, segmentName, segmentValue, windowStartMs };
}

/** Orders window keys by window start, then by series: the order closed windows are reported in. */
export function compareWindowKeys(a: WindowKey, b: WindowKey): number {
  if (a.windowStartMs !== b.windowStartMs) return a.windowStartMs - b.windowStartMs;
  const sa = seriesKeyString(a);
  const sb = seriesKeyString(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}
