/**
 * A mergeable aggregate over events of type E with state S: merging the states of two disjoint
 * sets of events gives the state of their union, so windows can be rolled up, and late events
 * can be sent as a separate delta and merged in downstream.
 *
 * Laws (the window store relies on them): merge is associative and commutative, empty() is its
 * identity, and add(s, e) equals merge(s, add(empty(), e)).
 */
export interface MergeableAggregate<E, S> {
  /** A fresh state with no events (a new object each call: add may change it in place). */
  empty(): S;
  /** Adds one event; returns the new state, or nothing after changing `state` in place. */
  add(state: S, event: E): S | void;
  /** The state of both inputs' events, without changing either input. */
  merge(a: S, b: S): S;
  /** A JSON-safe form of a state for checkpoints; the state itself when omitted. */
  toJSON?(state: S): unknown;
  /** Reads toJSON's output back; the value itself when omitted. */
  fromJSON?(json: unknown): S;
}

/** Adds `event` to `state` whichever way the aggregate's add works. */
export function addTo<E, S>(aggregate: MergeableAggregate<E, S>, state: S, event: E): S {
  const next = aggregate.add(state, event);
  return next === undefined ? state : next;
}

/** Count and sum of one number per event: the simplest mergeable aggregate. */
export interface CountSum {
  count: number;
  sum: number;
}

export function countSumAggregate<E>(valueOf: (event: E) => number): MergeableAggregate<E, CountSum> {
  return {
    empty: () => ({ count: 0, sum: 0 }),
    add: (state, event) => {
      state.count += 1;
      state.sum += valueOf(event);
    },
    merge: (a, b) => ({ count: a.count + b.count, sum: a.sum + b.sum }),
  };
}
