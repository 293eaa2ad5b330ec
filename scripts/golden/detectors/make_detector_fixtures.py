"""Golden fixtures for modelwatch's concept-drift detectors, recorded from River.

Generates seeded streams, runs River's DDM, EDDM, ADWIN and Page-Hinkley on them with stated
parameters, and writes test/golden/detectors/<stream>.json: the stream, and for each run the
exact indices after which River's `drift_detected` (and, for DDM and EDDM, `warning_detected`)
was true, and River's running statistics at checkpoints. The TypeScript tests replay the same
streams and must give the same indices and, bit for bit, the same statistics.

Streams (the first six kinds 4000 long; seeds 1-3, 101-103 for the stationary ones; a single
change at index 2000):
- bernoulli-change:     error bits, rate 0.1 then 0.3 (a classifier getting worse)
- bernoulli-stationary: error bits, rate 0.1 throughout
- gaussian-change:      N(1.0, 0.25) then N(1.5, 0.25) (e.g. a regression's absolute errors)
- gaussian-stationary:  N(1.0, 0.25) throughout
- bernoulli-steps, gaussian-steps: a change every 1000 items, up and down, so that detectors
  fire several times and their lazy reset after a drift is exercised; also runs with
  non-default parameters.
- edge-bursts, edge-jumps: no noise, to hit cuts and thresholds exactly at their boundaries.
- river-example-*: the streams of River's own docstring examples; the script checks that River
  still prints what its documentation says before writing them.

Usage:
    pip install -r scripts/golden/detectors/requirements.txt
    python scripts/golden/detectors/make_detector_fixtures.py            # writes the fixtures
    python scripts/golden/detectors/make_detector_fixtures.py --study 100
        # prints false-alarm rates and detection delays over 100 other seeds (writes nothing)

Gaussian values are rounded to 6 decimals before River sees them, to keep the files small; JSON
holds the shortest text that reads back as the same double, so the TypeScript tests replay exactly
the values River was given.
"""

from __future__ import annotations

import argparse
import inspect
import json
import random
import statistics
import sys
from pathlib import Path

import river
from river import drift

RIVER_VERSION = "0.26.1"
LENGTH = 4000
CHANGE_AT = 2000
SEEDS = (1, 2, 3)
OUT_DIR = Path(__file__).resolve().parents[3] / "test" / "golden" / "detectors"
GENERATOR = "scripts/golden/detectors/make_detector_fixtures.py"

# River's class for each modelwatch detector type, and River's parameter name -> ours.
RIVER_CLASSES = {
    "ddm": drift.binary.DDM,
    "eddm": drift.binary.EDDM,
    "adwin": drift.ADWIN,
    "page-hinkley": drift.PageHinkley,
}
OPTION_NAMES = {
    "warm_start": "warmStart",
    "warning_threshold": "warningThreshold",
    "drift_threshold": "driftThreshold",
    "alpha": "alpha",
    "beta": "beta",
    "delta": "delta",
    "clock": "clock",
    "max_buckets": "maxBuckets",
    "min_window_length": "minWindowLength",
    "grace_period": "gracePeriod",
    "min_instances": "minInstances",
    "threshold": "threshold",
    "mode": "mode",
}
HAS_WARNINGS = {"ddm", "eddm"}

# Named parameter sets. "defaults" is River's constructor defaults; the others are stated here.
CONFIGS: dict[str, dict[str, dict]] = {
    "ddm": {
        "defaults": {},
        # The configuration the tests make quietness and delay claims for: River's default
        # warm start of 30 fixes p_min from too few errors at a 10% error rate.
        "warm-start-1000": {"warm_start": 1000},
        "variant": {"warm_start": 50, "warning_threshold": 1.5, "drift_threshold": 2.5},
    },
    "eddm": {
        "defaults": {},
        # River's docstring example uses these "to avoid too many false positives".
        "river-example": {"alpha": 0.8, "beta": 0.75},
    },
    "adwin": {
        "defaults": {},
        "clock-1": {"clock": 1},
        "variant": {"delta": 0.01, "clock": 1, "max_buckets": 2, "min_window_length": 10, "grace_period": 50},
    },
    "page-hinkley": {
        "defaults": {},
        "variant": {"min_instances": 50, "delta": 0.05, "threshold": 20.0, "alpha": 1.0, "mode": "up"},
    },
}


def river_defaults(detector: str) -> dict:
    params = inspect.signature(RIVER_CLASSES[detector].__init__).parameters
    return {name: p.default for name, p in params.items() if name != "self"}


def full_params(detector: str, config: str) -> dict:
    return {**river_defaults(detector), **CONFIGS[detector][config]}


def to_options(params: dict) -> dict:
    return {OPTION_NAMES[name]: value for name, value in params.items()}


def bernoulli(seed: int, rates: list[tuple[int, float]], length: int = LENGTH) -> list[int]:
    """Error bits; `rates` holds (first index, rate) pairs in order."""
    rng = random.Random(seed)
    return [1 if rng.random() < rate_at(rates, i) else 0 for i in range(length)]


def gaussian(seed: int, means: list[tuple[int, float]], sd: float, length: int = LENGTH) -> list[float]:
    rng = random.Random(seed)
    return [round(rng.gauss(rate_at(means, i), sd), 6) for i in range(length)]


def rate_at(steps: list[tuple[int, float]], i: int) -> float:
    value = steps[0][1]
    for start, v in steps:
        if i >= start:
            value = v
    return value


CHECKPOINT_EVERY = 200


def river_state(detector: str, det) -> dict:
    """River's running statistics after an update, under the names of modelwatch's snapshot state.

    Compared bit for bit, they show that the port does the same floating-point operations in the
    same order, which the detection indices alone cannot (most rounding differences never move a
    detection on a given stream). These read River 0.26.1's private attributes.
    """
    finite = lambda v: None if v is None or v in (float("inf"), float("-inf")) else v
    if detector == "ddm":
        return {"n": det._p.n, "p": det._p.get(), "pMin": det._p_min, "sMin": det._s_min}
    if detector == "eddm":
        var = det._error_distances
        return {"n": det._n, "errors": det._n_errors, "lastError": det._last_error,
                "distanceMean": var.mean.get(), "distanceM2": var._S, "p2sMax": det._p2s_prime_max}
    if detector == "adwin":
        return {"width": det.width, "total": det.total, "variance": det.variance}
    if detector == "page-hinkley":
        return {"n": det._x_mean.n, "mean": det._x_mean.get(), "sumIncrease": det._sum_increase,
                "sumDecrease": det._sum_decrease, "minIncrease": finite(det._min_increase),
                "maxDecrease": det._max_decrease}
    raise ValueError(detector)


def replay(detector: str, params: dict, stream: list, checkpoints: bool = False):
    det = RIVER_CLASSES[detector](**params)
    drifts: list[int] = []
    warnings: list[int] = []
    states: list[dict] = []
    for i, x in enumerate(stream):
        det.update(x)
        if det.drift_detected:
            drifts.append(i)
        if detector in HAS_WARNINGS and det.warning_detected:
            warnings.append(i)
        # Every CHECKPOINT_EVERY items, on each drift, and on the update after it (the lazy reset).
        if checkpoints and (i % CHECKPOINT_EVERY == CHECKPOINT_EVERY - 1 or det.drift_detected or (drifts and drifts[-1] == i - 1)):
            states.append({"index": i, **river_state(detector, det)})
    return drifts, (warnings if detector in HAS_WARNINGS else None), states


def run_entry(detector: str, config: str, stream: list) -> dict:
    params = full_params(detector, config)
    drifts, warnings, states = replay(detector, params, stream, checkpoints=True)
    cls = RIVER_CLASSES[detector]
    entry = {
        "detector": detector,
        "config": config,
        "river": {"class": f"{cls.__module__}.{cls.__name__}", "params": params},
        "options": to_options(params),
        "drifts": drifts,
    }
    if warnings is not None:
        entry["warnings"] = warnings
    entry["checkpoints"] = states
    return entry


BINARY_RUNS = [("ddm", "defaults"), ("ddm", "warm-start-1000"), ("eddm", "defaults"), ("adwin", "defaults"), ("page-hinkley", "defaults")]
NUMERIC_RUNS = [("adwin", "defaults"), ("page-hinkley", "defaults")]
BINARY_STEPS = [0, 1000, 2000, 3000]


def fixtures() -> list[dict]:
    out: list[dict] = []

    def add(name: str, kind: str, description: str, change_points: list[int], stream: list, runs: list[tuple[str, str]]):
        out.append({
            "name": name,
            "kind": kind,
            "description": description,
            "changePoints": change_points,
            "stream": stream,
            "runs": [run_entry(d, c, stream) for d, c in runs],
        })

    for seed in SEEDS:
        add(f"bernoulli-change-seed-{seed}", "change",
            f"Error bits: rate 0.1, then 0.3 from index {CHANGE_AT} (random.Random({seed})).",
            [CHANGE_AT], bernoulli(seed, [(0, 0.1), (CHANGE_AT, 0.3)]), BINARY_RUNS)
        add(f"bernoulli-stationary-seed-{seed}", "stationary",
            f"Error bits: rate 0.1 throughout (random.Random({100 + seed})).",
            [], bernoulli(100 + seed, [(0, 0.1)]), BINARY_RUNS)
        add(f"gaussian-change-seed-{seed}", "change",
            f"N(1.0, 0.25), then N(1.5, 0.25) from index {CHANGE_AT} (random.Random({seed})), rounded to 6 decimals.",
            [CHANGE_AT], gaussian(seed, [(0, 1.0), (CHANGE_AT, 1.5)], 0.25), NUMERIC_RUNS)
        add(f"gaussian-stationary-seed-{seed}", "stationary",
            f"N(1.0, 0.25) throughout (random.Random({100 + seed})), rounded to 6 decimals.",
            [], gaussian(100 + seed, [(0, 1.0)], 0.25), NUMERIC_RUNS)

    add("bernoulli-steps", "steps",
        "Error bits: rate 0.1, 0.3, 0.05, 0.4 in blocks of 1000 (random.Random(7)).",
        BINARY_STEPS[1:], bernoulli(7, list(zip(BINARY_STEPS, [0.1, 0.3, 0.05, 0.4]))),
        [("ddm", "defaults"), ("ddm", "variant"), ("eddm", "defaults"), ("eddm", "river-example"),
         ("adwin", "defaults"), ("adwin", "variant"), ("page-hinkley", "defaults"), ("page-hinkley", "variant")])
    add("gaussian-steps", "steps",
        "N(mean, 0.25) with mean 1.0, 1.5, 1.0, 2.0 in blocks of 1000 (random.Random(7)), rounded to 6 decimals.",
        BINARY_STEPS[1:], gaussian(7, list(zip(BINARY_STEPS, [1.0, 1.5, 1.0, 2.0])), 0.25),
        [("adwin", "defaults"), ("adwin", "variant"), ("page-hinkley", "defaults"), ("page-hinkley", "variant")])

    # No noise: runs of zeros and ones, so that cuts and thresholds are hit exactly at their
    # boundaries (ADWIN checking every item cuts as soon as the newer sub-window reaches
    # min_window_length; DDM with p_min = s_min = 0 drifts on the first error).
    burst = [0] * 300 + [1] * 30 + [0] * 300 + [1] * 60 + [0] * 100
    add("edge-bursts", "edge",
        "No noise: 300 zeros, 30 ones, 300 zeros, 60 ones, 100 zeros.",
        [300, 330, 630, 690], burst,
        [("ddm", "defaults"), ("eddm", "defaults"), ("adwin", "defaults"), ("adwin", "clock-1"), ("page-hinkley", "defaults"), ("page-hinkley", "variant")])

    # Jumps far larger than ADWIN's [0, 1] scale, so that a sub-window of exactly
    # min_window_length items is already significant, and a jump on item min_instances - 1 that
    # Page-Hinkley must catch on that very item.
    jump = [0.0] * 29 + [100.0] * 3 + [0.0] * 400 + [100.0] * 20 + [0.0] * 200
    add("edge-jumps", "edge",
        "No noise: 29 zeros, 3 x 100, 400 zeros, 20 x 100, 200 zeros.",
        [29, 32, 432, 452], jump,
        [("adwin", "defaults"), ("adwin", "clock-1"), ("page-hinkley", "defaults")])

    # River's docstring examples, verbatim.
    rng = random.Random(42)
    binary = rng.choices([0, 1], k=1000)
    binary = binary + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])
    add("river-example-binary", "example",
        "The stream of River's DDM and EDDM docstring examples (random.Random(42)).",
        [1000], binary, [("ddm", "defaults"), ("eddm", "river-example")])
    rng = random.Random(12345)
    numeric = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
    add("river-example-numeric", "example",
        "The stream of River's ADWIN and PageHinkley docstring examples (random.Random(12345)).",
        [1000], numeric, [("adwin", "defaults"), ("page-hinkley", "defaults")])
    return out


# What River's documentation prints for its examples: (drift indices, first warning index).
DOCUMENTED = {
    ("river-example-binary", "ddm", "defaults"): ([1334], 1084),
    ("river-example-binary", "eddm", "river-example"): ([1278], 1059),
    ("river-example-numeric", "adwin", "defaults"): ([1023], None),
    ("river-example-numeric", "page-hinkley", "defaults"): ([1006], None),
}


def check_documented(fixture: dict) -> None:
    for run in fixture["runs"]:
        expected = DOCUMENTED.get((fixture["name"], run["detector"], run["config"]))
        if expected is None:
            continue
        drifts, first_warning = expected
        if run["drifts"][: len(drifts)] != drifts or (first_warning is not None and run["warnings"][0] != first_warning):
            sys.exit(f"River no longer prints its documented example for {run['detector']}: {run['drifts']}")


def write() -> None:
    if river.__version__ != RIVER_VERSION:
        sys.exit(f"river {river.__version__} is installed; the fixtures record {RIVER_VERSION} (pip install -r requirements.txt)")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    defaults = {d: {"river": river_defaults(d), "options": to_options(river_defaults(d))} for d in RIVER_CLASSES}
    dump(OUT_DIR / "river-defaults.json", {"generatedBy": GENERATOR, "river": RIVER_VERSION, "defaults": defaults})
    for fixture in fixtures():
        check_documented(fixture)
        dump(OUT_DIR / f"{fixture['name']}.json", {"generatedBy": GENERATOR, "river": RIVER_VERSION, **fixture})
        summary = ", ".join(f"{r['detector']}/{r['config']}: {r['drifts'][:6]}" for r in fixture["runs"])
        print(f"{fixture['name']}: {summary}")


def dump(path: Path, value: dict) -> None:
    # One stream or index list per line keeps diffs readable without a pretty-printed number column.
    path.write_text(json.dumps(value, separators=(",", ":")).replace(',"runs":[{', ',"runs":[\n{').replace('},{"detector"', '},\n{"detector"') + "\n")


def study(n_seeds: int) -> None:
    """False-alarm rates and delays over seeds the fixtures do not use (1000 and up)."""
    seeds = range(1000, 1000 + n_seeds)
    cases = [
        ("bernoulli 0.1 -> 0.3", lambda s: bernoulli(s, [(0, 0.1)]), lambda s: bernoulli(s + 5000, [(0, 0.1), (CHANGE_AT, 0.3)]), BINARY_RUNS),
        ("gaussian 1.0 -> 1.5, sd 0.25", lambda s: gaussian(s, [(0, 1.0)], 0.25), lambda s: gaussian(s + 5000, [(0, 1.0), (CHANGE_AT, 1.5)], 0.25), NUMERIC_RUNS),
    ]
    for title, stationary, change, runs in cases:
        print(f"{title} ({n_seeds} seeds, {LENGTH} items, change at {CHANGE_AT}):")
        for detector, config in runs:
            params = full_params(detector, config)
            quiet_fail = sum(1 for s in seeds if replay(detector, params, stationary(s))[0])
            delays, early, missed = [], 0, 0
            for s in seeds:
                drifts = replay(detector, params, change(s))[0]
                early += any(i < CHANGE_AT for i in drifts)
                after = [i - CHANGE_AT for i in drifts if i >= CHANGE_AT]
                if after:
                    delays.append(after[0])
                else:
                    missed += 1
            spread = f"median {statistics.median(delays)}, max {max(delays)}" if delays else "none"
            print(f"  {detector}/{config}: stationary streams with an alarm {quiet_fail}/{n_seeds}; "
                  f"change streams with an alarm before the change {early}/{n_seeds}, missed {missed}; delay {spread}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--study", type=int, metavar="SEEDS", help="print false-alarm rates and delays instead of writing")
    args = parser.parse_args()
    if args.study:
        study(args.study)
    else:
        write()


if __name__ == "__main__":
    main()
