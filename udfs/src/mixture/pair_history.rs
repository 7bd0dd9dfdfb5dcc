//! Each pair's per-category counts through the merge steps, grouped by pair once per solve: the
//! runs of steps over which a pair's counts stay the same (the ranges of the LP's cuts), and the
//! counts themselves, which a sweep of the LP ([`super::solver`]) rebuilds for only the pairs it
//! examines instead of keeping every pair's counts current.

use super::FastMap;
use super::solver::CountTable;

/// Each pair's counts before the first merge, their changes in step order, and the steps at which
/// they may change, grouped by pair.
pub(super) struct PairHistory {
    /// `initial[initial_starts[p]..initial_starts[p + 1]]`: pair p's (category, count).
    initial_starts: Vec<usize>,
    initial: Vec<(u16, f64)>,
    /// `deltas[delta_starts[p]..delta_starts[p + 1]]`: pair p's (step, category, change).
    delta_starts: Vec<usize>,
    deltas: Vec<(u32, u16, f64)>,
    /// `change_steps[change_starts[p]..change_starts[p + 1]]`: the steps, ascending, at which pair
    /// p's counts may differ from the step before (a merge changed them at the step before, or p
    /// is the merge itself at this step or the one before). Between two of them p competes with
    /// the same counts.
    change_starts: Vec<usize>,
    change_steps: Vec<u32>,
}

impl PairHistory {
    pub(super) fn new(table: &CountTable) -> Self {
        let initial_starts = starts(table.pairs, table.initial.iter().map(|&(pair, _, _)| pair));
        let initial = grouped(&initial_starts, table.initial.iter().map(|&(pair, cat, count)| (pair, (cat, count))));
        let delta_starts = starts(table.pairs, table.deltas.iter().map(|&(pair, _, _)| pair));
        let deltas = grouped(
            &delta_starts,
            (0..table.merges.len()).flat_map(|t| {
                table.deltas[table.step_offsets[t]..table.step_offsets[t + 1]]
                    .iter()
                    .map(move |&(pair, cat, delta)| (pair, (t as u32, cat, delta)))
            }),
        );
        let mut merged: Vec<(u32, u32)> =
            table.merges.iter().enumerate().filter_map(|(t, m)| m.map(|m| (m, t as u32))).collect();
        merged.sort_unstable();
        let merged_starts = starts(table.pairs, merged.iter().map(|&(pair, _)| pair));
        let mut change_starts = Vec::with_capacity(table.pairs + 1);
        change_starts.push(0);
        let mut change_steps = Vec::new();
        let mut steps = Vec::new();
        for p in 0..table.pairs {
            steps.clear();
            steps.extend(deltas[delta_starts[p]..delta_starts[p + 1]].iter().map(|&(t, _, _)| t + 1));
            for &(_, t) in &merged[merged_starts[p]..merged_starts[p + 1]] {
                steps.extend([t, t + 1]);
            }
            steps.sort_unstable();
            steps.dedup();
            change_steps.extend_from_slice(&steps);
            change_starts.push(change_steps.len());
        }
        Self { initial_starts, initial, delta_starts, deltas, change_starts, change_steps }
    }

    /// The steps `first..=last` around `step` over which `pair`'s counts equal those at `step`,
    /// among `steps` merge steps.
    pub(super) fn constant_range(&self, pair: u32, step: u32, steps: usize) -> (u32, u32) {
        let p = pair as usize;
        let changes = &self.change_steps[self.change_starts[p]..self.change_starts[p + 1]];
        let k = changes.partition_point(|&s| s <= step);
        let first = if k > 0 { changes[k - 1] } else { 0 };
        let last = if k < changes.len() { changes[k] - 1 } else { steps as u32 - 1 };
        (first, last)
    }
}

/// `entries` (pair, value) grouped by pair at the offsets `starts` (from [`starts`] over the same
/// pairs), each pair's values in the order given.
fn grouped<T: Copy + Default>(starts: &[usize], entries: impl Iterator<Item = (u32, T)>) -> Vec<T> {
    let mut next = starts.to_vec();
    let mut out = vec![T::default(); starts[starts.len() - 1]];
    for (pair, value) in entries {
        out[next[pair as usize]] = value;
        next[pair as usize] += 1;
    }
    out
}

/// Offsets of a grouping by pair: entry p is where pair p's entries start, entry `pairs` the end.
fn starts(pairs: usize, of: impl Iterator<Item = u32>) -> Vec<usize> {
    let mut starts = vec![0usize; pairs + 1];
    for pair in of {
        starts[pair as usize + 1] += 1;
    }
    for p in 0..pairs {
        starts[p + 1] += starts[p];
    }
    starts
}

/// The scaled counts (`count · scale[category]`, sparse) of the pairs a sweep examines, replayed
/// from a [`PairHistory`] up to the sweep's step. Each pair's changes are added in step order, the
/// order in which a running count of every pair would add them, so the values are the same to the
/// bit.
pub(super) struct ReplayedCounts<'a> {
    history: &'a PairHistory,
    scale: &'a [f64],
    /// Examined pair → (its next change in `history.deltas`, its counts).
    pairs: FastMap<u32, (usize, Vec<(u16, f64)>)>,
    /// The last step asked for (steps must not decrease).
    step: u32,
}

impl<'a> ReplayedCounts<'a> {
    pub(super) fn new(history: &'a PairHistory, scale: &'a [f64]) -> Self {
        Self { history, scale, pairs: FastMap::default(), step: 0 }
    }

    /// Brings `pair`'s counts to those before merge `step` is applied (`step` at least the last
    /// one asked for).
    pub(super) fn advance(&mut self, pair: u32, step: u32) {
        debug_assert!(step >= self.step, "replayed counts cannot go back to step {step} from {}", self.step);
        self.step = step;
        let (history, scale) = (self.history, self.scale);
        let p = pair as usize;
        let (next, counts) = self.pairs.entry(pair).or_insert_with(|| {
            let initial = &history.initial[history.initial_starts[p]..history.initial_starts[p + 1]];
            let mut counts = Vec::with_capacity(initial.len());
            for &(cat, count) in initial {
                add_count(&mut counts, cat, count * scale[cat as usize]);
            }
            (history.delta_starts[p], counts)
        });
        let end = history.delta_starts[p + 1];
        while *next < end && history.deltas[*next].0 < step {
            let (_, cat, delta) = history.deltas[*next];
            add_count(counts, cat, delta * scale[cat as usize]);
            *next += 1;
        }
    }

    /// `pair`'s counts as of the last [`Self::advance`] of that pair (which must have been
    /// advanced).
    pub(super) fn counts(&self, pair: u32) -> &[(u16, f64)] {
        &self.pairs.get(&pair).expect("a pair's counts are read after it is advanced").1
    }
}

/// Adds `delta` to category `cat` of the sparse counts.
fn add_count(counts: &mut Vec<(u16, f64)>, cat: u16, delta: f64) {
    match counts.iter_mut().find(|(c, _)| *c == cat) {
        Some(entry) => entry.1 += delta,
        None => counts.push((cat, delta)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pairs' counts are constant between their change steps; a merge's own pair changes at
    /// its step and the next.
    #[test]
    fn constant_ranges_of_pairs() {
        let table = CountTable {
            categories: 1,
            pairs: 3,
            denominators: vec![10.0],
            merges: vec![Some(2), None, Some(0), Some(1)],
            initial: vec![(0, 0, 6.0), (1, 0, 3.0), (2, 0, 1.0)],
            deltas: vec![(2, 0, -1.0), (1, 0, 2.0), (0, 0, -6.0)],
            step_offsets: vec![0, 1, 2, 3, 3],
        };
        let changes = PairHistory::new(&table);
        // pair 1: changed by step 1 (from step 2 on), merged at step 3
        assert_eq!(changes.constant_range(1, 0, 4), (0, 1));
        assert_eq!(changes.constant_range(1, 2, 4), (2, 2));
        // pair 0: merged at step 2, changed by it (from step 3 on)
        assert_eq!(changes.constant_range(0, 1, 4), (0, 1));
        assert_eq!(changes.constant_range(0, 3, 4), (3, 3));
        // pair 2: merged at step 0
        assert_eq!(changes.constant_range(2, 2, 4), (1, 3));
    }

    /// The replayed counts of every pair at every step equal a running count over all pairs,
    /// the merged pair at its own step included (its counts before its merge).
    #[test]
    fn replayed_counts_equal_a_running_count() {
        // 2 categories, 3 pairs; step 0 merges pair 0 (its counts go to 0, pair 2 gains),
        // step 1 merges pair 1, step 2 merges pair 2.
        let table = CountTable {
            categories: 2,
            pairs: 3,
            denominators: vec![10.0, 20.0],
            merges: vec![Some(0), Some(1), Some(2)],
            initial: vec![(0, 0, 5.0), (0, 1, 2.0), (1, 1, 4.0), (2, 0, 1.0)],
            deltas: vec![
                (0, 0, -5.0),
                (0, 1, -2.0),
                (2, 0, 3.0),
                (2, 1, 2.0),
                (1, 1, -4.0),
                (2, 0, -4.0),
                (2, 1, -2.0),
            ],
            step_offsets: vec![0, 4, 5, 7],
        };
        let scale = [0.5, 0.25];
        let history = PairHistory::new(&table);
        let mut replay = ReplayedCounts::new(&history, &scale);
        let mut running: Vec<Vec<(u16, f64)>> = vec![Vec::new(); 3];
        for &(pair, cat, count) in &table.initial {
            add_count(&mut running[pair as usize], cat, count * scale[cat as usize]);
        }
        for t in 0..3u32 {
            for pair in 0..3u32 {
                replay.advance(pair, t);
                assert_eq!(replay.counts(pair), running[pair as usize].as_slice(), "pair {pair} before step {t}");
            }
            let offsets = table.step_offsets[t as usize]..table.step_offsets[t as usize + 1];
            for &(pair, cat, delta) in &table.deltas[offsets] {
                add_count(&mut running[pair as usize], cat, delta * scale[cat as usize]);
            }
        }
        // Before step 2: 1 + 3 of category 0 and 2 of category 1, scaled.
        assert_eq!(replay.counts(2), [(0, 2.0), (1, 0.5)]);
        // A pair first asked for at a later step catches up over all the steps before it.
        let mut late = ReplayedCounts::new(&history, &scale);
        late.advance(2, 3);
        assert_eq!(late.counts(2), running[2].as_slice());
        assert_eq!(late.counts(2), [(0, 0.0), (1, 0.0)]);
    }
}
