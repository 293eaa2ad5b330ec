#!/usr/bin/env python3
"""Writes the golden fixtures for packages/core/src/performance: test/golden/performance/*.json.

Every expected value comes from sklearn.metrics (and sklearn.calibration.calibration_curve for
the expected calibration error) at the versions pinned in requirements.txt beside this script.
The datasets are seeded, so running the script again with the pinned versions rewrites the same
files byte for byte.

    pip install -r scripts/golden/performance/requirements.txt
    python3 scripts/golden/performance/make_performance_fixtures.py

The TypeScript tests read the JSON files only; they need no Python.

Definitions recorded here (and implemented in TypeScript):
- precision, recall, F1: precision_recall_fscore_support(average=None and 'macro',
  zero_division=0) over the sorted union of actual and predicted labels.
- ROC AUC: roc_auc_score; binary with the score of the lexicographically greater label; multi-class
  with multi_class='ovr', average='macro'. Undefined (one class only): sklearn warns and returns
  NaN, written as null.
- log loss: log_loss(labels=classes), which clips probabilities to [eps, 1 - eps] with
  eps = np.finfo(float64).eps and does not renormalise rows.
- ECE (binary): calibration_curve(strategy='uniform', n_bins=10) gives, per non-empty bin, the
  fraction of positives and the mean score; ECE = sum over bins of n_bin / n * |difference|.
  The bins are calibration_curve's: np.searchsorted(linspace(0, 1, 11)[1:-1], score, 'left'),
  so they are right-closed: [0, 0.1], (0.1, 0.2], ..., (0.9, 1].
- regression: mean_absolute_error, root_mean_squared_error, mean_absolute_percentage_error
  (denominator max(|y|, np.finfo(float64).eps)), r2_score (force_finite=True: constant y gives 1
  for a perfect fit, else 0; fewer than two rows gives NaN, written as null).
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
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    root_mean_squared_error,
)

OUT = Path(__file__).resolve().parents[3] / "test" / "golden" / "performance"


def num(x):
    """A finite float, or None for NaN (sklearn's 'undefined')."""
    x = float(x)
    return None if math.isnan(x) else x


def label_metrics(actual, predicted):
    labels = sorted(set(actual) | set(predicted))
    p, r, f, s = precision_recall_fscore_support(actual, predicted, labels=labels, average=None, zero_division=0)
    mp, mr, mf, _ = precision_recall_fscore_support(actual, predicted, labels=labels, average="macro", zero_division=0)
    return {
        "labels": labels,
        "accuracy": num(accuracy_score(actual, predicted)),
        "confusionMatrix": confusion_matrix(actual, predicted, labels=labels).tolist(),
        "precision": [num(v) for v in p],
        "recall": [num(v) for v in r],
        "f1": [num(v) for v in f],
        "support": [int(v) for v in s],
        "macroPrecision": num(mp),
        "macroRecall": num(mr),
        "macroF1": num(mf),
    }


def ece(positive, scores):
    """Expected calibration error from calibration_curve's equal-width bins."""
    scores = np.asarray(scores, dtype=float)
    prob_true, prob_pred = calibration_curve(positive, scores, n_bins=10, strategy="uniform")
    bins = np.linspace(0.0, 1.0, 11)
    counts = np.bincount(np.searchsorted(bins[1:-1], scores), minlength=10)
    counts = counts[counts > 0]
    return num(np.sum(counts / len(scores) * np.abs(prob_true - prob_pred)))


def binary_case(name, negative, positive, actual, predicted, scores):
    assert negative < positive, "sklearn scores the greater label"
    scores = [float(s) for s in scores]
    y = np.array([a == positive for a in actual], dtype=int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        auc = roc_auc_score(actual, scores) if len(set(actual)) == 2 else float("nan")
        if len(set(actual)) < 2:
            assert math.isnan(roc_auc_score(y, scores))
    expected = label_metrics(actual, predicted)
    expected["rocAuc"] = num(auc)
    expected["logLoss"] = num(log_loss(actual, scores, labels=[negative, positive]))
    expected["ece"] = ece(y, scores)
    return {"name": name, "kind": "binary", "classes": [negative, positive], "positiveLabel": positive,
            "actual": list(actual), "predicted": list(predicted), "scores": scores, "expected": expected}


def multiclass_case(name, classes, actual, predicted, probs):
    probs = np.asarray(probs, dtype=float)
    expected = label_metrics(actual, predicted)
    expected["rocAuc"] = num(roc_auc_score(actual, probs, multi_class="ovr", average="macro", labels=classes))
    expected["rocAucPerClass"] = [num(roc_auc_score([a == c for a in actual], probs[:, i])) for i, c in enumerate(classes)]
    expected["logLoss"] = num(log_loss(actual, probs, labels=classes))
    return {"name": name, "kind": "multiclass", "classes": list(classes), "actual": list(actual),
            "predicted": list(predicted), "scores": probs.tolist(), "expected": expected}


def labels_case(name, actual, predicted):
    return {"name": name, "kind": "labels", "actual": list(actual), "predicted": list(predicted),
            "expected": label_metrics(actual, predicted)}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def classification_cases():
    cases = []
    rng = np.random.default_rng(20240601)

    # Binary, continuous scores: a useful but imperfect classifier.
    n = 2000
    y = rng.random(n) < 0.3
    s = sigmoid(rng.normal(0, 1.2, n) + np.where(y, 1.5, -0.5))
    act = ["yes" if v else "no" for v in y]
    pred = ["yes" if v >= 0.5 else "no" for v in s]
    cases.append(binary_case("binary-continuous", "no", "yes", act, pred, s))

    # Binary, scores rounded to 2 decimals: many ties, some on the ECE bin edges.
    n = 800
    y = rng.random(n) < 0.5
    s = np.round(sigmoid(rng.normal(0, 1.0, n) + np.where(y, 0.8, -0.8)), 2)
    act = ["pos" if v else "neg" for v in y]
    pred = ["pos" if v > 0.5 else "neg" for v in s]
    cases.append(binary_case("binary-ties", "neg", "pos", act, pred, s))

    # Binary, all scores tied: AUC 0.5.
    act = ["no", "yes", "yes", "no", "yes", "no", "no"]
    cases.append(binary_case("binary-all-tied", "no", "yes", act, ["no"] * 7, [0.4] * 7))

    # Binary, perfect: scores 0 and 1 exactly (log loss clipping at eps).
    act = ["no", "yes"] * 10
    cases.append(binary_case("binary-perfect", "no", "yes", act, act, [0.0 if a == "no" else 1.0 for a in act]))

    # Binary, confidently wrong rows: clipping at eps gives -log(eps) per row.
    act = ["no", "yes", "no", "yes", "yes"]
    cases.append(binary_case("binary-confidently-wrong", "no", "yes", act, ["yes", "no", "no", "yes", "yes"],
                             [1.0, 0.0, 0.3, 0.9, 0.7]))

    # Binary, one class only in the actual labels: ROC AUC undefined.
    n = 50
    s = rng.random(n)
    act = ["yes"] * n
    pred = ["yes" if v >= 0.5 else "no" for v in s]
    cases.append(binary_case("binary-one-class", "no", "yes", act, pred, s))

    # Multi-class with per-class probabilities (softmax).
    classes = ["ant", "bee", "cat", "dog"]
    n = 1500
    yi = rng.choice(4, size=n, p=[0.4, 0.3, 0.2, 0.1])
    logits = rng.normal(0, 1.0, (n, 4))
    logits[np.arange(n), yi] += 1.2
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    act = [classes[i] for i in yi]
    pred = [classes[i] for i in p.argmax(axis=1)]
    cases.append(multiclass_case("multiclass-softmax", classes, act, pred, p))

    # Multi-class with few distinct probability rows (many ties). sklearn's OvR refuses rows that
    # do not sum to 1, so the rows are sixths.
    grid = np.array([[4, 1, 1], [1, 4, 1], [1, 1, 4], [2, 2, 2], [3, 2, 1], [1, 2, 3]], dtype=float) / 6
    classes = ["a", "b", "c"]
    n = 300
    rows = rng.integers(0, len(grid), n)
    p = grid[rows]
    act = [classes[i] for i in rng.integers(0, 3, n)]
    pred = [classes[i] for i in p.argmax(axis=1)]
    cases.append(multiclass_case("multiclass-ties", classes, act, pred, p))

    # Labels only: a predicted label never seen as actual, and an actual label never predicted
    # (zero_division=0 on both sides).
    act = ["a", "b", "b", "c", "c", "c", "a", "b"]
    pred = ["a", "b", "c", "c", "d", "c", "b", "b"]
    cases.append(labels_case("labels-zero-division", act, pred))

    # Labels only: perfect predictions, and one label only.
    act = [str(v) for v in rng.integers(0, 5, 200)]
    cases.append(labels_case("labels-perfect", act, act))
    cases.append(labels_case("labels-one-class", ["x"] * 9, ["x"] * 9))

    # Labels only: many classes, random guessing.
    act = [f"c{v:02d}" for v in rng.integers(0, 12, 1000)]
    pred = [f"c{v:02d}" for v in rng.integers(0, 12, 1000)]
    cases.append(labels_case("labels-random-12", act, pred))
    return cases


def regression_case(name, y, yhat):
    y = [float(v) for v in y]
    yhat = [float(v) for v in yhat]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r2 = r2_score(y, yhat)
    return {"name": name, "actual": y, "predicted": yhat, "expected": {
        "count": len(y),
        "mae": num(mean_absolute_error(y, yhat)),
        "rmse": num(root_mean_squared_error(y, yhat)),
        "mape": num(mean_absolute_percentage_error(y, yhat)),
        "r2": num(r2),
    }}


def regression_cases():
    cases = []
    rng = np.random.default_rng(7)
    y = rng.normal(50, 10, 1000)
    cases.append(regression_case("regression-normal", y, y + rng.normal(0, 3, 1000)))

    y = np.round(rng.normal(0, 2, 500), 1)  # many exact zeros
    assert (y == 0).sum() > 5
    cases.append(regression_case("regression-zero-labels", y, y + rng.normal(0, 0.5, 500)))

    y = 1e6 + rng.normal(0, 1, 2000)  # large offset: R^2 needs a stable variance
    cases.append(regression_case("regression-large-offset", y, y + rng.normal(0, 0.3, 2000)))

    y = rng.exponential(100, 300)
    cases.append(regression_case("regression-perfect", y, y))
    cases.append(regression_case("regression-constant-label", [4.0] * 20, rng.normal(4, 1, 20)))
    cases.append(regression_case("regression-constant-label-perfect", [4.0] * 20, [4.0] * 20))
    cases.append(regression_case("regression-single-row", [2.0], [3.0]))
    cases.append(regression_case("regression-negative", -rng.gamma(2, 3, 400), -rng.gamma(2, 3, 400)))
    return cases


def write(name, cases):
    doc = {
        "generator": "scripts/golden/performance/make_performance_fixtures.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "scikit-learn": sklearn.__version__},
        "cases": cases,
    }
    text = json.dumps(doc, allow_nan=False, separators=(",", ":"))
    (OUT / name).write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUT / name} ({len(text)} bytes, {len(cases)} cases)")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write("classification.json", classification_cases())
    write("regression.json", regression_cases())


if __name__ == "__main__":
    main()
