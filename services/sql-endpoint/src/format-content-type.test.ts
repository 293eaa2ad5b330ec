import { describe, expect, it } from 'vitest';
import { contentTypeForFormat } from './format-content-type.ts';

describe('contentTypeForFormat', () => {
  it('follows the formats ClickHouse declares', () => {
    expect(contentTypeForFormat('TabSeparated')).toBe('text/tab-separated-values; charset=UTF-8');
    expect(contentTypeForFormat('TSVWithNames')).toBe('text/tab-separated-values; charset=UTF-8');
    expect(contentTypeForFormat('JSON')).toBe('application/json; charset=UTF-8');
    expect(contentTypeForFormat('jsoneachrow')).toBe('application/x-ndjson; charset=UTF-8');
    expect(contentTypeForFormat('CSV')).toBe('text/csv; charset=UTF-8; header=absent');
    expect(contentTypeForFormat('CSVWithNames')).toBe('text/csv; charset=UTF-8; header=present');
    expect(contentTypeForFormat('RowBinary')).toBe('application/octet-stream');
    expect(contentTypeForFormat('Parquet')).toBe('application/octet-stream');
    expect(contentTypeForFormat('PrettyCompact')).toBe('text/plain; charset=UTF-8');
  });
});
