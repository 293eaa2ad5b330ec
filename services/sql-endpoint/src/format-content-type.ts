/**
 * The Content-Type ClickHouse's output formats declare (`IOutputFormat::getContentType`):
 * text/plain unless the format says otherwise.
 */
const JSON_DOCUMENT = 'application/json; charset=UTF-8';
const NDJSON = 'application/x-ndjson; charset=UTF-8';
const TSV = 'text/tab-separated-values; charset=UTF-8';
const BINARY = 'application/octet-stream';
const TEXT = 'text/plain; charset=UTF-8';

const BY_FORMAT = new Map<string, string>();
for (const f of ['TabSeparated', 'TSV', 'TabSeparatedRaw', 'TSVRaw', 'Raw']) {
  for (const suffix of ['', 'WithNames', 'WithNamesAndTypes']) BY_FORMAT.set(`${f}${suffix}`.toLowerCase(), TSV);
}
for (const f of ['JSON', 'JSONStrings', 'JSONCompact', 'JSONCompactStrings', 'JSONColumns', 'JSONCompactColumns', 'JSONColumnsWithMetadata', 'JSONObjectEachRow', 'PrettyJSONEachRow', 'PrettyNDJSON', 'PrettyJSONLines']) {
  BY_FORMAT.set(f.toLowerCase(), JSON_DOCUMENT);
}
for (const f of ['JSONEachRow', 'JSONLines', 'NDJSON', 'JSONStringsEachRow', 'JSONEachRowWithProgress', 'JSONStringsEachRowWithProgress']) {
  BY_FORMAT.set(f.toLowerCase(), NDJSON);
}
for (const f of [
  'Native',
  'RowBinary',
  'RowBinaryWithNames',
  'RowBinaryWithNamesAndTypes',
  'RowBinaryWithDefaults',
  'Parquet',
  'Arrow',
  'ArrowStream',
  'ORC',
  'Avro',
  'MsgPack',
  'Protobuf',
  'ProtobufSingle',
  'ProtobufList',
  'CapnProto',
  'BSONEachRow',
  'Npy',
  'RawBLOB',
]) {
  BY_FORMAT.set(f.toLowerCase(), BINARY);
}
BY_FORMAT.set('xml', 'application/xml; charset=UTF-8');

export function contentTypeForFormat(format: string): string {
  const lower = format.toLowerCase();
  if (lower === 'csv') return 'text/csv; charset=UTF-8; header=absent';
  if (lower === 'csvwithnames' || lower === 'csvwithnamesandtypes') return 'text/csv; charset=UTF-8; header=present';
  return BY_FORMAT.get(lower) ?? TEXT;
}
