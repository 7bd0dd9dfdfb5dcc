#!/usr/bin/env python3
"""Estimator variants of the mixture LP, on the accuracy harness's trials, in plain Python.

The engine's `infer_mixture` solves the LP of Hayase et al. (2024): minimize sum_t v_t + sum_p u_p
subject to v_t + u_p + sum_i a_i (c_i,m(t) - c_i,p) >= 0 for every merge step t and pair p != m(t),
sum_i a_i = 1. This script solves the same LP from the per-step pair counts that
`benches/mixture_accuracy.py --export-reference` writes (the plain-Python counter, independent of
the engine), with lazy row generation and SciPy's HiGHS, and can change the estimator:

  paper        the LP as above (reproduces the engine's answers: on local-gettext-n5-s0 both give
               log10 MSE -4.702008...)
  noise        each row divided by the standard deviation of the merge's lead over the pair if
               the samples' counts were Poisson, with uniform weights:
               sigma = sqrt(sum_i (c_i,m + c_i,p) / (n^2 N_i)), N_i = sample i's initial pairs
  noise-alpha  the same with the paper's weights a_i from a first solve (a_i^2 instead of 1/n^2)
  variance     each row divided by sigma^2 (weights late, rare merges even more)

It prints each trial's log10 MSE of byte shares beside the engine's (from a results JSON of the
harness, when given) and the mean. Used for BENCHMARKS.md, "Accuracy", 2026-11-30 third session.

Set-up: the harness's venv plus SciPy (`/work/venvs/mixture/bin/pip install scipy`), and the
reference counts of each trial (about 14 s per gettext trial):

    /work/venvs/mixture/bin/python benches/mixture_lp_variants.py --export \\
        bench-data/mixture/trials/local-gettext-n5-s*-B4M-V3000
    /work/venvs/mixture/bin/python benches/mixture_lp_variants.py --variant noise --jobs 2 \\
        --engine-results bench-data/mixture/results-20261130-104539.json \\
        bench-data/mixture/trials/local-gettext-n5-s*-B4M-V3000
"""

import argparse
import json
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mixture_accuracy  # noqa: E402  (the harness: its reference counter and its score)

SAMPLES = "samples-S1M.jsonl"


def reference_dir(tdir: Path, merges: int) -> Path:
    """Where --export-reference writes the counts (named after the merges replayed, at most the
    tokenizer's)."""
    return tdir / f"reference-{Path(SAMPLES).stem}-T{merges}"


def export(tdir: Path, merges: int) -> None:
    if not (reference_dir(tdir, merges) / "meta.json").exists():
        mixture_accuracy.export_reference(tdir, SAMPLES, merges)


def load(tdir: Path, merges: int) -> dict:
    """Counts normalized by each sample's initial pairs: the initial matrix (pairs x categories)
    and, per step, the (pair, category, new value) changes; the merges as pair indices."""
    truth = json.loads((tdir / "truth.json").read_text())
    cats = truth["categories"]
    rdir = reference_dir(tdir, merges)
    if not (rdir / "meta.json").exists():
        raise SystemExit(f"{rdir}: no reference counts (run --export first; --merges must not exceed "
                         "the tokenizer's merges)")
    meta = json.loads((rdir / "meta.json").read_text())
    merge_keys = [line.rstrip("\n") for line in open(rdir / "merges.txt", encoding="utf-8")][1:]
    index: dict[str, int] = {}
    transcripts = []
    for c in cats:
        tr = json.loads((rdir / f"pair_counts.{meta['categories'][c]['slug']}.json").read_text())
        transcripts.append(tr)
        for step in tr:
            for key in step:
                index.setdefault(key, len(index))
    pairs0 = np.array([meta["categories"][c]["pairs"] for c in cats], float)
    counts0 = np.zeros((len(index), len(cats)))
    for i, tr in enumerate(transcripts):
        for key, count in tr[0].items():
            counts0[index[key], i] = count / pairs0[i]
    deltas = []
    for t in range(len(merge_keys)):
        ps, cs, vs = [], [], []
        for i, tr in enumerate(transcripts):
            for key, count in tr[t + 1].items():
                ps.append(index[key])
                cs.append(i)
                vs.append(count / pairs0[i])
        deltas.append((np.array(ps, int), np.array(cs, int), np.array(vs)))
    return {"counts0": counts0, "deltas": deltas, "merges": np.array([index.get(k, -1) for k in merge_keys]),
            "pairs0": pairs0, "bytes": np.array([meta["categories"][c]["byte_count"] for c in cats], float),
            "truth": np.array([truth["byte_share"][c] for c in cats]), "n": len(cats), "P": len(index)}


def sweep(d, alpha, u, v, noise_w, power, known, competitors=10, tolerance=1e-7):
    """Violated rows at (alpha, u, v) not in `known`, the most violated `competitors` per step:
    (step, pair, coefficients, violation). A row is violated when the merge's lead over the pair,
    net of the slacks (in the row's own units), exceeds `tolerance` times the largest count."""
    counts = d["counts0"].copy()
    score = counts @ alpha
    q = counts @ noise_w if noise_w is not None else None
    tol = tolerance * counts.max()
    rows = []
    for t, m in enumerate(d["merges"]):
        if m >= 0 and counts[m].any():
            sigma = np.ones_like(score) if q is None else np.maximum(q + q[m], 1e-300) ** (power / 2)
            violation = (score - score[m]) / sigma - u - v[t]
            violated = violation * sigma > tol
            violated[m] = False
            found = [p for p in np.nonzero(violated)[0] if (t, int(p)) not in known]
            found.sort(key=lambda p: -violation[p])
            for p in found[:competitors]:
                rows.append((t, int(p), (counts[m] - counts[p]) / sigma[p], violation[p]))
        ps, cs, vs = d["deltas"][t]
        if len(ps):
            old = counts[ps, cs]
            counts[ps, cs] = vs
            np.add.at(score, ps, alpha[cs] * (vs - old))
            if q is not None:
                np.add.at(q, ps, noise_w[cs] * (vs - old))
    return rows


def solve(d, noise_w=None, power=1.0, max_rounds=100):
    """The LP with lazy rows (all rows kept, each restricted LP solved afresh)."""
    n, steps = d["n"], len(d["merges"])
    alpha, u, v = np.full(n, 1 / n), np.zeros(d["P"]), np.zeros(steps)
    rows: dict[tuple[int, int], np.ndarray] = {}
    for rnd in range(max_rounds):
        new = sweep(d, alpha, u, v, noise_w, power, rows)
        if not new:
            return alpha, rnd
        new.sort(key=lambda r: -r[3])
        for t, p, coef, _ in new[:20000]:
            rows[(t, p)] = coef
        keys = list(rows)
        step_ids = {t: j for j, t in enumerate(sorted({k[0] for k in keys}))}
        pair_ids = {p: j for j, p in enumerate(sorted({k[1] for k in keys}))}
        nv, nu, r = len(step_ids), len(pair_ids), np.arange(len(keys))
        a = sp.hstack([
            sp.csr_matrix(-np.array([rows[k] for k in keys])),
            sp.csr_matrix((-np.ones(len(keys)), (r, [step_ids[k[0]] for k in keys])), shape=(len(keys), nv)),
            sp.csr_matrix((-np.ones(len(keys)), (r, [pair_ids[k[1]] for k in keys])), shape=(len(keys), nu)),
        ]).tocsr()
        cost = np.concatenate([np.zeros(n), np.ones(nv + nu)])
        a_eq = sp.csr_matrix(np.concatenate([np.ones(n), np.zeros(nv + nu)])[None, :])
        res = linprog(cost, A_ub=a, b_ub=np.zeros(len(keys)), A_eq=a_eq, b_eq=[1.0], bounds=(0, None),
                      method="highs-ds")
        if res.status != 0:
            raise RuntimeError(f"LP failed: {res.message}")
        alpha = res.x[:n]
        v = np.zeros(steps)
        v[sorted(step_ids)] = res.x[n:n + nv]
        u = np.zeros(d["P"])
        u[sorted(pair_ids)] = res.x[n + nv:]
    raise RuntimeError(f"not converged after {max_rounds} rounds")


def log10_mse_of_bytes(alpha, d) -> float:
    b = np.maximum(alpha, 0) * d["bytes"] / d["pairs0"]
    return mixture_accuracy.log10_mse(b / b.sum(), d["truth"])


def run_trial(job):
    tdir, variant, merges = job
    t0 = time.perf_counter()
    d = load(Path(tdir), merges)
    n = d["n"]
    uniform = np.full(n, 1 / n) ** 2 / d["pairs0"]
    if variant == "paper":
        alpha, rounds = solve(d)
    elif variant == "noise":
        alpha, rounds = solve(d, uniform)
    elif variant == "noise-alpha":
        first, _ = solve(d)
        alpha, rounds = solve(d, first ** 2 / d["pairs0"])
    elif variant == "variance":
        alpha, rounds = solve(d, uniform, power=2.0)
    else:
        raise ValueError(variant)
    return Path(tdir).name, log10_mse_of_bytes(alpha, d), rounds, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trials", nargs="+", type=Path, help="trial directories of the accuracy harness")
    ap.add_argument("--variant", choices=["paper", "noise", "noise-alpha", "variance"], default="paper")
    ap.add_argument("--merges", type=int, default=1000)
    ap.add_argument("--export", action="store_true", help="write the reference counts of each trial first")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--engine-results", type=Path, help="harness results JSON to compare with")
    args = ap.parse_args()
    if args.export:
        for tdir in args.trials:
            export(tdir, args.merges)
        return
    engine = {}
    if args.engine_results:
        engine = {t["dir"]: t["ours"] for t in json.loads(args.engine_results.read_text())["trials"]}
    jobs = [(str(t), args.variant, args.merges) for t in args.trials]
    with Pool(args.jobs) as pool:
        results = pool.map(run_trial, jobs)
    ours, theirs = [], []
    for name, score, rounds, seconds in results:
        ref = engine.get(name)
        ours.append(score)
        if ref is not None:
            theirs.append(ref)
        shown = "n/a" if ref is None else f"{ref:.3f}"
        print(f"{name}: {score:.3f} (engine {shown}) {rounds} rounds {seconds:.1f} s")
    sd = np.std(ours, ddof=1) if len(ours) > 1 else 0.0
    line = f"{args.variant}: mean {np.mean(ours):.2f} ± {sd:.2f} over {len(ours)} trials"
    if len(theirs) == len(ours):
        line += f"; engine {np.mean(theirs):.2f}; better in {sum(a < b - 1e-6 for a, b in zip(ours, theirs))}"
    print(line)


if __name__ == "__main__":
    main()
