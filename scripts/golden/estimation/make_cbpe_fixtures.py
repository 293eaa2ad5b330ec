#!/usr/bin/env python3
"""Writes the golden fixtures for packages/core/src/estimation: test/golden/estimation/*.json.

Expected values come from NannyML's CBPE (binary classification) and from scikit-learn's
IsotonicRegression at the versions pinned in requirements.txt beside this script. Datasets are
seeded; rerunning with the pinned versions rewrites the same files.

    python3 -m venv /tmp/cbpe-venv
    /tmp/cbpe-venv/bin/pip install -r scripts/golden/estimation/requirements.txt
    NML_DISABLE_USAGE_LOGGING=1 /tmp/cbpe-venv/bin/python scripts/golden/estimation/make_cbpe_fixtures.py

The TypeScript tests read the JSON files only; they need no Python.

Files:
- isotonic.json: IsotonicRegression(out_of_bounds='clip', increasing=True) on small hand-made and
  seeded cases (ties in X, decreasing runs, constant y, a single X): X_thresholds_, y_thresholds_,
  X_min_, X_max_ and predict() on a grid that covers and overshoots [X_min_, X_max_].
- ece.json: nannyml.calibration._calculate_expected_calibration_error with
  _get_bin_index_edges(n, 10) on scores without ties (with ties the bins depend on the order of
  np.argsort's unstable quicksort, which the TS port does not reproduce).
- cbpe.json: seeded reference + analysis sets; NannyML CBPE(chunk_size=1000, metrics roc_auc, f1,
  precision, recall, accuracy, confusion_matrix) fitted on the reference; per chunk, its
  estimated values; NannyML's needs_calibration decision; the fitted calibrator on a grid.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import nannyml
import numpy as np
import pandas as pd
import scipy
import sklearn
from nannyml.calibration import _calculate_expected_calibration_error, _get_bin_index_edges, needs_calibration, IsotonicCalibrator
from sklearn.isotonic import IsotonicRegression

OUT = Path(__file__).resolve().parents[3] / "test" / "golden" / "estimation"
CHUNK_SIZE = 1000


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def floats(a):
    return [num(v) for v in np.asarray(a, dtype=np.float64)]


def versions():
    return {
        "nannyml": nannyml.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scikit-learn": sklearn.__version__,
        "scipy": scipy.__version__,
    }


def isotonic_case(name, x, y):
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    reg = IsotonicRegression(out_of_bounds="clip", increasing=True).fit(x, y)
    lo, hi = float(np.min(x)), float(np.max(x))
    span = hi - lo if hi > lo else 1.0
    grid = np.concatenate([np.linspace(lo - 0.1 * span, hi + 0.1 * span, 257), x[:50], reg.X_thresholds_])
    return {
        "name": name,
        "x": floats(x),
        "y": floats(y),
        "xThresholds": floats(reg.X_thresholds_),
        "yThresholds": floats(reg.y_thresholds_),
        "xMin": float(reg.X_min_),
        "xMax": float(reg.X_max_),
        "grid": floats(grid),
        "predicted": floats(reg.predict(grid)),
    }


def isotonic_fixture():
    rng = np.random.default_rng(20240601)
    cases = [
        isotonic_case("sklearn-docstring", np.arange(10), [5, 3, 1, 2, 8, 10, 7, 9, 6, 4]),
        isotonic_case("ties-in-x", [0.1, 0.1, 0.2, 0.2, 0.2, 0.5, 0.5, 0.9], [1, 0, 0, 0, 1, 1, 0, 1]),
        isotonic_case("decreasing", [1, 2, 3, 4, 5], [5, 4, 3, 2, 1]),
        isotonic_case("constant-y", [0.2, 0.4, 0.6], [1, 1, 1]),
        isotonic_case("single-x", [0.3, 0.3, 0.3], [0, 1, 1]),
        isotonic_case("increasing", [0.1, 0.2, 0.3, 0.4], [0.0, 0.25, 0.5, 1.0]),
        isotonic_case("near-duplicate-x", [0.5, 0.5 + 4e-16, 0.5 + 2e-15, 0.7], [1, 0, 1, 0]),
    ]
    z = rng.normal(size=2000)
    p = 1 / (1 + np.exp(-z))
    labels = (rng.random(2000) < p).astype(np.float64)
    score = np.round(1 / (1 + np.exp(-(0.5 * z - 0.4))), 3)
    cases.append(isotonic_case("seeded-binary-2000-rounded", score, labels))
    score2 = 1 / (1 + np.exp(-(2.0 * z + 0.5)))
    cases.append(isotonic_case("seeded-binary-2000", score2, labels))
    cases.append(isotonic_case("seeded-continuous-500", rng.random(500), rng.normal(size=500) + np.linspace(0, 3, 500)))
    return {"versions": versions(), "cases": cases}


def ece_fixture():
    rng = np.random.default_rng(7)
    cases = []
    for n in [25, 97, 1000, 5003]:
        scores = rng.random(n)
        labels = (rng.random(n) < scores ** 1.5).astype(np.int64)
        edges = _get_bin_index_edges(n, 10)
        cases.append({
            "name": f"uniform-{n}",
            "scores": floats(scores),
            "labels": [int(v) for v in labels],
            "binIndexEdges": [[int(a), int(b)] for a, b in edges],
            "ece": float(_calculate_expected_calibration_error(labels, scores, edges)),
        })
    return {"versions": versions(), "cases": cases}


def make_dataset(rng, n, z_shift, label_slope, score_slope, score_offset, decimals):
    z = rng.normal(size=n) + z_shift
    true_p = 1 / (1 + np.exp(-label_slope * z))
    y_true = (rng.random(n) < true_p).astype(np.int64)
    score = 1 / (1 + np.exp(-(score_slope * z + score_offset)))
    if decimals is not None:
        score = np.round(score, decimals)
    y_pred = (score >= 0.5).astype(np.int64)
    return pd.DataFrame({"y_pred_proba": score, "y_pred": y_pred, "y_true": y_true})


def cbpe_case(name, reference, analysis):
    est = nannyml.CBPE(
        y_pred_proba="y_pred_proba",
        y_pred="y_pred",
        y_true="y_true",
        problem_type="classification_binary",
        metrics=["roc_auc", "f1", "precision", "recall", "accuracy", "confusion_matrix"],
        chunk_size=CHUNK_SIZE,
    )
    est.fit(reference)
    result = est.estimate(analysis.drop(columns=["y_true"]))
    data = result.to_df()
    chunks = []
    for _, row in data.iterrows():
        chunks.append({
            "period": row[("chunk", "period")],
            "startIndex": int(row[("chunk", "start_index")]),
            "endIndex": int(row[("chunk", "end_index")]),
            "rocAuc": num(row[("roc_auc", "value")]),
            "f1": num(row[("f1", "value")]),
            "precision": num(row[("precision", "value")]),
            "recall": num(row[("recall", "value")]),
            "accuracy": num(row[("accuracy", "value")]),
            "truePositive": num(row[("true_positive", "value")]),
            "falsePositive": num(row[("false_positive", "value")]),
            "trueNegative": num(row[("true_negative", "value")]),
            "falseNegative": num(row[("false_negative", "value")]),
        })
    grid = np.concatenate([np.linspace(0, 1, 1001), reference["y_pred_proba"].to_numpy()[:200]])
    calibrated = est.calibrator.calibrate(grid) if est.needs_calibration else grid
    reg = est.calibrator._regressor if est.needs_calibration else None
    return {
        "name": name,
        "chunkSize": CHUNK_SIZE,
        "reference": {
            "scores": floats(reference["y_pred_proba"]),
            "predicted": [int(v) for v in reference["y_pred"]],
            "labels": [int(v) for v in reference["y_true"]],
        },
        "analysis": {
            "scores": floats(analysis["y_pred_proba"]),
            "predicted": [int(v) for v in analysis["y_pred"]],
        },
        "needsCalibration": bool(est.needs_calibration),
        "calibrator": None if reg is None else {
            "xThresholds": floats(reg.X_thresholds_),
            "yThresholds": floats(reg.y_thresholds_),
            "xMin": float(reg.X_min_),
            "xMax": float(reg.X_max_),
        },
        "grid": floats(grid),
        "calibratedGrid": floats(calibrated),
        "chunks": chunks,
    }


def cbpe_fixture():
    rng = np.random.default_rng(12345)
    cases = []
    # Over-confident model (score slope 2.5 vs true slope 1.2): needs calibration. The analysis
    # shifts the score distribution: the second half of the analysis has z shifted by +0.8.
    reference = make_dataset(rng, 5000, 0.0, 1.2, 2.5, 0.2, 4)
    analysis = pd.concat([
        make_dataset(rng, 5000, 0.0, 1.2, 2.5, 0.2, 4),
        make_dataset(rng, 5000, 0.8, 1.2, 2.5, 0.2, 4),
    ], ignore_index=True)
    cases.append(cbpe_case("overconfident-shift", reference, analysis))
    # Continuous scores without rounding, shift down in z.
    reference = make_dataset(rng, 4000, 0.0, 2.0, 0.9, -0.3, None)
    analysis = pd.concat([
        make_dataset(rng, 3000, 0.0, 2.0, 0.9, -0.3, None),
        make_dataset(rng, 3000, -1.0, 2.0, 0.9, -0.3, None),
    ], ignore_index=True)
    cases.append(cbpe_case("underconfident-continuous", reference, analysis))
    return {"versions": versions(), "cases": cases}


def write(name, payload):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(payload, indent=None, separators=(",", ":")) + "\n")


def main():
    warnings.simplefilter("ignore")
    write("isotonic.json", isotonic_fixture())
    write("ece.json", ece_fixture())
    write("cbpe.json", cbpe_fixture())


if __name__ == "__main__":
    main()
