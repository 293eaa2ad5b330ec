/**
 * Counters and gauges rendered in the Prometheus text format (version 0.0.4). Kept small on
 * purpose: modelwatch exposes a few operational series per service, not a metrics library.
 */
export type Labels = Readonly<Record<string, string>>;

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  get(labels?: Labels): number;
}

export interface Gauge {
  set(labels: Labels, value: number): void;
  get(labels?: Labels): number;
}

interface Series {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly values: Map<string, { labels: Labels; value: number }>;
}

export class MetricsRegistry {
  private readonly series = new Map<string, Series>();

  counter(name: string, help: string): Counter {
    const s = this.register(name, help, 'counter');
    return {
      inc: (labels = {}, by = 1) => {
        if (by < 0) throw new RangeError(`counter ${name} can only go up`);
        const entry = entryFor(s, labels);
        entry.value += by;
      },
      get: (labels = {}) => s.values.get(key(labels))?.value ?? 0,
    };
  }

  gauge(name: string, help: string): Gauge {
    const s = this.register(name, help, 'gauge');
    return {
      set: (labels, value) => {
        entryFor(s, labels).value = value;
      },
      get: (labels = {}) => s.values.get(key(labels))?.value ?? 0,
    };
  }

  render(): string {
    const lines: string[] = [];
    for (const s of this.series.values()) {
      lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} ${s.type}`);
      for (const { labels, value } of s.values.values()) lines.push(`${s.name}${formatLabels(labels)} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private register(name: string, help: string, type: Series['type']): Series {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new TypeError(`metric name "${name}" is not a Prometheus name`);
    const existing = this.series.get(name);
    if (existing) {
      if (existing.type !== type) throw new TypeError(`metric ${name} is already a ${existing.type}`);
      return existing;
    }
    const s: Series = { name, help, type, values: new Map() };
    this.series.set(name, s);
    return s;
  }
}

function entryFor(s: Series, labels: Labels): { labels: Labels; value: number } {
  const k = key(labels);
  let entry = s.values.get(k);
  if (!entry) {
    entry = { labels: { ...labels }, value: 0 };
    s.values.set(k, entry);
  }
  return entry;
}

function key(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

function formatLabels(labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]!.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}
