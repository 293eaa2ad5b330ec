/**
 * Remembers the signatures of accepted Slack requests for as long as their timestamps stay
 * acceptable, so the same signed request sent again (a replay inside the five-minute window) is
 * refused. A signature covers the timestamp and the body, so a genuine new request never repeats one.
 */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /**
   * True the first time a signature is offered within its window, false for a repeat. Give it in
   * one canonical form (as `verifySlackRequest` returns it), or a change of case gets past.
   */
  firstTime(signature: string, nowMs: number): boolean {
    if (this.seen.size > 1000) for (const [s, expires] of this.seen) if (expires <= nowMs) this.seen.delete(s);
    const expires = this.seen.get(signature);
    if (expires !== undefined && expires > nowMs) return false;
    // Valid for the tolerance on both sides of its timestamp: keep it twice the window.
    this.seen.set(signature, nowMs + 2 * this.windowMs);
    return true;
  }
}
