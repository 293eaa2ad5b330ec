import { windowKeyString, type WindowKey } from '@modelwatch/core';

/**
 * Windows whose state or outcomes changed since they were last evaluated. A window is evaluated
 * only once it is complete (its close time is at or before the watermark of every partition);
 * until then it waits here.
 */
export class DirtyWindows {
  private readonly keys = new Map<string, WindowKey>();

  constructor(
    private readonly windowMs: number,
    private readonly allowedLatenessMs: number,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  mark(key: WindowKey): void {
    this.keys.set(windowKeyString(key), key);
  }

  /** Removes and returns the windows complete at `watermarkMs`, oldest first, at most `limit`. */
  takeComplete(watermarkMs: number, limit: number): WindowKey[] {
    const ready: WindowKey[] = [];
    for (const [id, key] of this.keys) {
      if (key.windowStartMs + this.windowMs + this.allowedLatenessMs <= watermarkMs) ready.push(key);
      else continue;
      this.keys.delete(id);
    }
    ready.sort((a, b) => a.windowStartMs - b.windowStartMs);
    for (const extra of ready.splice(limit)) this.mark(extra);
    return ready;
  }
}
