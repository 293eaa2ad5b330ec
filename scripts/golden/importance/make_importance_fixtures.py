#!/usr/bin/env python3
"""Writes the golden fixtures for packages/core/src/importance: test/golden/importance/*.json.

Expected values come from scipy.stats.spearmanr, scipy.stats.kendalltau (variant 'b'),
sklearn.metrics.ndcg_score, sklearn.metrics.mutual_info_score and
sklearn.metrics.normalized_mutual_info_score (average_method='arithmetic') at the versions pinned
in requirements.txt beside this script; attribution means from math.fsum (the correctly rounded
sum). The cases are seeded, so running the script again with the pinned versions rewrites the
same files byte for byte.

    python3 -m venv /tmp/importance-venv
    /tmp/importance-venv/bin/pip install -r scripts/golden/importance/requirements.txt
    /tmp/importance-venv/bin/python scripts/golden/importance/make_importance_fixtures.py

The TypeScript tests read the JSON files only; they need no Python.

Definitions recorded here (and implemented in TypeScript):
- importance comparison: over the union of reference and window features, sorted by name; a
  feature missing on one side has importance 0 there. Spearman and Kendall's tau-b of the two
  importance vectors; NDCG@k = ndcg_score([reference], [window], k=k) (ignore_ties=False), i.e.
  the window's ranking scored with the reference importances as relevance.
- SciPy's NaN (fewer than two features, a constant side) and sklearn's ValueError for NDCG of one
  feature are written as null.
- mutual information: rows of (bin index, class label) given as counted cells;
  mutual_info_score(labels_true=class, labels_pred=bin) in nats; normalized
  MI with the arithmetic mean of the entropies.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.stats import kendalltau, spearmanr
from sklearn.metrics import mutual_info_score, ndcg_score, normalized_mutual_info_score

OUT = Path(__file__).resolve().parents[3] / "test" / "golden" / "importance"


def num(x):
    """A finite float, or None for NaN (SciPy's 'undefined')."""
    x = float(x)
    return None if math.isnan(x) else x


def compare(reference: dict, window: dict, k):
    features = sorted(set(reference) | set(window))
    r = np.array([reference.get(f, 0.0) for f in features], dtype=np.float64)
    w = np.array([window.get(f, 0.0) for f in features], dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if len(features) < 2:
            rho, tau = math.nan, math.nan
        else:
            rho = spearmanr(r, w).statistic
            tau = kendalltau(r, w, variant="b").statistic
        try:
            nd = ndcg_score([r], [w], k=k)
        except ValueError:
            nd = math.nan
    return {"features": features, "spearman": num(rho), "kendallTauB": num(tau), "ndcg": num(nd)}


def names(n):
    return [f"f{i:03d}" for i in range(n)]


def rank_cases():
    rng = np.random.default_rng(20240611)
    cases = []

    def add(name, reference, window, k=None):
        cases.append({"name": name, "reference": reference, "window": window, "k": k, "expected": compare(reference, window, k)})

    base = {"age": 0.42, "income": 0.31, "tenure": 0.12, "region": 0.08, "device": 0.02}
    add("identical rankings", base, dict(base))
    add("same order, different values", base, {f: v * 3 + 0.01 for f, v in base.items()})
    ordered = sorted(base, key=lambda f: -base[f])
    add("reversed ranking", base, {f: float(i + 1) for i, f in enumerate(ordered)})
    add("reversed ranking, k=2", base, {f: float(i + 1) for i, f in enumerate(ordered)}, 2)
    add("one feature", {"age": 0.5}, {"age": 0.7})
    add("two features swapped", {"a": 2.0, "b": 1.0}, {"a": 1.0, "b": 2.0})
    add("missing features on both sides", {"a": 0.5, "b": 0.3, "c": 0.15, "d": 0.05}, {"b": 0.4, "c": 0.35, "d": 0.1, "e": 0.2})
    add("missing features, k=3", {"a": 0.5, "b": 0.3, "c": 0.15, "d": 0.05}, {"b": 0.4, "c": 0.35, "d": 0.1, "e": 0.2}, 3)
    add("window lost its top feature", {"a": 0.6, "b": 0.25, "c": 0.1, "d": 0.05}, {"b": 0.3, "c": 0.2, "d": 0.1})
    add("ties on both sides", {"a": 0.3, "b": 0.3, "c": 0.2, "d": 0.1, "e": 0.1, "f": 0.0},
        {"a": 0.25, "b": 0.1, "c": 0.25, "d": 0.25, "e": 0.05, "f": 0.05})
    add("ties on both sides, k=2", {"a": 0.3, "b": 0.3, "c": 0.2, "d": 0.1, "e": 0.1, "f": 0.0},
        {"a": 0.25, "b": 0.1, "c": 0.25, "d": 0.25, "e": 0.05, "f": 0.05}, 2)
    add("tie group straddles k", {"a": 5.0, "b": 4.0, "c": 3.0, "d": 2.0, "e": 1.0},
        {"a": 1.0, "b": 1.0, "c": 1.0, "d": 0.5, "e": 0.2}, 2)
    add("constant window", {"a": 0.5, "b": 0.3, "c": 0.2}, {"a": 0.1, "b": 0.1, "c": 0.1})
    add("all-zero reference", {"a": 0.0, "b": 0.0, "c": 0.0}, {"a": 0.3, "b": 0.2, "c": 0.1})
    add("k larger than the feature count", base, {"age": 0.1, "income": 0.5, "tenure": 0.2, "region": 0.15, "device": 0.05}, 10)

    for n, k in [(8, None), (20, 5), (50, 10), (50, None), (300, 20)]:
        f = names(n)
        ref = rng.exponential(1.0, n)
        win = np.abs(ref + rng.normal(0.0, 0.5, n))
        add(f"random n={n} k={k}", {a: float(v) for a, v in zip(f, ref)}, {a: float(v) for a, v in zip(f, win)}, k)
    for n, k in [(12, 4), (40, None), (40, 7)]:
        f = names(n)
        ref = rng.integers(0, 4, n).astype(float)
        win = rng.integers(0, 3, n).astype(float)
        add(f"heavy ties n={n} k={k}", {a: float(v) for a, v in zip(f, ref)}, {a: float(v) for a, v in zip(f, win)}, k)
    # Features dropping out and appearing, random values with rounded ties.
    f = names(30)
    ref = {a: round(float(v), 2) for a, v in zip(f[:24], rng.exponential(0.2, 24))}
    win = {a: round(float(v), 2) for a, v in zip(f[6:], rng.exponential(0.2, 24))}
    add("random with missing features and ties", ref, win, 8)
    return cases


def aggregate_cases():
    rng = np.random.default_rng(7)
    cases = []
    for name, n_events, n_features, keep in [("dense SHAP", 200, 6, 1.0), ("sparse top-k", 300, 10, 0.35), ("large offsets", 500, 4, 0.9)]:
        features = [f"x{i}" for i in range(n_features)]
        scale = rng.exponential(1.0, n_features)
        events = []
        for _ in range(n_events):
            e = {}
            for j, f in enumerate(features):
                if rng.random() < keep:
                    v = float(rng.normal(0.1 * (j % 3 - 1), scale[j]))
                    if name == "large offsets":
                        v += 1e6 * (j + 1)
                    e[f] = v
            events.append(e)
        expected = []
        for f in features:
            vals = [e[f] for e in events if f in e]
            if not vals:
                continue
            expected.append({
                "feature": f,
                "count": len(vals),
                "meanAbsolute": math.fsum(abs(v) for v in vals) / len(vals),
                "meanSigned": math.fsum(vals) / len(vals),
                "meanAbsoluteZero": math.fsum(abs(v) for v in vals) / n_events,
                "meanSignedZero": math.fsum(vals) / n_events,
            })
        ranking = [e["feature"] for e in sorted(expected, key=lambda e: (-e["meanAbsolute"], e["feature"]))]
        cases.append({"name": name, "events": events, "expected": {"events": n_events, "features": expected, "ranking": ranking}})
    return cases


def mi_cases():
    rng = np.random.default_rng(99)
    cases = []

    def add(name, bins, bin_index, labels):
        bin_index = [int(b) for b in bin_index]
        labels = [str(c) for c in labels]
        mi = mutual_info_score(labels, bin_index)
        nmi = normalized_mutual_info_score(labels, bin_index, average_method="arithmetic")
        # The rows as (bin, label, count) cells, so large windows stay small on disk; sklearn saw
        # the rows themselves.
        counts = {}
        for b, c in zip(bin_index, labels):
            counts[(b, c)] = counts.get((b, c), 0) + 1
        cells = [[b, c, n] for (b, c), n in sorted(counts.items())]
        cases.append({"name": name, "bins": bins, "rows": len(labels), "cells": cells, "expected": {"mi": num(mi), "nmi": num(nmi)}})

    add("independent, balanced", 2, [0, 0, 1, 1] * 5, ["a", "b", "a", "b"] * 5)
    add("perfect dependence", 3, [0, 1, 2] * 7, ["x", "y", "z"] * 7)
    add("one bin", 4, [2] * 10, ["ok", "error"] * 5)
    add("one class", 4, [0, 1, 2, 3, 1], ["ok"] * 5)
    add("one bin and one class", 3, [1] * 6, ["ok"] * 6)
    add("one row", 3, [1], ["ok"])
    add("two rows", 3, [0, 2], ["ok", "error"])
    n = 2000
    b = rng.integers(0, 10, n)
    p_err = 0.05 + 0.04 * b
    add("error indicator over deciles", 12, b, ["error" if rng.random() < p else "ok" for p in p_err])
    b = rng.integers(0, 12, 5000)
    y = (b // 3 + rng.integers(0, 3, 5000)) % 4
    add("four classes, twelve bins", 12, b, [f"class-{v}" for v in y])
    b = rng.integers(0, 8, 3000)
    add("unused bins and independent labels", 12, b, [f"c{v}" for v in rng.integers(0, 3, 3000)])
    b = rng.integers(0, 10, 200000)
    y = np.where(rng.random(200000) < 0.01 + 0.002 * b, "1", "0")
    add("large window, weak signal", 10, b, list(y))
    return cases


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    versions = {"numpy": np.__version__, "scipy": scipy.__version__, "scikit-learn": sklearn.__version__, "python": sys.version.split()[0]}
    files = {
        "rankings.json": {"versions": versions, "cases": rank_cases()},
        "attributions.json": {"versions": versions, "cases": aggregate_cases()},
        "mutual-information.json": {"versions": versions, "cases": mi_cases()},
    }
    for name, content in files.items():
        (OUT / name).write_text(json.dumps(content, indent=1) + "\n")
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
