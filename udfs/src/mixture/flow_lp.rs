//! The restricted mixture LP solved through its dual, which is a network flow with one side
//! constraint per category, by a primal simplex whose basis is a spanning tree plus a k × k
//! working basis (k categories).
//!
//! **The primal.** Every generated row is `Σ_i α_i x_i + a·c₁ + b·c₂ ≥ 0` over two of the
//! columns besides the weights (step slacks v_t, pair slacks u_p, range scores W_r; all ≥ 0).
//! Written with the potentials φ_v = v, φ_W = W and φ_u = −u, each row is a potential difference
//! `φ_head − φ_tail + Σ_i α_i x_i ≥ 0`, and the objective `Σ v + Σ u` is `Σ φ_v − Σ φ_u`.
//!
//! **The dual** has one flow y_r ≥ 0 per row, on an arc from its tail node to its head node,
//! and one free variable μ for `Σ α = 1`: maximise μ subject to
//! * per node j: net inflow ≤ 1 (steps), ≤ 0 (ranges), ≥ −1 (pairs), each with a slack column
//!   joining the node to a root;
//! * per category i: `Σ_r x_{r,i} y_r + μ + σ_i = 0` with σ_i ≥ 0.
//!
//! Its optimal duals are the primal's solution: the node potentials are φ and the side rows'
//! duals are α. A row added to the primal is a column (arc) added to the dual, at flow 0, so the
//! dual's basis stays primal feasible and the next solve continues from it: no phase 1, no repair.
//!
//! **The basis** of the dual's primal simplex is partitioned: a spanning tree of node columns
//! (one parent column per node: an arc, or the node's slack to the root) and k *key* columns (μ,
//! σ's, or network columns off the tree). With Π the node potentials' dependence on α (`Π[j]`
//! is a k-vector; a tree column makes its two ends' potentials differ by its α coefficients), a
//! column's *reduced side vector* is `r_q = s_q + Σ_{(j, a) ∈ network(q)} a · Π[j]`; the working
//! basis Q has the key columns' r as its columns. Then:
//! * α solves `Qᵀ α = c_K` (μ costs 1, everything else 0) and the potentials are `φ_j = Π[j]·α`;
//! * a column's reduced cost is `c_q − α·r_q`;
//! * the direction of an entering column is `x_K = Q⁻¹ r_q` on the key columns and, on the
//!   tree, the flow that carries the node excess `n_q − N_K x_K` to the root.
//!
//! So a pivot costs O(k²) plus tree paths and the potentials of a re-hung subtree, instead of
//! the dense LU updates a general simplex pays for the α columns' density.
//!
//! **The ratio test** is Harris's. Most pivots are degenerate, so many columns tie for leaving;
//! of those whose pivot element is not small, the one cheapest to take out leaves: a key column
//! (an O(k²) update), else the tree column with the smallest subtree (whose nodes' Π move), from
//! the subtree sizes kept per node. Where Harris's bound allows, every step moves the leaving
//! column by at least [`MIN_STEP`], so the objective rises and long degenerate runs end.

use super::FastMap;

/// A column of the restricted LP besides the weights: a node of the flow network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// Step slack v_t.
    Step(u32),
    /// Pair slack u_p.
    Pair(u32),
    /// Range score W_r (costless).
    Range(u32),
}

impl Column {
    /// The column's cost in the objective: 1 for a slack, 0 for a range score.
    pub fn cost(self) -> f64 {
        match self {
            Column::Step(_) | Column::Pair(_) => 1.0,
            Column::Range(_) => 0.0,
        }
    }
}

/// One solve's answer.
pub struct Solved {
    /// α, clipped at zero and renormalized.
    pub alpha: Vec<f64>,
    /// v_t by merge step.
    pub step_slacks: FastMap<u32, f64>,
    /// u_p by pair.
    pub pair_slacks: FastMap<u32, f64>,
    /// Σ v + Σ u.
    pub objective: f64,
    /// For each row, in the order added (deleted rows left out): whether it is not binding at
    /// this vertex (its dual flow is nonbasic at 0), so that it can be deleted.
    pub basic_rows: Vec<bool>,
    /// Simplex pivots in this solve.
    pub pivots: usize,
}

/// Parent of a root-attached node; also "no node" in the sibling lists.
const NONE: u32 = u32::MAX;
/// A direction entry smaller than this is zero in the ratio test.
const PIVOT_TOLERANCE: f64 = 1e-9;
/// Primal feasibility slack allowed by the ratio test (Harris's first pass).
const FEASIBILITY_TOLERANCE: f64 = 1e-10;
/// A column enters when its reduced cost exceeds this (the primal rows' violation tolerance).
const OPTIMALITY_TOLERANCE: f64 = 1e-9;
/// The least change of the leaving column's value in a pivot, where Harris's bound allows it (the
/// leaving column is then set to 0 from at least −MIN_STEP; the next refresh recomputes the
/// values from the right-hand sides). Degenerate pivots then still raise the objective a little,
/// which ends the long runs of them that stalled the first solve: 4,774 pivots instead of
/// 251,018 on the target-size input (BENCHMARKS.md), a step in the manner of Gill, Murray,
/// Saunders and Wright's EXPAND (1989) with a fixed tolerance.
const MIN_STEP: f64 = FEASIBILITY_TOLERANCE / 2.0;
/// Columns priced per block of partial pricing.
const PRICING_BLOCK: usize = 1024;
/// The most attractive columns a block scan keeps as candidates for the next pivots.
const CANDIDATES: usize = 32;
/// Pivots between recomputations of Q⁻¹ from scratch (it is updated by rank-one changes between).
const REINVERT_EVERY: usize = 100;
/// Pivots between recomputations of Π, Q⁻¹ and the basic values from scratch.
const REFRESH_EVERY: usize = 2000;
/// The ratio test takes the cheapest of the columns that reach zero within its bound whose pivot
/// element is at least this fraction of the largest such element (degenerate pivots have many).
const TIE_FRACTION: f64 = 0.1;
/// In a pivot whose entering column does not reconnect the tree, the key column that does is
/// swapped for it by an eta update when its entry of the entering column's direction is at least
/// this fraction of the largest entry; otherwise Q is inverted afresh.
const SWAP_PIVOT_FRACTION: f64 = 1e-3;
/// A solve that needs more pivots than this many per column is cycling: it fails.
const PIVOTS_PER_COLUMN: usize = 100;

/// A column of the dual.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    /// Side slack σ_i of category i.
    Sigma(u16),
    /// The free variable of `Σ α = 1`.
    Mu,
    /// Node j's slack, joining it to the root.
    Slack(u32),
    /// Row r's flow.
    Arc(u32),
}

/// A column's place in the basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    /// Nonbasic at 0.
    Lower,
    /// The parent column of a node of the tree.
    Tree,
    /// Key column in this slot of the working basis.
    Key(u16),
}

/// A node of the flow network: a step, pair or range column of the primal.
#[derive(Debug, Clone)]
struct Node {
    column: Column,
    /// Coefficient of the node's slack column: +1 (φ ≥ 0: steps, ranges) or −1 (pairs).
    slack_sign: f64,
    /// Right-hand side of the node's row: the primal cost of φ_j (1, 0 or −1).
    rhs: f64,
    parent_col: Col,
    /// Coefficient of the parent column at this node (±1).
    up: f64,
    slack_value: f64,
    slack_status: Status,
}

/// A node's place in the spanning tree, apart from [`Node`] so that walking a subtree reads
/// compact memory.
#[derive(Debug, Clone, Copy)]
struct Links {
    /// The node's parent ([`NONE`]: it hangs from the root).
    parent: u32,
    first_child: u32,
    next_sibling: u32,
    prev_sibling: u32,
    /// Nodes in the node's subtree, itself included.
    size: u32,
}

/// A generated row: the dual's arc from `tail` to `head`.
#[derive(Debug, Clone)]
struct Arc {
    tail: u32,
    head: u32,
    /// Range of its α coefficients in [`FlowLp::alpha`].
    alpha: (u32, u32),
    value: f64,
    status: Status,
}

/// The restricted LP as the dual network-flow problem, kept between solves.
pub struct FlowLp {
    k: usize,
    nodes: Vec<Node>,
    /// The tree's links, by node.
    links: Vec<Links>,
    node_of: FastMap<Column, u32>,
    /// First child of the root.
    root_child: u32,
    arcs: Vec<Arc>,
    alpha: Vec<(u16, f64)>,
    /// Π, k values per node.
    pi: Vec<f64>,
    sigma_value: Vec<f64>,
    sigma_status: Vec<Status>,
    mu_value: f64,
    mu_status: Status,
    /// The key column of each slot.
    key: Vec<Col>,
    /// Q⁻¹, row-major k × k.
    q_inverse: Vec<f64>,
    /// The side duals: the primal's weights.
    weights: Vec<f64>,
    /// Where partial pricing resumes.
    pricing_start: usize,
    /// Columns a block scan found attractive, re-priced before each pivot until none is.
    candidates: Vec<Col>,
    scratch: Scratch,
}

/// Reusable buffers of a pivot.
#[derive(Default)]
struct Scratch {
    stamp: Vec<u32>,
    now: u32,
    excess_sum: Vec<f64>,
    touched: Vec<u32>,
    excess: Vec<(u32, f64)>,
    stack: Vec<u32>,
    /// The nodes of the subtree a pivot cuts off, and their marks (`mark[j] == marked`).
    subtree: Vec<u32>,
    mark: Vec<u32>,
    marked: u32,
    /// What one solve's pivots did, for the trace.
    counts: PivotCounts,
}

/// What one solve's pivots did.
#[derive(Default)]
struct PivotCounts {
    /// Pivots whose leaving column was a key column.
    key_leaving: u64,
    /// Pivots whose leaving column was a tree column.
    tree_leaving: u64,
    /// Tree pivots whose entering column took a key slot instead of reconnecting the tree.
    swaps: u64,
    /// Swaps after which Q was inverted instead of updated.
    inverted: u64,
    /// Nodes of the subtrees the tree pivots re-hung.
    subtree_nodes: u64,
}

/// Why a solve failed.
fn numerical(what: &str) -> String {
    format!("the network LP solver lost numerical accuracy ({what})")
}

impl Scratch {
    fn is_marked(&self, j: u32) -> bool {
        self.mark[j as usize] == self.marked
    }
}

impl FlowLp {
    /// The LP with `categories` weights and no rows: the tree holds every node's slack (there are
    /// none yet) and the key columns are the σ's.
    pub fn new(categories: usize) -> Self {
        let k = categories;
        let mut q_inverse = vec![0.0; k * k];
        for i in 0..k {
            q_inverse[i * k + i] = 1.0;
        }
        Self {
            k,
            nodes: Vec::new(),
            links: Vec::new(),
            node_of: FastMap::default(),
            root_child: NONE,
            arcs: Vec::new(),
            alpha: Vec::new(),
            pi: Vec::new(),
            sigma_value: vec![0.0; k],
            sigma_status: (0..k).map(|i| Status::Key(i as u16)).collect(),
            mu_value: 0.0,
            mu_status: Status::Lower,
            key: (0..k).map(|i| Col::Sigma(i as u16)).collect(),
            q_inverse,
            weights: vec![0.0; k],
            pricing_start: 0,
            candidates: Vec::new(),
            scratch: Scratch::default(),
        }
    }

    /// Adds the row `Σ α_i x_i + Σ coefficient · column ≥ 0` (`alpha`: (category, x_i)) as an
    /// arc at flow 0. Its two columns must make a potential difference: after writing u_p as
    /// −φ_p, one coefficient +1 and the other −1.
    pub fn add_row(&mut self, alpha: &[(u16, f64)], columns: [(Column, f64); 2]) -> Result<(), String> {
        let signed = columns.map(|(column, x)| (self.node(column), x * sign(column)));
        let (head, tail) = match signed {
            [(a, x), (b, y)] if x == 1.0 && y == -1.0 => (a, b),
            [(a, x), (b, y)] if x == -1.0 && y == 1.0 => (b, a),
            _ => return Err(format!("the network LP solver cannot take the row {columns:?}: not a potential difference")),
        };
        let start = self.alpha.len() as u32;
        self.alpha.extend_from_slice(alpha);
        self.arcs.push(Arc { tail, head, alpha: (start, self.alpha.len() as u32), value: 0.0, status: Status::Lower });
        Ok(())
    }

    /// The node of a primal column, added on first use with its slack basic (joined to the root).
    fn node(&mut self, column: Column) -> u32 {
        if let Some(&j) = self.node_of.get(&column) {
            return j;
        }
        let j = self.nodes.len() as u32;
        let slack_sign = sign(column);
        let rhs = column.cost() * slack_sign;
        self.nodes.push(Node {
            column,
            slack_sign,
            rhs,
            parent_col: Col::Slack(j),
            up: slack_sign,
            slack_value: rhs * slack_sign,
            slack_status: Status::Tree,
        });
        self.links.push(Links { parent: NONE, first_child: NONE, next_sibling: NONE, prev_sibling: NONE, size: 1 });
        self.attach(j, NONE);
        self.pi.extend(std::iter::repeat_n(0.0, self.k));
        self.node_of.insert(column, j);
        j
    }

    /// Generated rows in the model.
    pub fn rows(&self) -> usize {
        self.arcs.len()
    }

    /// Solves from the current basis to optimality.
    pub fn solve(&mut self) -> Result<Solved, String> {
        self.refresh_potentials();
        self.rebuild_working_basis()?;
        self.refresh_values()?;
        let limit = PIVOTS_PER_COLUMN * (self.k + 1 + self.nodes.len() + self.arcs.len());
        let mut iterations = 0usize;
        let mut since_refresh = 0usize;
        self.scratch.counts = PivotCounts::default();
        loop {
            let Some(entering) = self.price() else {
                if since_refresh == 0 {
                    break;
                }
                // Optimal with updated factors: confirm it with fresh ones before stopping.
                self.refresh_all()?;
                since_refresh = 0;
                continue;
            };
            if iterations == limit {
                return Err(numerical(&format!("no optimum after {limit} pivots")));
            }
            self.pivot(entering)?;
            iterations += 1;
            since_refresh += 1;
            if iterations % REFRESH_EVERY == 0 {
                self.refresh_all()?;
                since_refresh = 0;
            } else if iterations % REINVERT_EVERY == 0 {
                self.rebuild_working_basis()?;
            }
        }
        if super::tracing() {
            let PivotCounts { key_leaving, tree_leaving, swaps, inverted, subtree_nodes } = self.scratch.counts;
            eprintln!(
                "infer_mixture: flow pivots {iterations}: key leaving {key_leaving}, tree leaving {tree_leaving} \
                 (swaps {swaps}, inverted {inverted}), subtree nodes {subtree_nodes} ({:.1} per tree pivot)",
                subtree_nodes as f64 / tree_leaving.max(1) as f64
            );
        }
        let k = self.k;
        let phi = |lp: &Self, j: usize| -> f64 { (0..k).map(|i| lp.pi[j * k + i] * lp.weights[i]).sum() };
        let mut step_slacks = FastMap::default();
        let mut pair_slacks = FastMap::default();
        let mut objective = 0.0;
        for (j, node) in self.nodes.iter().enumerate() {
            let value = phi(self, j);
            match node.column {
                Column::Step(t) => {
                    step_slacks.insert(t, value.max(0.0));
                    objective += value;
                }
                Column::Pair(p) => {
                    pair_slacks.insert(p, (-value).max(0.0));
                    objective -= value;
                }
                Column::Range(_) => {}
            }
        }
        let mut alpha: Vec<f64> = self.weights.iter().map(|a| a.max(0.0)).collect();
        let total: f64 = alpha.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            return Err(numerical("no weight is positive"));
        }
        alpha.iter_mut().for_each(|a| *a /= total);
        Ok(Solved {
            alpha,
            step_slacks,
            pair_slacks,
            objective,
            basic_rows: self.arcs.iter().map(|arc| arc.status == Status::Lower).collect(),
            pivots: iterations,
        })
    }

    /// Deletes rows by their positions among the rows present (ascending); each must be
    /// nonbasic ([`Solved::basic_rows`]).
    pub fn delete_rows(&mut self, positions: &[usize]) -> Result<(), String> {
        if positions.is_empty() {
            return Ok(());
        }
        debug_assert!(positions.windows(2).all(|w| w[0] < w[1]) && positions.last() < Some(&self.arcs.len()));
        let mut renumbered = vec![NONE; self.arcs.len()];
        let mut kept = Vec::with_capacity(self.arcs.len() - positions.len());
        let mut alpha = Vec::with_capacity(self.alpha.len());
        let mut deleted = positions.iter().peekable();
        for (r, arc) in self.arcs.iter().enumerate() {
            if deleted.next_if_eq(&&r).is_some() {
                if arc.status != Status::Lower {
                    return Err(format!("the network LP solver cannot delete row {r}: it is basic"));
                }
                continue;
            }
            renumbered[r] = kept.len() as u32;
            let start = alpha.len() as u32;
            alpha.extend_from_slice(&self.alpha[arc.alpha.0 as usize..arc.alpha.1 as usize]);
            kept.push(Arc { alpha: (start, alpha.len() as u32), ..arc.clone() });
        }
        self.arcs = kept;
        self.alpha = alpha;
        for node in &mut self.nodes {
            if let Col::Arc(r) = node.parent_col {
                node.parent_col = Col::Arc(renumbered[r as usize]);
            }
        }
        for key in &mut self.key {
            if let Col::Arc(r) = *key {
                *key = Col::Arc(renumbered[r as usize]);
            }
        }
        self.pricing_start = 0;
        self.candidates.clear();
        Ok(())
    }

    fn arc_alpha(&self, r: u32) -> &[(u16, f64)] {
        let (a, b) = self.arcs[r as usize].alpha;
        &self.alpha[a as usize..b as usize]
    }

    fn pi_row(&self, j: u32) -> &[f64] {
        &self.pi[j as usize * self.k..(j as usize + 1) * self.k]
    }

    /// The column's entries in the node rows (node, coefficient).
    fn network(&self, col: Col) -> ([(u32, f64); 2], usize) {
        match col {
            Col::Sigma(_) | Col::Mu => ([(0, 0.0); 2], 0),
            Col::Slack(j) => ([(j, self.nodes[j as usize].slack_sign), (0, 0.0)], 1),
            Col::Arc(r) => {
                let arc = &self.arcs[r as usize];
                ([(arc.head, 1.0), (arc.tail, -1.0)], 2)
            }
        }
    }

    fn value(&self, col: Col) -> f64 {
        match col {
            Col::Sigma(i) => self.sigma_value[i as usize],
            Col::Mu => self.mu_value,
            Col::Slack(j) => self.nodes[j as usize].slack_value,
            Col::Arc(r) => self.arcs[r as usize].value,
        }
    }

    fn set_value(&mut self, col: Col, value: f64) {
        match col {
            Col::Sigma(i) => self.sigma_value[i as usize] = value,
            Col::Mu => self.mu_value = value,
            Col::Slack(j) => self.nodes[j as usize].slack_value = value,
            Col::Arc(r) => self.arcs[r as usize].value = value,
        }
    }

    fn set_status(&mut self, col: Col, status: Status) {
        match col {
            Col::Sigma(i) => self.sigma_status[i as usize] = status,
            Col::Mu => self.mu_status = status,
            Col::Slack(j) => self.nodes[j as usize].slack_status = status,
            Col::Arc(r) => self.arcs[r as usize].status = status,
        }
    }

    /// `r_q = s_q + Σ a · Π[j]` into `out`.
    fn reduced_side(&self, col: Col, out: &mut [f64]) {
        out.fill(0.0);
        match col {
            Col::Sigma(i) => out[i as usize] = 1.0,
            Col::Mu => out.fill(1.0),
            Col::Slack(_) | Col::Arc(_) => {}
        }
        if let Col::Arc(r) = col {
            for &(i, x) in self.arc_alpha(r) {
                out[i as usize] += x;
            }
        }
        let (entries, n) = self.network(col);
        for &(j, a) in &entries[..n] {
            for (o, p) in out.iter_mut().zip(self.pi_row(j)) {
                *o += a * p;
            }
        }
    }

    /// The reduced cost `c_q − α·r_q` of a nonbasic column.
    fn reduced_cost(&self, col: Col) -> f64 {
        let w = &self.weights;
        let dot = |j: u32| -> f64 { self.pi_row(j).iter().zip(w).map(|(p, a)| p * a).sum() };
        match col {
            Col::Sigma(i) => -w[i as usize],
            Col::Mu => 1.0 - w.iter().sum::<f64>(),
            Col::Slack(j) => -self.nodes[j as usize].slack_sign * dot(j),
            Col::Arc(r) => {
                let arc = &self.arcs[r as usize];
                let side: f64 = self.arc_alpha(r).iter().map(|&(i, x)| x * w[i as usize]).sum();
                -(side + dot(arc.head) - dot(arc.tail))
            }
        }
    }

    fn status(&self, col: Col) -> Status {
        match col {
            Col::Sigma(i) => self.sigma_status[i as usize],
            Col::Mu => self.mu_status,
            Col::Slack(j) => self.nodes[j as usize].slack_status,
            Col::Arc(r) => self.arcs[r as usize].status,
        }
    }

    /// The column at position `p` of the pricing order: σ's, μ, node slacks, arcs.
    fn column_at(&self, p: usize) -> Col {
        let k = self.k;
        let n = self.nodes.len();
        if p < k {
            Col::Sigma(p as u16)
        } else if p == k {
            Col::Mu
        } else if p < k + 1 + n {
            Col::Slack((p - k - 1) as u32)
        } else {
            Col::Arc((p - k - 1 - n) as u32)
        }
    }

    /// Partial pricing: the most attractive of the candidates a block scan kept, re-priced; when
    /// none is attractive any more, the next block (from where the last scan stopped) that has an
    /// attractive column refills them. `None` when no column has a positive reduced cost.
    fn price(&mut self) -> Option<Col> {
        let mut candidates = std::mem::take(&mut self.candidates);
        let mut best: Option<(f64, Col)> = None;
        candidates.retain(|&col| {
            if self.status(col) != Status::Lower {
                return false;
            }
            let d = self.reduced_cost(col);
            if d > OPTIMALITY_TOLERANCE && best.is_none_or(|(b, _)| d > b) {
                best = Some((d, col));
            }
            d > OPTIMALITY_TOLERANCE
        });
        if best.is_none() {
            let total = self.k + 1 + self.nodes.len() + self.arcs.len();
            let mut found: Vec<(f64, Col)> = Vec::new();
            let mut p = self.pricing_start % total;
            for scanned in 0..total {
                let col = self.column_at(p);
                if self.status(col) == Status::Lower {
                    let d = self.reduced_cost(col);
                    if d > OPTIMALITY_TOLERANCE {
                        found.push((d, col));
                    }
                }
                p = if p + 1 == total { 0 } else { p + 1 };
                if (scanned + 1) % PRICING_BLOCK == 0 && !found.is_empty() {
                    break;
                }
            }
            self.pricing_start = p;
            if found.len() > CANDIDATES {
                found.select_nth_unstable_by(CANDIDATES - 1, |a, b| b.0.total_cmp(&a.0));
                found.truncate(CANDIDATES);
            }
            best = found.iter().copied().max_by(|a, b| a.0.total_cmp(&b.0));
            candidates = found.into_iter().map(|(_, col)| col).collect();
        }
        self.candidates = candidates;
        best.map(|(_, col)| col)
    }

    /// One simplex step with `entering`: ratio test, values, basis change.
    fn pivot(&mut self, entering: Col) -> Result<(), String> {
        let k = self.k;
        let mut r = vec![0.0; k];
        self.reduced_side(entering, &mut r);
        let x_key: Vec<f64> =
            (0..k).map(|c| (0..k).map(|i| self.q_inverse[c * k + i] * r[i]).sum()).collect();
        // The node excess the tree must carry, then its flows: the parent column of node z
        // changes by `up[z] · (excess of z's subtree)` per unit of the entering column.
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.excess.clear();
        let (entries, n) = self.network(entering);
        scratch.excess.extend_from_slice(&entries[..n]);
        for (c, &xc) in x_key.iter().enumerate() {
            if xc != 0.0 {
                let (entries, n) = self.network(self.key[c]);
                scratch.excess.extend(entries[..n].iter().map(|&(j, a)| (j, -a * xc)));
            }
        }
        self.tree_flows(&mut scratch);
        // Harris's ratio test over the basic columns that move, each with the cost of taking it
        // out of the basis: 0 for a key column (an O(k²) update), else its subtree's size (the
        // nodes whose Π move).
        let mut bound = f64::INFINITY;
        let candidates = scratch
            .touched
            .iter()
            .map(|&z| {
                let node = &self.nodes[z as usize];
                (node.parent_col, node.up * scratch.excess_sum[z as usize], self.links[z as usize].size)
            })
            .chain(self.key.iter().zip(&x_key).map(|(&c, &x)| (c, x, 0)))
            .filter(|&(col, x, _)| col != Col::Mu && x > PIVOT_TOLERANCE);
        for (col, x, _) in candidates.clone() {
            bound = bound.min((self.value(col) + FEASIBILITY_TOLERANCE).max(0.0) / x);
        }
        if bound == f64::INFINITY {
            self.scratch = scratch;
            return Err(numerical("no column bounds the step"));
        }
        let within = candidates.filter(|&(col, x, _)| self.value(col).max(0.0) / x <= bound);
        let largest = within.clone().fold(0.0f64, |largest, (_, x, _)| largest.max(x));
        // The cheapest of those whose pivot element is not small next to the largest one.
        let floor = TIE_FRACTION * largest;
        let mut leaving: Option<(Col, f64, u32)> = None;
        for (col, x, cost) in within {
            if x >= floor && leaving.is_none_or(|(_, best_x, best_cost)| (cost, -x) < (best_cost, -best_x)) {
                leaving = Some((col, x, cost));
            }
        }
        let (leaving, x_leaving, _) = leaving.expect("the bound comes from a candidate");
        // At least a step that moves the leaving column by MIN_STEP (within Harris's bound, which
        // keeps every value at or above −FEASIBILITY_TOLERANCE), so that the objective rises.
        let step = (self.value(leaving).max(0.0) / x_leaving).max((MIN_STEP / x_leaving).min(bound));
        for &z in &scratch.touched {
            let node = &self.nodes[z as usize];
            let col = node.parent_col;
            let moved = self.value(col) - step * node.up * scratch.excess_sum[z as usize];
            self.set_value(col, moved);
        }
        for c in 0..k {
            let col = self.key[c];
            let moved = self.value(col) - step * x_key[c];
            self.set_value(col, moved);
        }
        self.set_value(entering, step);
        self.set_value(leaving, 0.0);
        let result = self.change_basis(entering, leaving, &x_key, &mut scratch);
        self.scratch = scratch;
        result
    }

    /// Accumulates, for every node on a path from an excess to the root, its subtree's excess
    /// (`excess_sum`, nodes listed in `touched`).
    fn tree_flows(&self, scratch: &mut Scratch) {
        let n = self.nodes.len();
        if scratch.stamp.len() < n {
            scratch.stamp.resize(n, 0);
            scratch.excess_sum.resize(n, 0.0);
        }
        scratch.now = scratch.now.wrapping_add(1);
        if scratch.now == 0 {
            scratch.stamp.fill(0);
            scratch.now = 1;
        }
        scratch.touched.clear();
        for &(j, e) in &scratch.excess {
            let mut z = j;
            while z != NONE {
                if scratch.stamp[z as usize] != scratch.now {
                    scratch.stamp[z as usize] = scratch.now;
                    scratch.excess_sum[z as usize] = 0.0;
                    scratch.touched.push(z);
                }
                scratch.excess_sum[z as usize] += e;
                z = self.links[z as usize].parent;
            }
        }
    }

    /// Swaps `leaving` out of the basis for `entering`, keeping the tree spanning, and updates
    /// Q⁻¹ and the weights by rank-one changes.
    fn change_basis(&mut self, entering: Col, leaving: Col, x_key: &[f64], scratch: &mut Scratch) -> Result<(), String> {
        match self.status(leaving) {
            Status::Key(slot) => {
                scratch.counts.key_leaving += 1;
                self.key[slot as usize] = entering;
                self.set_status(entering, Status::Key(slot));
                self.set_status(leaving, Status::Lower);
                self.replace_key_column(slot as usize, x_key)?;
            }
            Status::Tree => {
                let z = self.tree_node_of(leaving);
                self.mark_subtree(z, scratch);
                scratch.counts.tree_leaving += 1;
                scratch.counts.subtree_nodes += scratch.subtree.len() as u64;
                let (entries, n) = self.network(entering);
                let crossing = |entries: &[(u32, f64)]| -> Option<usize> {
                    let inside: Vec<bool> = entries.iter().map(|&(j, _)| scratch.is_marked(j)).collect();
                    match entries.len() {
                        1 if inside[0] => Some(0),
                        2 if inside[0] != inside[1] => Some(if inside[0] { 0 } else { 1 }),
                        _ => None,
                    }
                };
                let (tree_col, entries, at, inverted) = if let Some(at) = crossing(&entries[..n]) {
                    (entering, entries[..n].to_vec(), at, false)
                } else {
                    let mut best: Option<(usize, Vec<(u32, f64)>, usize)> = None;
                    for c in 0..self.k {
                        let (entries, n) = self.network(self.key[c]);
                        if let Some(at) = crossing(&entries[..n])
                            && best.as_ref().is_none_or(|(b, _, _)| x_key[c].abs() > x_key[*b].abs())
                        {
                            best = Some((c, entries[..n].to_vec(), at));
                        }
                    }
                    let (c, entries, at) = best.ok_or_else(|| numerical("no column reconnects the tree"))?;
                    let tree_col = self.key[c];
                    self.key[c] = entering;
                    self.set_status(entering, Status::Key(c as u16));
                    // The entering column takes the key slot of the column that reconnects the
                    // tree: an eta update, then the tree change below as for any tree pivot. The
                    // intermediate basis (old tree, new keys) is near singular when its pivot
                    // element is small even if the new basis is not: then Q is inverted afresh.
                    let largest = x_key.iter().fold(0.0f64, |m, x| m.max(x.abs()));
                    let stable = x_key[c].abs() >= (SWAP_PIVOT_FRACTION * largest).max(1e-11);
                    scratch.counts.swaps += 1;
                    scratch.counts.inverted += u64::from(!stable);
                    if stable {
                        self.replace_key_column(c, x_key)?;
                    }
                    (tree_col, entries, at, !stable)
                };
                self.set_status(tree_col, Status::Tree);
                self.set_status(leaving, Status::Lower);
                let (a, up_a) = entries[at];
                let b = if entries.len() == 2 { entries[1 - at].0 } else { NONE };
                let delta = self.rehang(z, a, b, tree_col, up_a, scratch);
                if inverted {
                    return self.rebuild_working_basis();
                }
                let scratch = &*scratch;
                // The re-hung subtree's Π moved by δ, so each key column with one end in it has
                // its r moved by ±δ: Q' = Q + δ wᵀ.
                let w: Vec<f64> = self
                    .key
                    .iter()
                    .map(|&col| {
                        let (entries, n) = self.network(col);
                        entries[..n].iter().filter(|&&(j, _)| scratch.is_marked(j)).map(|&(_, c)| c).sum()
                    })
                    .collect();
                self.add_rank_one(&delta, &w)?;
            }
            Status::Lower => return Err(numerical("the leaving column is not basic")),
        }
        self.update_weights();
        Ok(())
    }

    /// Q⁻¹ after the key column of `slot` is replaced by a column with `Q⁻¹ r = y` (the product
    /// form's eta update).
    fn replace_key_column(&mut self, slot: usize, y: &[f64]) -> Result<(), String> {
        let k = self.k;
        let pivot = y[slot];
        if pivot.abs() < 1e-11 {
            return self.rebuild_working_basis();
        }
        let row: Vec<f64> = self.q_inverse[slot * k..(slot + 1) * k].iter().map(|v| v / pivot).collect();
        for i in 0..k {
            if i != slot && y[i] != 0.0 {
                for (q, r) in self.q_inverse[i * k..(i + 1) * k].iter_mut().zip(&row) {
                    *q -= y[i] * r;
                }
            }
        }
        self.q_inverse[slot * k..(slot + 1) * k].copy_from_slice(&row);
        Ok(())
    }

    /// Q⁻¹ after Q changes by `δ wᵀ` (Sherman–Morrison).
    fn add_rank_one(&mut self, delta: &[f64], w: &[f64]) -> Result<(), String> {
        let k = self.k;
        if w.iter().all(|&x| x == 0.0) || delta.iter().all(|&x| x == 0.0) {
            return Ok(());
        }
        let q = &self.q_inverse;
        let u: Vec<f64> = (0..k).map(|c| (0..k).map(|i| q[c * k + i] * delta[i]).sum()).collect();
        let v: Vec<f64> = (0..k).map(|i| (0..k).map(|c| w[c] * q[c * k + i]).sum()).collect();
        let denominator = 1.0 + w.iter().zip(&u).map(|(a, b)| a * b).sum::<f64>();
        if denominator.abs() < 1e-11 {
            return self.rebuild_working_basis();
        }
        for c in 0..k {
            let f = u[c] / denominator;
            if f != 0.0 {
                for (q, v) in self.q_inverse[c * k..(c + 1) * k].iter_mut().zip(&v) {
                    *q -= f * v;
                }
            }
        }
        Ok(())
    }

    /// The weights `α = Q⁻ᵀ c_K`: the row of Q⁻¹ of μ's slot (zero while μ is nonbasic).
    fn update_weights(&mut self) {
        let k = self.k;
        self.weights.fill(0.0);
        if let Status::Key(slot) = self.mu_status {
            let slot = slot as usize;
            self.weights.copy_from_slice(&self.q_inverse[slot * k..(slot + 1) * k]);
        }
    }

    /// The node whose parent column is `col` (a tree column).
    fn tree_node_of(&self, col: Col) -> u32 {
        match col {
            Col::Slack(j) => j,
            Col::Arc(r) => {
                let arc = &self.arcs[r as usize];
                if self.nodes[arc.head as usize].parent_col == col { arc.head } else { arc.tail }
            }
            Col::Sigma(_) | Col::Mu => unreachable!("σ and μ are never tree columns"),
        }
    }

    /// Lists and marks the nodes of `z`'s subtree in `scratch`.
    fn mark_subtree(&self, z: u32, scratch: &mut Scratch) {
        if scratch.mark.len() < self.nodes.len() {
            scratch.mark.resize(self.nodes.len(), 0);
        }
        scratch.marked = scratch.marked.wrapping_add(1);
        if scratch.marked == 0 {
            scratch.mark.fill(0);
            scratch.marked = 1;
        }
        scratch.subtree.clear();
        scratch.stack.clear();
        scratch.stack.push(z);
        while let Some(j) = scratch.stack.pop() {
            scratch.mark[j as usize] = scratch.marked;
            scratch.subtree.push(j);
            let mut c = self.links[j as usize].first_child;
            while c != NONE {
                scratch.stack.push(c);
                c = self.links[c as usize].next_sibling;
            }
        }
    }

    fn detach(&mut self, j: u32) {
        let Links { parent, prev_sibling: prev, next_sibling: next, .. } = self.links[j as usize];
        if prev == NONE {
            if parent == NONE {
                self.root_child = next;
            } else {
                self.links[parent as usize].first_child = next;
            }
        } else {
            self.links[prev as usize].next_sibling = next;
        }
        if next != NONE {
            self.links[next as usize].prev_sibling = prev;
        }
    }

    /// Makes `j` the first child of `parent` (`NONE`: the root); `j.parent` must already say so.
    fn attach(&mut self, j: u32, parent: u32) {
        let first = if parent == NONE { self.root_child } else { self.links[parent as usize].first_child };
        {
            let links = &mut self.links[j as usize];
            links.prev_sibling = NONE;
            links.next_sibling = first;
        }
        if first != NONE {
            self.links[first as usize].prev_sibling = j;
        }
        if parent == NONE {
            self.root_child = j;
        } else {
            self.links[parent as usize].first_child = j;
        }
    }

    /// Cuts node `z`'s subtree (listed by [`Self::mark_subtree`]) off, re-roots it at its node `a`
    /// and hangs it under `b` (`NONE`: the root) by `col`, whose coefficient at `a` is `up_a`. The
    /// subtree keeps its own arcs, so its Π moves by one vector δ, which is returned.
    fn rehang(&mut self, z: u32, a: u32, b: u32, col: Col, up_a: f64, scratch: &mut Scratch) -> Vec<f64> {
        let mut path = vec![a];
        while *path.last().expect("non-empty") != z {
            let last = *path.last().expect("non-empty");
            path.push(self.links[last as usize].parent);
        }
        // Subtree sizes: z's old ancestors lose its nodes and b's ancestors gain them; along the
        // re-rooted path, each node keeps its old subtree but the part below it on the path, and
        // gains the part above it.
        let moved = self.links[z as usize].size;
        self.add_to_ancestors(self.links[z as usize].parent, moved.wrapping_neg());
        for i in (1..path.len()).rev() {
            let above = if i + 1 < path.len() { self.links[path[i + 1] as usize].size } else { 0 };
            let below = self.links[path[i - 1] as usize].size;
            let links = &mut self.links[path[i] as usize];
            links.size = links.size - below + above;
        }
        self.links[a as usize].size = moved;
        for &w in &path {
            self.detach(w);
        }
        let old: Vec<(Col, f64)> = path.iter().map(|&w| (self.nodes[w as usize].parent_col, self.nodes[w as usize].up)).collect();
        for i in 1..path.len() {
            let (w, below) = (path[i], path[i - 1]);
            self.links[w as usize].parent = below;
            let node = &mut self.nodes[w as usize];
            node.parent_col = old[i - 1].0;
            node.up = -old[i - 1].1;
        }
        {
            self.links[a as usize].parent = b;
            let node = &mut self.nodes[a as usize];
            node.parent_col = col;
            node.up = up_a;
        }
        for i in (1..path.len()).rev() {
            self.attach(path[i], path[i - 1]);
        }
        self.attach(a, b);
        self.add_to_ancestors(b, moved);
        let k = self.k;
        let before = self.pi_row(a).to_vec();
        self.set_potential(a);
        let delta: Vec<f64> = self.pi_row(a).iter().zip(&before).map(|(x, y)| x - y).collect();
        for &j in scratch.subtree.iter().filter(|&&j| j != a) {
            for (p, d) in self.pi[j as usize * k..(j as usize + 1) * k].iter_mut().zip(&delta) {
                *p += d;
            }
        }
        delta
    }

    /// Adds `count` (wrapping) to the subtree size of `j` and of each of its ancestors.
    fn add_to_ancestors(&mut self, mut j: u32, count: u32) {
        while j != NONE {
            let links = &mut self.links[j as usize];
            links.size = links.size.wrapping_add(count);
            j = links.parent;
        }
    }

    /// Recomputes Π of node `top` and everything below it from its parent's.
    fn update_potentials_below(&mut self, top: u32, scratch: &mut Scratch) {
        scratch.stack.clear();
        scratch.stack.push(top);
        while let Some(j) = scratch.stack.pop() {
            self.set_potential(j);
            let mut c = self.links[j as usize].first_child;
            while c != NONE {
                scratch.stack.push(c);
                c = self.links[c as usize].next_sibling;
            }
        }
    }

    /// Π[j] from its parent column: 0 under the root; across an arc, the parent's Π minus
    /// `up · x` (the arc's α coefficients).
    fn set_potential(&mut self, j: u32) {
        let k = self.k;
        let node = &self.nodes[j as usize];
        let start = j as usize * k;
        match node.parent_col {
            Col::Arc(r) => {
                let (p, up) = (self.links[j as usize].parent as usize, node.up);
                let (a, b) = self.arcs[r as usize].alpha;
                for i in 0..k {
                    self.pi[start + i] = self.pi[p * k + i];
                }
                for &(i, x) in &self.alpha[a as usize..b as usize] {
                    self.pi[start + i as usize] -= up * x;
                }
            }
            _ => self.pi[start..start + k].fill(0.0),
        }
    }

    /// Π of every node, from the root down.
    fn refresh_potentials(&mut self) {
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut c = self.root_child;
        while c != NONE {
            self.update_potentials_below(c, &mut scratch);
            c = self.links[c as usize].next_sibling;
        }
        self.scratch = scratch;
    }

    /// Π, Q⁻¹, the weights and the basic values, all from scratch.
    fn refresh_all(&mut self) -> Result<(), String> {
        self.refresh_potentials();
        self.rebuild_working_basis()?;
        self.refresh_values()
    }

    /// Q from the key columns and Π, its inverse, and the weights.
    fn rebuild_working_basis(&mut self) -> Result<(), String> {
        let k = self.k;
        let mut q = vec![0.0; k * k];
        let mut column = vec![0.0; k];
        for c in 0..k {
            self.reduced_side(self.key[c], &mut column);
            for i in 0..k {
                q[i * k + c] = column[i];
            }
        }
        self.q_inverse = invert(&q, k).ok_or_else(|| numerical("the working basis is singular"))?;
        self.update_weights();
        if self.weights.iter().all(|w| w.is_finite()) { Ok(()) } else { Err(numerical("a weight is not finite")) }
    }

    /// Recomputes the basic values from the right-hand sides (nonbasic columns are 0): the key
    /// columns from `Q x_K = Σ_j rhs_j Π[j]`, then the tree's flows from the node excesses
    /// `rhs − N_K x_K`.
    fn refresh_values(&mut self) -> Result<(), String> {
        let k = self.k;
        let mut side = vec![0.0; k];
        for (j, node) in self.nodes.iter().enumerate() {
            if node.rhs != 0.0 {
                for (s, p) in side.iter_mut().zip(&self.pi[j * k..(j + 1) * k]) {
                    *s += node.rhs * p;
                }
            }
        }
        let x_key: Vec<f64> = (0..k).map(|c| (0..k).map(|i| self.q_inverse[c * k + i] * side[i]).sum()).collect();
        let mut excess: Vec<f64> = self.nodes.iter().map(|node| node.rhs).collect();
        for (c, &x) in x_key.iter().enumerate() {
            let col = self.key[c];
            self.set_value(col, x);
            let (entries, n) = self.network(col);
            for &(j, a) in &entries[..n] {
                excess[j as usize] -= a * x;
            }
        }
        // Children before parents: a reversed pre-order.
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack = Vec::new();
        let mut c = self.root_child;
        while c != NONE {
            stack.push(c);
            c = self.links[c as usize].next_sibling;
        }
        while let Some(j) = stack.pop() {
            order.push(j);
            let mut c = self.links[j as usize].first_child;
            while c != NONE {
                stack.push(c);
                c = self.links[c as usize].next_sibling;
            }
        }
        if order.len() != self.nodes.len() {
            return Err(numerical("the tree does not span the nodes"));
        }
        for &j in order.iter().rev() {
            let node = &self.nodes[j as usize];
            let value = node.up * excess[j as usize];
            let (parent, col) = (self.links[j as usize].parent, node.parent_col);
            if parent != NONE {
                excess[parent as usize] += excess[j as usize];
            }
            self.set_value(col, value);
        }
        Ok(())
    }
}

/// The node sign of a primal column: φ = column for steps and ranges, φ = −u for pairs.
fn sign(column: Column) -> f64 {
    match column {
        Column::Pair(_) => -1.0,
        Column::Step(_) | Column::Range(_) => 1.0,
    }
}

/// The inverse of the row-major k × k matrix `a` by Gauss–Jordan elimination with partial
/// pivoting; `None` when it is singular.
fn invert(a: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut m = a.to_vec();
    let mut inv = vec![0.0; k * k];
    for i in 0..k {
        inv[i * k + i] = 1.0;
    }
    for col in 0..k {
        let pivot = (col..k).max_by(|&x, &y| m[x * k + col].abs().total_cmp(&m[y * k + col].abs()))?;
        if m[pivot * k + col].abs() < 1e-13 {
            return None;
        }
        if pivot != col {
            for j in 0..k {
                m.swap(pivot * k + j, col * k + j);
                inv.swap(pivot * k + j, col * k + j);
            }
        }
        let d = 1.0 / m[col * k + col];
        for j in 0..k {
            m[col * k + j] *= d;
            inv[col * k + j] *= d;
        }
        for row in 0..k {
            if row != col {
                let f = m[row * k + col];
                if f != 0.0 {
                    for j in 0..k {
                        m[row * k + j] -= f * m[col * k + j];
                        inv[row * k + j] -= f * inv[col * k + j];
                    }
                }
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::super::restricted_lp::RestrictedLp;
    use super::*;
    use crate::minhash::signature::splitmix64;

    /// A reproducible random stream (the MinHash seeds' generator).
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> u64 {
            splitmix64(&mut self.0)
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }

        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Up to `k` random α coefficients of one sign.
    fn coefficients(random: &mut Random, k: usize, sign: f64) -> Vec<(u16, f64)> {
        let mut out = Vec::new();
        for i in 0..k as u16 {
            if random.below(3) > 0 {
                out.push((i, sign * random.unit()));
            }
        }
        out
    }

    /// A row of the engine's four kinds: paper row, cut, leaf or edge.
    fn random_row(random: &mut Random, k: usize) -> (Vec<(u16, f64)>, [(Column, f64); 2]) {
        let step = Column::Step(random.below(12) as u32);
        let pair = Column::Pair(random.below(15) as u32);
        let range = Column::Range(random.below(6) as u32);
        match random.below(4) {
            0 => {
                let mut alpha = coefficients(random, k, 1.0);
                alpha.iter_mut().for_each(|(_, x)| *x -= 0.5);
                (alpha, [(step, 1.0), (pair, 1.0)])
            }
            1 => (coefficients(random, k, -1.0), [(range, 1.0), (pair, 1.0)]),
            2 => (coefficients(random, k, 1.0), [(step, 1.0), (range, -1.0)]),
            _ => (Vec::new(), [(Column::Range(6 + random.below(6) as u32), 1.0), (range, -1.0)]),
        }
    }

    /// Every row, node bound and weight of the flow model's solution holds within `tolerance`,
    /// and every node's subtree size is its subtree's.
    fn assert_feasible(lp: &FlowLp, tolerance: f64) {
        let k = lp.k;
        let phi: Vec<f64> =
            (0..lp.nodes.len()).map(|j| (0..k).map(|i| lp.pi[j * k + i] * lp.weights[i]).sum()).collect();
        for (r, arc) in lp.arcs.iter().enumerate() {
            let side: f64 = lp.arc_alpha(r as u32).iter().map(|&(i, x)| x * lp.weights[i as usize]).sum();
            let activity = phi[arc.head as usize] - phi[arc.tail as usize] + side;
            assert!(activity >= -tolerance, "row {r}: {activity}");
        }
        for (j, node) in lp.nodes.iter().enumerate() {
            assert!(node.slack_sign * phi[j] >= -tolerance, "node {j}: {}", phi[j]);
        }
        assert!(lp.weights.iter().all(|&a| a >= -tolerance), "{:?}", lp.weights);
        let mut sizes = vec![1u32; lp.nodes.len()];
        let mut order: Vec<u32> = (0..lp.nodes.len() as u32).collect();
        let depth = |mut j: u32| {
            let mut d = 0;
            while lp.links[j as usize].parent != NONE {
                j = lp.links[j as usize].parent;
                d += 1;
            }
            d
        };
        order.sort_by_key(|&j| std::cmp::Reverse(depth(j)));
        for j in order {
            let parent = lp.links[j as usize].parent;
            assert_eq!(lp.links[j as usize].size, sizes[j as usize], "subtree size of node {j}");
            if parent != NONE {
                sizes[parent as usize] += sizes[j as usize];
            }
        }
        assert!((lp.weights.iter().sum::<f64>() - 1.0).abs() < tolerance);
    }

    /// Random models of the engine's row kinds, grown over several solves with idle rows
    /// deleted between them: the optimum equals HiGHS's on the same rows every time, and the
    /// solution is feasible.
    #[test]
    fn equals_highs_on_random_growing_models() {
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        for trial in 0..60 {
            let k = 2 + trial % 5;
            let mut flow = FlowLp::new(k);
            let mut highs = RestrictedLp::new(k, usize::MAX);
            for round in 0..5 {
                for _ in 0..1 + random.below(25) {
                    let (alpha, columns) = random_row(&mut random, k);
                    flow.add_row(&alpha, columns).unwrap();
                    highs.add_row(&alpha, columns);
                }
                let ours = flow.solve().unwrap();
                let theirs = highs.solve().unwrap();
                let scale = 1.0f64.max(theirs.objective.abs());
                assert!(
                    (ours.objective - theirs.objective).abs() <= 1e-8 * scale,
                    "trial {trial} round {round}: {} against {}",
                    ours.objective,
                    theirs.objective
                );
                assert_feasible(&flow, 1e-8);
                let idle: Vec<usize> = (0..ours.basic_rows.len())
                    .filter(|&r| ours.basic_rows[r] && theirs.basic_rows[r] && random.below(2) == 0)
                    .collect();
                flow.delete_rows(&idle).unwrap();
                highs.delete_rows(&idle).unwrap();
            }
        }
    }

    #[test]
    fn rejects_a_row_that_is_not_a_potential_difference() {
        let mut lp = FlowLp::new(2);
        let error = lp.add_row(&[], [(Column::Step(0), 1.0), (Column::Range(1), 1.0)]).unwrap_err();
        assert!(error.contains("not a potential difference"), "{error}");
    }

    #[test]
    fn inverts_a_matrix_and_detects_singularity() {
        let a = [2.0, 1.0, 1.0, 3.0];
        let inv = invert(&a, 2).unwrap();
        let expected = [0.6, -0.2, -0.2, 0.4];
        assert!(inv.iter().zip(expected).all(|(x, y)| (x - y).abs() < 1e-12), "{inv:?}");
        assert!(invert(&[1.0, 2.0, 2.0, 4.0], 2).is_none());
    }
}
