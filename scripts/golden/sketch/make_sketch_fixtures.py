#!/usr/bin/env python3
"""Writes the golden fixtures for packages/core/src/monitoring/sketch: test/golden/sketch/streams.json.

Seeded streams of raw values, and what SciPy computes on the raw values of each window against
its reference: the two-sample KS statistic and p-values (`scipy.stats.ks_2samp`, method 'auto',
which is exact below 10 000 values, and 'asymp') and the first Wasserstein distance
(`scipy.stats.wasserstein_distance`, and Evidently's normed variant, divided by
max(np.std(reference), 0.001)). The TypeScript tests count the same values into the sketches and
check that SciPy's values lie within the sketches' stated bounds and that the drift decisions agree.

Families (reference: 5000 values; windows of 200 values, two seeds, and of 2000 values, one seed;
each with no drift, a drift near the KS decision threshold for its size, and a clear drift):
- normal:    N(0, 1) against N(shift, 1)
- lognormal: LN(0, 1) against LN(shift, 1)
- bimodal:   a half-half mixture of N(-2, 0.5) and N(2, 0.5) against another mixing weight
- integers:  Poisson(3) against Poisson(lambda): heavy ties
- offset:    N(1000, 1) against N(1000 + shift, 1): a spread small against the distance from 0

Values are rounded to 6 decimals before SciPy sees them, so the tests read exactly the values SciPy
was given. Running this again with the pinned versions rewrites the file byte for byte.

    pip install -r scripts/golden/sketch/requirements.txt
    python3 scripts/golden/sketch/make_sketch_fixtures.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy import stats

OUT = Path(__file__).resolve().parents[3] / "test" / "golden" / "sketch"
REFERENCE_SIZE = 5000
WINDOWS = [(200, 2), (2000, 1)]  # (size, seeds)


def r6(values):
    return [float(x) for x in np.round(np.asarray(values, dtype=float), 6)]


def normal(rng, n, shift):
    return rng.normal(shift, 1.0, n)


def lognormal(rng, n, shift):
    return rng.lognormal(shift, 1.0, n)


def bimodal(rng, n, weight):
    upper = rng.random(n) < weight
    return np.where(upper, rng.normal(2.0, 0.5, n), rng.normal(-2.0, 0.5, n))


def integers(rng, n, lam):
    return rng.poisson(lam, n).astype(float)


def offset(rng, n, shift):
    return rng.normal(1000.0 + shift, 1.0, n)


# family: (draw, no-drift parameter, near-threshold parameter by window size, clear drift parameter)
FAMILIES = {
    "normal": (normal, 0.0, {200: 0.25, 2000: 0.08}, 0.5),
    "lognormal": (lognormal, 0.0, {200: 0.25, 2000: 0.08}, 0.5),
    "bimodal": (bimodal, 0.5, {200: 0.6, 2000: 0.535}, 0.65),
    "integers": (integers, 3.0, {200: 3.45, 2000: 3.15}, 4.0),
    "offset": (offset, 0.0, {200: 0.25, 2000: 0.08}, 0.5),
}


def expected(reference, window):
    x = np.asarray(reference)
    y = np.asarray(window)
    auto = stats.ks_2samp(x, y, method="auto")
    asymp = stats.ks_2samp(x, y, method="asymp")
    w = float(stats.wasserstein_distance(x, y))
    return {
        "ks": {"statistic": float(auto.statistic), "pValue": float(auto.pvalue), "pValueAsymp": float(asymp.pvalue)},
        "wasserstein": w,
        "normedWasserstein": float(w / max(np.std(x), 0.001)),
    }


def make_streams():
    families = []
    for index, (name, (draw, null, near, far)) in enumerate(FAMILIES.items()):
        rng = np.random.default_rng(1000 + index)
        reference = r6(draw(rng, REFERENCE_SIZE, null))
        windows = []
        for size, seeds in WINDOWS:
            for condition, parameter in (("none", null), ("near", near[size]), ("clear", far)):
                for seed in range(seeds):
                    values = r6(draw(rng, size, parameter))
                    windows.append({
                        "name": f"{name}/{size}/{condition}/{seed}",
                        "size": size,
                        "drift": condition,
                        "parameter": parameter,
                        "values": values,
                        "expected": expected(reference, values),
                    })
        families.append({"name": name, "reference": reference, "referenceStd": float(np.std(np.asarray(reference))), "windows": windows})
    return families


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    payload = {
        "generator": "scripts/golden/sketch/make_sketch_fixtures.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__},
        "description": "Seeded reference and window streams (six decimals) with scipy.stats.ks_2samp (auto = exact here, and asymp) "
                       "and scipy.stats.wasserstein_distance on the raw values; normed = divided by max(np.std(reference), 0.001).",
        "families": make_streams(),
    }
    text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    (OUT / "streams.json").write_text(text + "\n")
    print(f"wrote {OUT / 'streams.json'} ({len(text)} bytes)")


if __name__ == "__main__":
    main()
