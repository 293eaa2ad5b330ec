/** A min-heap of items by due time: the ground truth waiting to be sent. */
export class LabelQueue<T> {
  private readonly heap: { due: number; seq: number; item: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** The earliest due time, or undefined when empty. */
  peekDue(): number | undefined {
    return this.heap[0]?.due;
  }

  push(due: number, item: T): void {
    const heap = this.heap;
    heap.push({ due, seq: this.seq++, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns every item due before `time`, earliest first (ties in push order). */
  popBefore(time: number): T[] {
    const out: T[] = [];
    while (this.heap.length > 0 && this.heap[0]!.due < time) out.push(this.pop()!);
    return out;
  }

  /** Every item still queued, in no particular order. */
  items(): T[] {
    return this.heap.map((e) => e.item);
  }

  private pop(): T | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(l, m)) m = l;
        if (r < heap.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top.item;
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.due < y.due || (x.due === y.due && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const h = this.heap;
    [h[a], h[b]] = [h[b]!, h[a]!];
  }
}
