#!/usr/bin/env python3
"""Peer benchmark: solve the mixture-inference LP exported by siftql (MPS, free or fixed format)
with HiGHS through PyPI `highspy`, for comparison with siftql's own solver.

For each requested mode a fresh Highs instance reads the model (no warm start), solves it, and the
script prints read time, solve time (wall around run()), HiGHS status, objective value, iteration
counts, and the values of the columns whose names start with --prefix (default `alpha_`), plus their
sum. The official attack (Hayase et al. 2024, `run_solver.py`) uses Gurobi, not HiGHS.

Modes:
  default  HiGHS defaults (solver=choose)
  dual     solver=simplex, simplex_strategy=1 (serial dual simplex)
  primal   solver=simplex, simplex_strategy=4
  ipm      solver=ipm (interior point, with crossover per HiGHS defaults)
  pdlp     solver=pdlp (first-order; approximate)

Replay (--replay): siftql names each generated row r<round>_... after the sweep that generated it
(r<round>_t<step>_p<pair> for the paper's row of one step and pair; cuts r<round>_c<node>_p<pair>,
edges r<round>_e<child> and leaves r<round>_l<node>_t<step> of the model over runs of steps, see
udfs/src/mixture/solver.rs). The replay builds the model with every column (with the file's bounds)
and the weight-sum row, then adds the rows of round 1, 2, ... in turn and re-runs HiGHS after each
(the dual simplex restarts from the previous basis, as siftql's own loop and the official code's
Gurobi loop do), and prints each round's time and the total. It replays only the rows that were
still in siftql's final model, so it does less work than a real lazy run would.

Fixed weights (--fixed-weights): how much of the LP's cost is finding the weights. After the
modes, with the serial dual simplex and no presolve: the whole LP from scratch; (1) the same LP
with each weight column fixed at its optimal value (bounds [x, x]), from scratch: what the slacks
alone cost; and (2) a two-stage solve from a start point a0 (uniform, halfway between uniform and
the optimum, 1% of the way, and the optimum): the weights are shifted to d = alpha - a0 (each
row's bounds moved by its weight terms at a0, and alpha >= 0 kept as rows d_i >= -a0_i); stage 1
solves with d fixed at 0 (the slacks for the weights a0), and stage 2 frees d and re-solves from
stage 1's basis, with d nonbasic at zero, so that it starts primal feasible at a0 and only has to
move the weights. Stage 2 is timed with the dual simplex and, from the same basis, with the
primal simplex (the dual one first repairs the reduced costs of d, in its phase 1, and gives up
the primal feasible start).

Bundle (--bundle N): the same LP solved over the weights alone by a proximal bundle method, with
the LP of fixed weights above as its oracle (HiGHS, warm-started from the previous weights; the
value is the objective, a subgradient the weight columns' reduced costs). Each step solves the QP
min theta + |alpha - c|^2 / (2t) over the simplex under the cuts theta >= g_k + s_k (alpha - a_k);
it starts at uniform weights with t = 0.01; the QP's point is clipped at 0 and renormalized; the
centre c moves when the value falls by at least a tenth of the predicted decrease (t grows by
1.5), else t shrinks by 1.2 (down to 1e-8); it stops when the predicted decrease is no longer
positive (the cuts are exact only to HiGHS's tolerances). Every 10 steps it prints the centre's
value, a lower bound (the cut model's minimum over the simplex, an LP) and the time; at the end it
solves the LP from scratch (dual simplex, no presolve) and prints the largest and the summed
absolute difference between the centre and that solution's weights.

Two models (--two-phase N [N ...]): the replay above with the HiGHS settings and the
two models of siftql's former solver (udfs/src/mixture/restricted_lp.rs, now the tests' reference): the weights written as alpha = a + d, a
the last round's weights; a round that adds at least N rows is solved first with the weights
fixed at a (a model without the weight columns, dual simplex), then the full model starts from
that basis with d nonbasic at zero (primal feasible) and finishes with the primal simplex; a
smaller round re-solves the full model with the dual simplex from its last basis. N larger than
every round gives the plain replay with siftql's settings, N = 0 makes every round two-phase.
Unlike that solver, the replay does not re-solve the fixed model after the weights move, and keeps
the row sum d = 0 where that solver writes 1 - sum a (a rounding difference). --extrapolate BETA
[BETA ...] (an experiment, never in the engine) first moves the weights of each two-phase round
ahead by BETA times their last move, clipped at 0 and renormalized. --free-weights K [K ...] (also
an experiment) first runs each two-phase round's primal simplex with only K weights free (those
with the largest subgradient entries from the fixed model's row duals), then with all.

Setup (same venv as benches/mixture_counting_peer.py; only highspy/numpy are needed here):

    python3 -m venv /work/venvs/bpe-attack
    /work/venvs/bpe-attack/bin/pip install highspy numpy

Run:

    /work/venvs/bpe-attack/bin/python benches/mixture_lp_highs.py --mps final_lp.mps \\
        [--modes default dual] [--threads N] [--time-limit S] [--json out.json] \\
        [--replay] [--fixed-weights] [--bundle N] [--two-phase N ...] [--extrapolate BETA ...]
        [--free-weights K ...]
        # --modes with no value: no mode
"""

import argparse
import json
import re
import sys
import time

import highspy

MODES = {
    "default": {},
    "dual": {"solver": "simplex", "simplex_strategy": 1},
    "primal": {"solver": "simplex", "simplex_strategy": 4},
    "ipm": {"solver": "ipm"},
    "pdlp": {"solver": "pdlp"},
}


def solve(path, mode, prefix, threads=None, time_limit=None, verbose=False):
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(verbose))
    if threads:
        h.setOptionValue("threads", int(threads))
    if time_limit:
        h.setOptionValue("time_limit", float(time_limit))
    for k, v in MODES[mode].items():
        h.setOptionValue(k, v)

    t0 = time.perf_counter()
    st = h.readModel(path)
    t1 = time.perf_counter()
    if st == highspy.HighsStatus.kError:
        sys.exit(f"HiGHS could not read {path}")
    lp = h.getLp()

    t2 = time.perf_counter()
    run_status = h.run()
    t3 = time.perf_counter()

    model_status = h.getModelStatus()
    info = h.getInfo()
    sol = h.getSolution()
    names = list(lp.col_names_)
    alphas = {}
    if sol.value_valid:
        alphas = {n: v for n, v in zip(names, sol.col_value) if n.startswith(prefix)}
    return {
        "mode": mode,
        "options": MODES[mode],
        "rows": lp.num_row_,
        "cols": lp.num_col_,
        "nonzeros": len(lp.a_matrix_.value_),
        "read_s": t1 - t0,
        "solve_s": t3 - t2,
        "highs_run_time_s": h.getRunTime(),
        "run_status": str(run_status),
        "model_status": h.modelStatusToString(model_status),
        "objective": info.objective_function_value if sol.value_valid else None,
        "simplex_iterations": info.simplex_iteration_count,
        "ipm_iterations": info.ipm_iteration_count,
        "pdlp_iterations": getattr(info, "pdlp_iteration_count", None),
        "primal_solution_status": info.primal_solution_status,
        "dual_solution_status": info.dual_solution_status,
        "max_primal_infeasibility": info.max_primal_infeasibility,
        "alphas": alphas,
    }


def _dual_simplex(path):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if h.readModel(path) == highspy.HighsStatus.kError:
        sys.exit(f"HiGHS could not read {path}")
    for k, v in {**MODES["dual"], "presolve": "off"}.items():
        h.setOptionValue(k, v)
    return h


def _require_optimal(h, what):
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        sys.exit(f"{what}: HiGHS stopped with status {h.modelStatusToString(h.getModelStatus())}")


def _weight_columns(lp, prefix):
    """Indices of the weight columns (names starting with `prefix`)."""
    return [j for j, name in enumerate(lp.col_names_) if name.startswith(prefix)]


def _timed_run(h):
    t0 = time.perf_counter()
    h.run()
    return {"seconds": time.perf_counter() - t0, "simplex_iterations": h.getInfo().simplex_iteration_count,
            "objective": h.getInfo().objective_function_value,
            "model_status": h.modelStatusToString(h.getModelStatus())}


def fixed_weights(path, prefix):
    """The experiments of --fixed-weights (see the module docstring); returns their figures."""
    inf = highspy.kHighsInf
    full = _dual_simplex(path)
    lp = full.getLp()
    weights = _weight_columns(lp, prefix)
    out = {"full": _timed_run(full)}
    values = full.getSolution().col_value
    optimum = [values[j] for j in weights]
    fixed = _dual_simplex(path)
    for j, x in zip(weights, optimum):
        fixed.changeColBounds(j, x, x)
    out["weights fixed at the optimum"] = _timed_run(fixed)
    a = lp.a_matrix_
    start, index, value = list(a.start_), list(a.index_), list(a.value_)
    n = len(weights)
    starts = {
        "uniform": [1.0 / n] * n,
        "halfway": [0.5 * x + 0.5 / n for x in optimum],
        "1% of the way from the optimum to uniform": [0.99 * x + 0.01 / n for x in optimum],
        "optimum": optimum,
    }
    for label, a0 in starts.items():
        h = _dual_simplex(path)
        shift = [0.0] * lp.num_row_
        for j, x in zip(weights, a0):
            for k in range(start[j], start[j + 1]):
                shift[index[k]] += value[k] * x
        # Bounds within 1e-12 of 0 are rounding error (the weight-sum row's 1 - sum(a0) among
        # them); HiGHS warns about such tiny bounds, so they become 0.
        lower = [0.0 if abs(lo - d) < 1e-12 else lo - d for lo, d in zip(lp.row_lower_, shift)]
        upper = [0.0 if abs(hi - d) < 1e-12 else hi - d for hi, d in zip(lp.row_upper_, shift)]
        h.changeRowsBounds(lp.num_row_, list(range(lp.num_row_)), lower, upper)
        for j, x in zip(weights, a0):
            h.addRow(-x, inf, 1, [j], [1.0])
            h.changeColBounds(j, 0.0, 0.0)
        stage1 = _timed_run(h)
        basis = h.getBasis()
        status = list(basis.col_status)
        for j in weights:
            h.changeColBounds(j, -inf, inf)
            status[j] = highspy.HighsBasisStatus.kZero
        warm = highspy.HighsBasis()
        warm.col_status = status
        warm.row_status = list(basis.row_status)
        warm.valid = True
        out[f"two-stage from {label}: stage 1"] = stage1
        for simplex, strategy in (("dual", 1), ("primal", 4)):
            h.setOptionValue("simplex_strategy", strategy)
            h.setBasis(warm)
            out[f"two-stage from {label}: stage 2, {simplex} simplex"] = _timed_run(h)
    return out


def bundle(path, prefix, steps, t=0.01):
    """The proximal bundle of --bundle (see the module docstring); returns its progress."""
    import numpy as np

    inf = highspy.kHighsInf
    oracle = _dual_simplex(path)
    lp = oracle.getLp()
    weights = np.array(_weight_columns(lp, prefix), dtype=np.int32)
    n = len(weights)
    spent = [0.0]

    def evaluate(a):
        oracle.changeColsBounds(n, weights, a, a)
        t0 = time.perf_counter()
        oracle.run()
        spent[0] += time.perf_counter() - t0
        _require_optimal(oracle, "the oracle")
        duals = np.array(oracle.getSolution().col_dual)
        return oracle.getInfo().objective_function_value, duals[weights]

    def master(cuts, centre):
        m = highspy.Highs()
        m.setOptionValue("output_flag", False)
        m.addVars(n + 1, np.r_[np.zeros(n), -inf], np.r_[np.full(n, inf), inf])
        columns = np.arange(n + 1, dtype=np.int32)
        if centre is None:
            m.changeColsCost(n + 1, columns, np.r_[np.zeros(n), 1.0])
        else:
            m.changeColsCost(n + 1, columns, np.r_[-centre / t, 1.0])
            m.passHessian(n + 1, n, highspy.HessianFormat.kTriangular,
                          np.r_[np.arange(n + 1), n].astype(np.int32), np.arange(n, dtype=np.int32),
                          np.full(n, 1.0 / t))
        m.addRow(1.0, 1.0, n, np.arange(n, dtype=np.int32), np.ones(n))
        for g, s, a in cuts:
            m.addRow(g - s @ a, inf, n + 1, columns, np.r_[-s, 1.0])
        m.run()
        _require_optimal(m, "the master")
        x = np.array(m.getSolution().col_value)
        return x[:n], x[n]

    started = time.perf_counter()
    centre = np.full(n, 1.0 / n)
    value, s = evaluate(centre)
    cuts = [(value, s, centre.copy())]
    lower = -inf
    progress = []
    for step in range(1, steps + 1):
        a, theta = master(cuts, centre)
        a = np.maximum(a, 0.0)
        a /= a.sum()
        g, s = evaluate(a)
        cuts.append((g, s, a.copy()))
        predicted = value - theta
        if predicted <= 0:
            # The cuts are exact only to HiGHS's tolerances: no descent is left to find.
            print(f"[bundle] step {step}: predicted decrease {predicted:.2e}, stopping", flush=True)
            break
        if value - g >= 0.1 * predicted:
            centre, value = a, g
            t *= 1.5
        else:
            t = max(t / 1.2, 1e-8)
        if step % 10 == 0 or step == steps:
            lower = max(lower, master(cuts, None)[1])
            progress.append({"step": step, "value": value, "lower_bound": lower,
                             "oracle_s": spent[0], "wall_s": time.perf_counter() - started})
            print(f"[bundle] step {step}: value {value:.10f}, lower bound {lower:.10f}, "
                  f"gap {(value - lower) / value:.2e}, oracle {spent[0]:.1f}s, wall {progress[-1]['wall_s']:.1f}s",
                  flush=True)
    reference = _dual_simplex(path)
    reference.run()
    _require_optimal(reference, "the reference solve")
    optimum = np.array(reference.getSolution().col_value)[weights]
    return {"progress": progress, "lp_objective": reference.getInfo().objective_function_value,
            "max_abs_weight_difference": float(np.max(np.abs(centre - optimum))),
            "sum_abs_weight_difference": float(np.sum(np.abs(centre - optimum)))}


def _rows_by_round(path):
    """The model's LP, each row's (column, value) entries, and the generated rows by round (the
    other rows, the weight-sum row, in `keep`)."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if h.readModel(path) == highspy.HighsStatus.kError:
        sys.exit(f"HiGHS could not read {path}")
    lp = h.getLp()
    names = [h.getRowName(i)[1] for i in range(lp.num_row_)]
    a = lp.a_matrix_
    # Column-wise matrix -> row-wise entries (the properties copy on every access: read once).
    start, index, value = list(a.start_), list(a.index_), list(a.value_)
    entries = [[] for _ in range(lp.num_row_)]
    for col in range(lp.num_col_):
        for k in range(start[col], start[col + 1]):
            entries[index[k]].append((col, value[k]))
    by_round = {}
    keep = []
    for r, name in enumerate(names):
        generated = re.match(r"r(\d+)_", name)
        if generated:
            by_round.setdefault(int(generated.group(1)), []).append(r)
        else:
            keep.append(r)
    return lp, entries, by_round, keep


def replay(path, verbose=False):
    """Adds the rows of each generation round in turn and re-solves (warm start); returns the
    per-round seconds, the total and the final objective and alphas."""
    lp, entries, by_round, keep = _rows_by_round(path)
    lower, upper, cost = list(lp.row_lower_), list(lp.row_upper_), list(lp.col_cost_)
    model = highspy.Highs()
    model.setOptionValue("output_flag", bool(verbose))
    model.setOptionValue("solver", "simplex")
    model.addVars(lp.num_col_, list(lp.col_lower_), list(lp.col_upper_))
    model.changeColsCost(lp.num_col_, list(range(lp.num_col_)), cost)

    def add(rows):
        starts, index, value = [], [], []
        for r in rows:
            starts.append(len(index))
            for col, x in entries[r]:
                index.append(col)
                value.append(x)
        model.addRows(len(rows), [lower[r] for r in rows], [upper[r] for r in rows],
                      len(index), starts, index, value)

    add(keep)
    rounds = []
    total = 0.0
    for k in sorted(by_round):
        add(by_round[k])
        t0 = time.perf_counter()
        model.run()
        dt = time.perf_counter() - t0
        total += dt
        rounds.append({"round": k, "rows_added": len(by_round[k]), "seconds": dt,
                       "simplex_iterations": model.getInfo().simplex_iteration_count})
        print(f"[replay] round {k}: +{len(by_round[k])} rows, {dt:.3f}s, total {total:.3f}s "
              f"(simplex it {rounds[-1]['simplex_iterations']})", flush=True)
    info = model.getInfo()
    sol = model.getSolution()
    col_names, col_value = list(lp.col_names_), list(sol.col_value)
    alphas = {col_names[c]: col_value[c] for c in range(lp.num_col_) if col_names[c].startswith("alpha_")}
    return {"rounds": rounds, "total_s": total, "objective": info.objective_function_value,
            "model_status": model.modelStatusToString(model.getModelStatus()), "alphas": alphas}


def _engine_options(h, strategy):
    """siftql's HiGHS settings (udfs/src/mixture/restricted_lp.rs), with `simplex_strategy`."""
    for k, v in {"output_flag": False, "solver": "simplex", "presolve": "off", "threads": 1,
                 "simplex_strategy": strategy, "simplex_dual_edge_weight_strategy": 1,
                 "simplex_scale_strategy": 0}.items():
        h.setOptionValue(k, v)


def replay_two_phase(path, threshold, prefix, extrapolate=0.0, free_weights=0):
    """The replay of --replay with siftql's settings, in the two models of siftql's solver: the
    weights alpha = a + d with a the last solve's weights; a round of at least `threshold` rows is
    first solved with the weights fixed at a (a model without them, dual simplex), then the full
    model starts from that basis with d nonbasic at 0 and finishes with the primal simplex;
    smaller rounds re-solve the full model with the dual simplex from its last basis. After each
    round a moves to the new weights (row bounds only). threshold 0: every round is two-phase;
    a threshold above every round: the plain dual-simplex replay. With `extrapolate` = beta > 0,
    a two-phase round first moves a ahead to a + beta (a - a_prev) (a_prev: the weights before the
    last solve), clipped at 0 and renormalized, so that the fixed model repairs at a guess of the
    next weights. With `free_weights` = K (0 < K < the number of weights), a two-phase round first
    runs the primal simplex with only K weights free, those with the largest subgradient entries
    from the fixed model's row duals (sum_r y_r x_ri, centred), the others fixed at d = 0, and then
    frees them all."""
    import numpy as np

    inf = highspy.kHighsInf
    lp, entries, by_round, keep = _rows_by_round(path)
    weights = _weight_columns(lp, prefix)
    n = len(weights)
    if weights != list(range(n)) or len(keep) != 1:
        sys.exit("expected the weight columns first and one row besides the generated ones")
    others = lp.num_col_ - n
    col_lower, col_upper, cost = list(lp.col_lower_)[n:], list(lp.col_upper_)[n:], list(lp.col_cost_)[n:]
    lower = list(lp.row_lower_)
    fixed, full = highspy.Highs(), highspy.Highs()
    for h in (fixed, full):
        _engine_options(h, 1)
        h.addVars(others, col_lower, col_upper)
        h.changeColsCost(others, list(range(others)), cost)
    full.addVars(n, [-inf] * n, [inf] * n)  # d: columns others .. others + n - 1
    d_cols = list(range(others, others + n))
    a = np.full(n, 1.0 / n)
    a_prev = a.copy()
    # Full model: rows d_i >= -a_i and sum d = 1 - sum a first, then the generated rows.
    full.addRows(n, list(-a), [inf] * n, n, list(range(n)), d_cols, [1.0] * n)
    full.addRow(0.0, 0.0, n, d_cols, [1.0] * n)
    present = []

    def shifted(r):
        return lower[r] - sum(x * a[c] for c, x in entries[r] if c < n)

    def move_shift():
        bounds = [shifted(r) for r in present]
        fixed.changeRowsBounds(len(present), list(range(len(present))), bounds, [inf] * len(present))
        full.changeRowsBounds(len(present), list(range(n + 1, n + 1 + len(present))), bounds, [inf] * len(present))
        full.changeRowsBounds(n, list(range(n)), list(-a), [inf] * n)

    def add(rows):
        fixed_rows, full_rows = ([], [], []), ([], [], [])
        for r in rows:
            fixed_rows[0].append(len(fixed_rows[1]))
            full_rows[0].append(len(full_rows[1]))
            for c, x in entries[r]:
                if c >= n:
                    fixed_rows[1].append(c - n)
                    fixed_rows[2].append(x)
                    full_rows[1].append(c - n)
                else:
                    full_rows[1].append(others + c)
                full_rows[2].append(x)
        bounds = [shifted(r) for r in rows]
        for h, (starts, index, value) in ((fixed, fixed_rows), (full, full_rows)):
            h.addRows(len(rows), bounds, [inf] * len(rows), len(index), starts, index, value)
        present.extend(rows)

    rounds, total = [], 0.0
    for k in sorted(by_round):
        add(by_round[k])
        two_phase = len(by_round[k]) >= threshold
        fixed_run = {"seconds": 0.0, "simplex_iterations": 0}
        if two_phase and extrapolate > 0:
            guess = np.maximum(a + extrapolate * (a - a_prev), 0.0)
            a = guess / guess.sum()
            move_shift()
        a_prev = a.copy()
        restricted_run = {"seconds": 0.0, "simplex_iterations": 0}
        if two_phase:
            fixed_run = _timed_run(fixed)
            _require_optimal(fixed, f"round {k}, weights fixed")
            basis = fixed.getBasis()
            start = highspy.HighsBasis()
            start.col_status = list(basis.col_status) + [highspy.HighsBasisStatus.kZero] * n
            start.row_status = [highspy.HighsBasisStatus.kBasic] * (n + 1) + list(basis.row_status)
            start.valid = True
            full.setBasis(start)
            full.setOptionValue("simplex_strategy", 4)
            if 0 < free_weights < n:
                restricted_run = _restricted_weights_run(full, fixed, entries, present, n, others, free_weights,
                                                         f"round {k}, {free_weights} weights free")
        else:
            full.setOptionValue("simplex_strategy", 1)
        full_run = _timed_run(full)
        _require_optimal(full, f"round {k}")
        total += fixed_run["seconds"] + restricted_run["seconds"] + full_run["seconds"]
        rounds.append({"round": k, "rows_added": len(by_round[k]), "two_phase": two_phase,
                       "fixed": fixed_run, "restricted": restricted_run, "full": full_run})
        print(f"[two-phase {threshold}, extrapolate {extrapolate}, free {free_weights}] round {k}: "
              f"+{len(by_round[k])} rows, fixed {fixed_run['seconds']:.3f}s "
              f"({fixed_run['simplex_iterations']} it), restricted {restricted_run['seconds']:.3f}s "
              f"({restricted_run['simplex_iterations']} it), full {full_run['seconds']:.3f}s "
              f"({full_run['simplex_iterations']} it), total {total:.3f}s", flush=True)
        a = a + np.array(full.getSolution().col_value[others:])
        move_shift()
    return {"threshold": threshold, "extrapolate": extrapolate, "free_weights": free_weights,
            "rounds": rounds, "total_s": total,
            "objective": rounds[-1]["full"]["objective"] if rounds else None,
            "alphas": {lp.col_names_[j]: float(a[j]) for j in range(n)}}


def _restricted_weights_run(full, fixed, entries, present, n, others, free, what):
    """The primal simplex in `full` with only the `free` weights of the largest centred subgradient
    entries (from `fixed`'s row duals) free and the others fixed at d = 0; frees them again after."""
    inf = highspy.kHighsInf
    import numpy as np

    duals = fixed.getSolution().row_dual
    g = np.zeros(n)
    for j, r in enumerate(present):
        if duals[j] != 0.0:
            for c, x in entries[r]:
                if c < n:
                    g[c] += duals[j] * x
    g -= g.mean()
    kept = set(int(i) for i in np.argsort(-np.abs(g))[:free])
    held = [others + i for i in range(n) if i not in kept]
    full.changeColsBounds(len(held), held, [0.0] * len(held), [0.0] * len(held))
    run = _timed_run(full)
    _require_optimal(full, what)
    full.changeColsBounds(len(held), held, [-inf] * len(held), [inf] * len(held))
    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mps", required=True, help="LP in MPS format (free format preferred)")
    ap.add_argument("--modes", nargs="*", default=["default", "dual"], choices=sorted(MODES))
    ap.add_argument("--prefix", default="alpha_", help="print columns whose names start with this")
    ap.add_argument("--threads", type=int, help="HiGHS 'threads' option")
    ap.add_argument("--time-limit", type=float, help="HiGHS 'time_limit' option, seconds")
    ap.add_argument("--verbose", action="store_true", help="HiGHS log to stdout")
    ap.add_argument("--json", help="also write all results to this JSON file")
    ap.add_argument("--replay", action="store_true",
                    help="also add the rows round by round with warm-started re-solves")
    ap.add_argument("--fixed-weights", action="store_true",
                    help="also measure the LP with the weights fixed, and the two-stage solves")
    ap.add_argument("--bundle", type=int, metavar="N",
                    help="also run N steps of the proximal bundle method over the weights")
    ap.add_argument("--two-phase", type=int, nargs="+", metavar="N",
                    help="also replay with siftql's two models, two-phase from rounds of N rows")
    ap.add_argument("--extrapolate", type=float, nargs="+", default=[0.0], metavar="BETA",
                    help="with --two-phase: move the fixed model's weights ahead by BETA times their "
                         "last move before each two-phase round (one replay per value; default 0)")
    ap.add_argument("--free-weights", type=int, nargs="+", default=[0], metavar="K",
                    help="with --two-phase: first move only K weights (those of the largest subgradient "
                         "entries) in each two-phase round, then all (one replay per value; 0: all at once)")
    args = ap.parse_args()
    if (args.extrapolate != [0.0] or args.free_weights != [0]) and not args.two_phase:
        ap.error("--extrapolate and --free-weights need --two-phase")

    try:
        from importlib.metadata import version

        hv = version("highspy")
    except Exception:  # pragma: no cover
        hv = "?"
    print(f"highspy {hv}")  # HiGHS itself prints its version banner once per process
    results = []
    for mode in args.modes:
        r = solve(args.mps, mode, args.prefix, args.threads, args.time_limit, args.verbose)
        results.append(r)
        print(f"[{mode}] {r['rows']} rows x {r['cols']} cols, {r['nonzeros']} nonzeros; "
              f"read {r['read_s']:.3f}s, solve {r['solve_s']:.3f}s (HiGHS run time {r['highs_run_time_s']:.3f}s)")
        print(f"[{mode}] status {r['model_status']}  objective {r['objective']!r}  "
              f"simplex it {r['simplex_iterations']}  ipm it {r['ipm_iterations']}")
        for n, v in sorted(r["alphas"].items()):
            print(f"[{mode}]   {n} = {v:.12g}")
        if r["alphas"]:
            print(f"[{mode}]   sum({args.prefix}*) = {sum(r['alphas'].values()):.12g}")
    if args.replay:
        r = replay(args.mps, args.verbose)
        results.append({"mode": "replay", **r})
        print(f"[replay] {len(r['rounds'])} rounds, LP total {r['total_s']:.3f}s, status {r['model_status']}, "
              f"objective {r['objective']!r}")
        for n, v in sorted(r["alphas"].items()):
            print(f"[replay]   {n} = {v:.12g}")
    if args.fixed_weights:
        r = fixed_weights(args.mps, args.prefix)
        results.append({"mode": "fixed-weights", **r})
        for label, f in r.items():
            print(f"[fixed-weights] {label}: {f['seconds']:.2f}s, {f['simplex_iterations']} simplex it, "
                  f"objective {f['objective']!r} ({f['model_status']})")
    if args.bundle:
        r = bundle(args.mps, args.prefix, args.bundle)
        results.append({"mode": "bundle", **r})
        print(f"[bundle] the dual simplex's objective {r['lp_objective']!r}; weights differ by at most "
              f"{r['max_abs_weight_difference']:.2e} (sum {r['sum_abs_weight_difference']:.2e})")
    for threshold in args.two_phase or []:
        for beta in args.extrapolate:
            for free in args.free_weights:
                r = replay_two_phase(args.mps, threshold, args.prefix, beta, free)
                results.append({"mode": "two-phase", **r})
                full_it = sum(x["full"]["simplex_iterations"] for x in r["rounds"])
                restricted_it = sum(x["restricted"]["simplex_iterations"] for x in r["rounds"])
                print(f"[two-phase {threshold}, extrapolate {beta}, free {free}] {len(r['rounds'])} rounds, "
                      f"LP total {r['total_s']:.3f}s ({sum(x['two_phase'] for x in r['rounds'])} two-phase, "
                      f"{restricted_it} restricted and {full_it} full-model iterations), "
                      f"objective {r['objective']!r}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
