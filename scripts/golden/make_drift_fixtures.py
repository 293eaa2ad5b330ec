#!/usr/bin/env python3
"""Writes the golden fixtures for packages/core/src/drift: test/golden/drift/*.json.

Every expected value comes from NumPy, SciPy or statsmodels at the versions pinned in
scripts/golden/requirements.txt, except PSI, which is Evidently's formula written out in NumPy
below (Evidently itself is not a dependency). The samples are seeded, so running this script
again with the pinned versions rewrites the same files byte for byte.

    pip install -r scripts/golden/requirements.txt
    python3 scripts/golden/make_drift_fixtures.py

The TypeScript tests read the JSON files only; they need no Python.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import scipy
import statsmodels
from scipy import special, stats
from scipy.spatial.distance import jensenshannon
from statsmodels.stats.multitest import multipletests

OUT = Path(__file__).resolve().parents[2] / "test" / "golden" / "drift"


# --- Reference binning, as packages/core/src/drift specifies it ----------------------------------

def fit_edges(reference, bins=10):
    """Quantiles of the reference at i/bins (NumPy's default 'linear' method), duplicates removed."""
    probs = np.array([i / bins for i in range(bins + 1)])
    return np.unique(np.quantile(np.asarray(reference, dtype=float), probs, method="linear"))


def bin_counts(edges, values):
    """Counts in len(edges)-1 in-range bins (one when there is a single edge) plus two open outer
    bins: (-inf, e0), [e0, e1), ..., [e_{k-1}, e_k] (the last in-range bin is closed), (e_k, +inf)."""
    values = np.asarray(values, dtype=float)
    k = max(len(edges) - 1, 1)
    idx = np.searchsorted(edges, values, side="right")
    idx = np.minimum(idx, k)
    idx = np.where(values < edges[0], 0, idx)
    idx = np.where(values > edges[-1], k + 1, idx)
    return np.bincount(idx, minlength=k + 2).tolist()


def fit_categories(reference, max_categories=None):
    """Reference categories by count (descending), ties by code point; the rest go to 'other'."""
    counts = Counter(reference)
    cats = sorted(counts, key=lambda c: (-counts[c], c))
    if max_categories is not None:
        cats = cats[:max_categories]
    return cats


def category_counts(categories, values):
    index = {c: i for i, c in enumerate(categories)}
    out = [0] * (len(categories) + 1)
    for v in values:
        out[index.get(v, len(categories))] += 1
    return out


# --- Statistics on binned counts ----------------------------------------------------------------

def evidently_psi(ref_counts, cur_counts):
    """Evidently's PSI (legacy/calculations/stattests/psi.py with utils.get_binned_data's zero
    filling), written out. One difference, documented in psi.ts: a bin empty on both sides is
    dropped before filling (Evidently's categorical path never has one; with fixed bins the
    open outer bins often are)."""
    ref = np.asarray(ref_counts, dtype=float)
    cur = np.asarray(cur_counts, dtype=float)
    keep = (ref > 0) | (cur > 0)
    ref_p = ref[keep] / ref.sum()
    cur_p = cur[keep] / cur.sum()

    def fill(p):
        p = p.copy()
        smallest = min(p[p != 0])
        np.place(p, p == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
        return p

    ref_p, cur_p = fill(ref_p), fill(cur_p)
    return float(np.sum((ref_p - cur_p) * np.log(ref_p / cur_p)))


def hellinger(ref_counts, cur_counts):
    p = np.asarray(ref_counts, dtype=float)
    q = np.asarray(cur_counts, dtype=float)
    p, q = p / p.sum(), q / q.sum()
    return float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2))


def l_infinity(ref_counts, cur_counts):
    p = np.asarray(ref_counts, dtype=float)
    q = np.asarray(cur_counts, dtype=float)
    return float(np.max(np.abs(p / p.sum() - q / q.sum())))


def chi_square(ref_counts, cur_counts, correction):
    """Test of homogeneity on the 2 x k table [reference; window], columns empty on both sides
    dropped (SciPy refuses a zero expected count)."""
    table = np.array([ref_counts, cur_counts], dtype=float)
    table = table[:, table.sum(axis=0) > 0]
    res = stats.chi2_contingency(table, correction=correction)
    return {"statistic": float(res.statistic), "dof": int(res.dof), "pValue": float(res.pvalue)}


def binned_expected(ref_counts, cur_counts):
    return {
        "psi": evidently_psi(ref_counts, cur_counts),
        "jensenShannon": float(jensenshannon(ref_counts, cur_counts, base=2)),
        "hellinger": hellinger(ref_counts, cur_counts),
        "lInfinity": l_infinity(ref_counts, cur_counts),
        "chiSquare": chi_square(ref_counts, cur_counts, correction=False),
        "chiSquareYates": chi_square(ref_counts, cur_counts, correction=True),
    }


def r6(a):
    """Six decimals keep the JSON small; the values stay (almost all) distinct."""
    return [float(x) for x in np.round(np.asarray(a, dtype=float), 6)]


def make_binning_and_binned():
    rng = np.random.default_rng(20240611)
    numeric = []
    shared = {}

    def sample_name(name, values):
        """Stores each distinct sample once; cases name theirs."""
        for key, existing in shared.items():
            if existing == values:
                return key
        shared[name] = values
        return name

    def numeric_case(name, reference, window, bins=10, note=""):
        reference, window = r6(reference), r6(window)
        edges = fit_edges(reference, bins)
        ref_counts = bin_counts(edges, reference)
        cur_counts = bin_counts(edges, window)
        numeric.append({
            "name": name,
            "note": note,
            "bins": bins,
            "reference": sample_name(f"{name}/reference", reference),
            "window": sample_name(f"{name}/window", window),
            "edges": [float(e) for e in edges],
            "referenceCounts": ref_counts,
            "windowCounts": cur_counts,
            "expected": binned_expected(ref_counts, cur_counts),
        })

    ref_normal = rng.normal(0, 1, 5000)
    numeric_case("normal-vs-normal", ref_normal, rng.normal(0, 1, 1000), note="same distribution")
    numeric_case("normal-shifted", ref_normal, rng.normal(0.5, 1, 1000), note="mean shift of 0.5 sd")
    numeric_case("normal-scaled", ref_normal, rng.normal(0, 2, 800), note="wider: both open outer bins used")
    numeric_case("lognormal", rng.lognormal(0, 1, 4000), rng.lognormal(0.3, 1.1, 700))
    numeric_case("ties-poisson", rng.poisson(3, 3000), rng.poisson(4, 500), note="integers: duplicate quantiles removed")
    zi_ref = np.where(rng.random(2000) < 0.7, 0.0, rng.exponential(2.0, 2000))
    zi_cur = np.where(rng.random(400) < 0.4, 0.0, rng.exponential(2.0, 400))
    numeric_case("zero-inflated", zi_ref, zi_cur, note="70% zeros in the reference")
    numeric_case("tiny", [0.3, -1.2, 2.5, 0.0, 1.1, 0.7, -0.4], [0.5, 3.0, -2.0], note="seven reference values")
    numeric_case("constant-reference", [2.5] * 50, [2.5, 2.5, 1.0, 3.0, 2.5], note="one edge: (-inf,2.5), [2.5,2.5], (2.5,+inf)")
    same = rng.normal(10, 3, 600)
    numeric_case("identical", same, same, note="window equals the reference: every distance 0, p = 1")
    numeric_case("disjoint", rng.normal(0, 1, 500), rng.normal(100, 1, 200), note="all window mass above the reference maximum")
    numeric_case("all-in-one-bin", ref_normal, [0.01] * 300, note="every window value in one in-range bin")
    numeric_case("five-bins", rng.gamma(2.0, 1.0, 1500), rng.gamma(2.5, 1.0, 300), bins=5)
    numeric_case("twenty-bins", rng.uniform(-5, 5, 3000), rng.uniform(-4, 6, 600), bins=20)

    categorical = []

    def categorical_case(name, reference, window, max_categories=None, note=""):
        cats = fit_categories(reference, max_categories)
        ref_counts = category_counts(cats, reference)
        cur_counts = category_counts(cats, window)
        categorical.append({
            "name": name,
            "note": note,
            "maxCategories": max_categories,
            "reference": list(reference),
            "window": list(window),
            "categories": cats,
            "referenceCounts": ref_counts,
            "windowCounts": cur_counts,
            "expected": binned_expected(ref_counts, cur_counts),
        })

    letters = ["a", "b", "c"]
    ref_cat = list(rng.choice(letters, 300, p=[0.5, 0.3, 0.2]))
    cur_cat = list(rng.choice(["a", "b", "c", "d", "e"], 120, p=[0.4, 0.3, 0.1, 0.15, 0.05]))
    categorical_case("unseen-categories", ref_cat, cur_cat, note="d and e are not in the reference")
    many = [f"city-{i:02d}" for i in range(12)]
    weights = np.arange(12, 0, -1, dtype=float)
    ref_many = list(rng.choice(many, 2000, p=weights / weights.sum()))
    cur_many = list(rng.choice(many, 400, p=weights[::-1] / weights.sum()))
    categorical_case("max-categories", ref_many, cur_many, max_categories=4, note="the 8 rarest reference categories go to other")
    categorical_case("binary", ["yes"] * 70 + ["no"] * 30, ["yes"] * 12 + ["no"] * 18, note="two categories: dof 1, Yates applies")
    categorical_case("single-category", ["x"] * 40, ["x"] * 9, note="one category on both sides: chi-square dof 0, p = 1")
    categorical_case("disjoint-categories", ["a"] * 10 + ["b"] * 5, ["z"] * 8, note="every window value unseen")

    counts = []

    def counts_case(name, ref_counts, cur_counts, note=""):
        counts.append({
            "name": name,
            "note": note,
            "referenceCounts": ref_counts,
            "windowCounts": cur_counts,
            "expected": binned_expected(ref_counts, cur_counts),
        })

    counts_case("proportional", [10, 20, 30], [1, 2, 3], note="equal proportions: every distance exactly 0")
    counts_case("rare-reference-bin", [1, 20000, 0, 30000], [0, 10, 5, 20],
                note="smallest nonzero reference share below 1e-4: Evidently fills with it / 1e6")
    counts_case("window-zeros", [0, 120, 80, 100, 0], [0, 0, 50, 0, 3], note="outer bins empty in the reference")
    counts_case("large-counts", [125000, 250000, 375000, 250000], [2600, 4900, 7400, 5100])
    counts_case("fractional-weights", [0.5, 1.25, 3.0, 0.25], [2.0, 0.75, 0.5, 0.0], note="weighted counts")
    counts_case("two-bins-one-empty", [0, 10], [10, 0], note="disjoint two-bin case")

    return (
        {"description": "Reference quantile binning (np.quantile method='linear' at i/bins, np.unique) and counts; "
                        "categorical profiles. Statistics as in binned-statistics.json.",
         "samples": shared, "numeric": numeric, "categorical": categorical},
        {"description": "Statistics on binned counts: PSI (Evidently's formula in NumPy, bins empty on both sides dropped), "
                        "scipy.spatial.distance.jensenshannon(base=2), Hellinger (1/sqrt2)||sqrt p - sqrt q||, "
                        "L-infinity, scipy.stats.chi2_contingency on [reference; window] (empty columns dropped), "
                        "correction False and True.",
         "cases": counts},
    )


# --- Raw samples: KS and Wasserstein ------------------------------------------------------------

def scipy_ks_method(n1, n2, method):
    """The method ks_2samp ends up using (it does not return it), without its rare floating-point fallback."""
    if method == "auto":
        return "exact" if max(n1, n2) <= 10000 else "asymp"
    if method == "exact":
        g = math.gcd(n1, n2)
        if n1 // g >= np.iinfo(np.int32).max / (n2 // g):
            return "asymp"
    return method


def make_samples():
    rng = np.random.default_rng(7)
    samples = {
        "n20": r6(rng.normal(0, 1, 20)),
        "n30": r6(rng.normal(0.3, 1, 30)),
        "eq50a": r6(rng.normal(0, 1, 50)),
        "eq50b": r6(rng.normal(0.4, 1, 50)),
        "s300": r6(rng.normal(0, 1, 300)),
        "s200shift": r6(rng.normal(0.25, 1, 200)),
        "ties200": [float(x) for x in rng.integers(0, 6, 200)],
        "ties150": [float(x) for x in rng.integers(0, 7, 150)],
        "one": [1.0],
        "two": [2.0],
        "three": [1.0, 2.0, 3.0],
        "disjointLow": r6(rng.normal(0, 1, 40)),
        "disjointHigh": r6(rng.normal(50, 1, 25)),
        "logn1000": r6(rng.lognormal(0, 1, 1000)),
        "logn800": r6(rng.lognormal(0.1, 1, 800)),
        "exact2000": r6(rng.normal(0, 1, 2000)),
        "exact1500": r6(rng.normal(0.05, 1, 1500)),
        "big12000": r6(rng.normal(0, 1, 12000)),
        "w40": r6(rng.normal(0.2, 1, 40)),
        "w150": r6(rng.normal(0.1, 1.1, 150)),
        "w3000same": r6(rng.normal(0, 1, 3000)),
        "w3000shift": r6(rng.normal(0.06, 1, 3000)),
        "w3000far": r6(rng.normal(0.4, 1, 3000)),
        "odd10001a": r6(rng.normal(0, 1, 10001)),
        "odd10001b": r6(rng.normal(0.03, 1, 10001)),
        "const5": [3.0] * 5,
    }
    samples["n20copy"] = list(samples["n20"])
    return samples


def make_ks(samples):
    pairs = [
        ("small-normal", "n20", "n30", ["auto", "exact", "asymp"]),
        ("equal-sizes", "eq50a", "eq50b", ["auto", "exact", "asymp"]),
        ("shifted", "s300", "s200shift", ["auto", "exact", "asymp"]),
        ("ties", "ties200", "ties150", ["auto", "exact", "asymp"]),
        ("tiny-1-1", "one", "two", ["auto", "exact", "asymp"]),
        ("tiny-3-1", "three", "two", ["auto", "asymp"]),
        ("identical", "n20", "n20copy", ["auto", "exact", "asymp"]),
        ("disjoint", "disjointLow", "disjointHigh", ["auto", "exact", "asymp"]),
        ("lognormal", "logn1000", "logn800", ["auto", "exact", "asymp"]),
        ("exact-2000-1500", "exact2000", "exact1500", ["auto", "asymp"]),
        ("asymp-small-window", "big12000", "w40", ["auto", "exact"]),
        ("asymp-150", "big12000", "w150", ["auto"]),
        ("asymp-same", "big12000", "w3000same", ["auto"]),
        ("asymp-shift", "big12000", "w3000shift", ["auto"]),
        ("asymp-far", "big12000", "w3000far", ["auto"]),
        ("asymp-half-round", "odd10001a", "odd10001b", ["auto"]),
        ("constant-window", "n30", "const5", ["auto", "asymp"]),
    ]
    cases = []
    for name, a, b, methods in pairs:
        x, y = samples[a], samples[b]
        results = {}
        for method in methods:
            with warnings.catch_warnings():
                # One case (1 vs 1 with method='asymp') divides by zero inside SciPy: kstwo with n = round(0.5) = 0.
                warnings.simplefilter("ignore" if name == "tiny-1-1" else "error")
                r = stats.ks_2samp(x, y, method=method)
            results[method] = {
                "statistic": float(r.statistic),
                # null where SciPy returns NaN (see ks-two-sample.ts: modelwatch computes the exact p-value there).
                "pValue": None if math.isnan(r.pvalue) else float(r.pvalue),
                "location": float(r.statistic_location),
                "sign": int(r.statistic_sign),
                "method": scipy_ks_method(len(x), len(y), method),
            }
        cases.append({"name": name, "reference": a, "window": b, "results": results})
    return cases


def make_wasserstein(samples):
    pairs = [
        ("small-normal", "n20", "n30"),
        ("shifted", "s300", "s200shift"),
        ("ties", "ties200", "ties150"),
        ("tiny", "three", "two"),
        ("identical", "n20", "n20copy"),
        ("disjoint", "disjointLow", "disjointHigh"),
        ("lognormal", "logn1000", "logn800"),
        ("large", "big12000", "w3000far"),
        ("constant-reference", "const5", "n30"),
    ]
    cases = []
    for name, a, b in pairs:
        x, y = np.asarray(samples[a]), np.asarray(samples[b])
        w = float(stats.wasserstein_distance(x, y))
        cases.append({
            "name": name,
            "reference": a,
            "window": b,
            "wasserstein": w,
            # Evidently's wasserstein_distance_norm.py: divided by max(np.std(reference), 0.001).
            "normedWasserstein": float(w / max(np.std(x), 0.001)),
            "referenceStd": float(np.std(x)),
        })
    return cases


# --- Distribution functions ----------------------------------------------------------------------

def make_kolmogorov():
    ns = [1, 2, 3, 5, 10, 20, 50, 100, 139, 140, 141, 200, 500, 1000, 2400, 5000, 20000, 99999, 100000, 100001,
          500000, 999999, 1000001, 3000000]
    nx2 = [0.02, 0.1, 0.3, 0.6, 0.754, 0.76, 1.0, 1.5, 2.0, 2.19, 2.21, 3.0, 3.99, 4.01, 6.0, 10.0, 17.9, 18.1, 40.0,
           100.0, 200.0, 360.0, 369.0, 371.0]
    kstwo = []
    smirnov = []
    for n in ns:
        xs = set()
        # Smirnov's sum costs O(n) per point: fewer points for the largest n keep the tests fast.
        for v in (nx2 if n < 500000 else [0.3, 2.0, 2.21, 10.0, 371.0]):
            xs.add(math.sqrt(v / n))
        for t in [0.4, 0.5, 0.6, 0.75, 0.9, 1.0, 1.3, 2.0]:
            xs.add(t / n)
        xs.update([0.3, 0.49, 0.5, 0.51, 0.7, 0.95, 1 - 1.0 / n + 1e-12, 1 - 0.5 / n, 0.0, 1.0]
                  if n < 500000 else [0.49, 0.51, 1 - 0.5 / n])
        for x in sorted(xs):
            if not (0.0 <= x <= 1.0):
                continue
            sf = float(stats.kstwo.sf(x, n))
            kstwo.append({"n": n, "x": x, "sf": sf})
            smirnov.append({"n": n, "x": x, "sf": float(special.smirnov(n, x))})
    return {
        "description": "scipy.stats.kstwo.sf(x, n) (two-sided one-sample KS, Simard-L'Ecuyer dispatch) and "
                       "scipy.special.smirnov(n, x) (one-sided).",
        "kstwo": kstwo,
        "smirnov": smirnov,
    }


def make_chi_square():
    dofs = [1, 2, 3, 4, 5, 9, 10, 11, 19, 20, 21, 30, 50, 99, 100, 101, 250, 500, 1000, 5000, 20000]
    probs = [1e-9, 1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 0.999]
    tails = [1e-12, 1e-30, 1e-80, 1e-200, 1e-300]
    sf = []
    for k in dofs:
        xs = {0.0}
        xs.update(float(stats.chi2.ppf(p, k)) for p in probs)
        xs.update(float(stats.chi2.isf(p, k)) for p in tails)
        xs.update([float(k), float(k) + 1.0, 0.5, 3.0])
        for x in sorted(xs):
            sf.append({"dof": k, "x": x, "sf": float(stats.chi2.sf(x, k))})
    gamma_q = []
    for a in [0.1, 0.5, 0.73, 1.0, 2.5, 7.3, 9.99, 10.0, 10.01, 33.3, 150.5, 1234.5, 50000.0]:
        for x in [1e-8, 0.01, 0.5, 0.9 * a, a, 1.1 * a, a + 1, 2 * a + 5, 10 * a + 30]:
            gamma_q.append({"a": a, "x": x, "q": float(special.gammaincc(a, x)), "p": float(special.gammainc(a, x))})
    ln_gamma = [{"x": x, "lnGamma": float(special.gammaln(x))}
                for x in [1e-10, 0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.7, 9.99, 10.0, 14.5, 15.0, 15.5, 30.0, 171.3,
                          1000.5, 123456.7, 1e10]]
    psi_null = [{"bins": k, "quantile": 0.95, "chiSquareQuantile": float(stats.chi2.ppf(0.95, k - 1))}
                for k in [5, 10, 12, 22]]
    return {
        "description": "scipy.stats.chi2.sf, scipy.special.gammaincc / gammainc / gammaln, chi2.ppf(0.95, k-1).",
        "chiSquareSf": sf,
        "gamma": gamma_q,
        "lnGamma": ln_gamma,
        "chiSquareQuantiles": psi_null,
    }


def make_benjamini_hochberg():
    rng = np.random.default_rng(99)
    lists = {
        "textbook": [0.01, 0.04, 0.03, 0.5],
        "ties": [0.02, 0.02, 0.02, 0.8, 0.001, 0.001],
        "all-null": [float(x) for x in rng.random(25)],
        "mixed": [float(x) for x in np.concatenate([rng.random(30), rng.random(10) * 1e-4])],
        "ones-and-zeros": [0.0, 1.0, 0.5, 0.0, 1.0],
        "single": [0.03],
        "big-m": [float(x) for x in rng.beta(0.3, 3.0, 500)],
    }
    cases = []
    for name, ps in lists.items():
        reject, corrected, _, _ = multipletests(ps, alpha=0.05, method="fdr_bh")
        cases.append({
            "name": name,
            "pValues": ps,
            "alpha": 0.05,
            "statsmodelsAdjusted": [float(x) for x in corrected],
            "statsmodelsRejected": [bool(x) for x in reject],
            "scipyAdjusted": [float(x) for x in stats.false_discovery_control(ps, method="bh")],
        })
    return {"description": "statsmodels multipletests(method='fdr_bh', alpha=0.05) and scipy.stats.false_discovery_control(method='bh').",
            "cases": cases}


def write(name, payload):
    payload = {
        "generator": "scripts/golden/make_drift_fixtures.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "statsmodels": statsmodels.__version__},
        **payload,
    }
    text = json.dumps(payload, allow_nan=False, separators=(",", ":"))
    (OUT / name).write_text(text + "\n")
    print(f"wrote {OUT / name} ({len(text)} bytes)")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    binning, binned = make_binning_and_binned()
    write("binning.json", binning)
    write("binned-statistics.json", binned)
    samples = make_samples()
    write("samples.json", {"description": "Seeded raw samples (six decimals) shared by ks-two-sample.json and wasserstein.json.",
                           "samples": samples})
    write("ks-two-sample.json", {"description": "scipy.stats.ks_2samp(reference, window, method=...). 'method' is the one "
                                                "SciPy ends up using (auto: exact when max(n1, n2) <= 10000).",
                                 "cases": make_ks(samples)})
    write("wasserstein.json", {"description": "scipy.stats.wasserstein_distance and Evidently's normed variant "
                                              "(divided by max(np.std(reference), 0.001)).",
                               "cases": make_wasserstein(samples)})
    write("kolmogorov.json", make_kolmogorov())
    write("chi-square.json", make_chi_square())
    write("benjamini-hochberg.json", make_benjamini_hochberg())


if __name__ == "__main__":
    main()
