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

/// The scaled counts (`count · scale[category]`, sparse, by category, zeros left out) of the
/// pairs a sweep examines, replayed from a [`PairHistory`] up to the sweep's step, from the
/// initial counts or from a snapshot of every pair's counts before some step. Counts are
/// integers, summed exactly and scaled when read, so the values do not depend on where the
/// replay started.
pub(super) struct ReplayedCounts<'a> {
    history: &'a PairHistory,
    scale: &'a [f64],
    /// The counts the replay starts from: (pair, category, count) before step `from`, sorted by
    /// pair, or `None` for the initial counts (`from` 0).
    snapshot: Option<&'a [(u32, u16, f64)]>,
    from: u32,
    /// Examined pair → its replay.
    pairs: FastMap<u32, Replayed>,
    /// The last step asked for (steps must not decrease).
    step: u32,
}

/// One pair's replay: its next change in `PairHistory::deltas`, its counts, and them scaled.
struct Replayed {
    next: usize,
    counts: Vec<(u16, f64)>,
    scaled: Vec<(u16, f64)>,
}

impl<'a> ReplayedCounts<'a> {
    /// Replays from the initial counts.
    pub(super) fn new(history: &'a PairHistory, scale: &'a [f64]) -> Self {
        Self { history, scale, snapshot: None, from: 0, pairs: FastMap::default(), step: 0 }
    }

    /// Replays from `counts`, every pair's (pair, category, count) before step `from`, sorted by
    /// pair (steps asked for must be at least `from`).
    pub(super) fn from_snapshot(
        history: &'a PairHistory,
        scale: &'a [f64],
        from: u32,
        counts: &'a [(u32, u16, f64)],
    ) -> Self {
        Self { history, scale, snapshot: Some(counts), from, pairs: FastMap::default(), step: from }
    }

    /// Brings `pair`'s counts to those before merge `step` is applied (`step` at least the last
    /// one asked for); returns the entries it read (its work).
    pub(super) fn advance(&mut self, pair: u32, step: u32) -> u64 {
        debug_assert!(step >= self.step, "replayed counts cannot go back to step {step} from {}", self.step);
        self.step = step;
        let (history, scale, from, snapshot) = (self.history, self.scale, self.from, self.snapshot);
        let p = pair as usize;
        let mut work = 0u64;
        let replayed = self.pairs.entry(pair).or_insert_with(|| {
            let deltas = &history.deltas[history.delta_starts[p]..history.delta_starts[p + 1]];
            let skipped = deltas.partition_point(|&(t, _, _)| t < from);
            let mut counts = Vec::new();
            match snapshot {
                Some(snapshot) => {
                    let first = snapshot.partition_point(|&(q, _, _)| q < pair);
                    let end = first + snapshot[first..].partition_point(|&(q, _, _)| q == pair);
                    counts.extend(snapshot[first..end].iter().map(|&(_, cat, count)| (cat, count)));
                }
                None => {
                    for &(cat, count) in &history.initial[history.initial_starts[p]..history.initial_starts[p + 1]] {
                        add_count(&mut counts, cat, count);
                    }
                }
            }
            work += counts.len() as u64 + 1;
            Replayed { next: history.delta_starts[p] + skipped, counts, scaled: Vec::new() }
        });
        let fresh = work > 0;
        let end = history.delta_starts[p + 1];
        let changed_from = replayed.next;
        while replayed.next < end && history.deltas[replayed.next].0 < step {
            let (_, cat, delta) = history.deltas[replayed.next];
            add_count(&mut replayed.counts, cat, delta);
            replayed.next += 1;
        }
        work += (replayed.next - changed_from) as u64;
        if fresh || replayed.next > changed_from {
            replayed.scaled.clear();
            replayed.scaled.extend(
                replayed
                    .counts
                    .iter()
                    .filter(|&&(_, count)| count != 0.0)
                    .map(|&(cat, count)| (cat, count * scale[cat as usize])),
            );
            replayed.scaled.sort_unstable_by_key(|&(cat, _)| cat);
        }
        work
    }

    /// `pair`'s scaled counts, by category, as of the last [`Self::advance`] of that pair (which
    /// must have been advanced).
    pub(super) fn counts(&self, pair: u32) -> &[(u16, f64)] {
        &self.pairs.get(&pair).expect("a pair's counts are read after it is advanced").scaled
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

    /// The replayed counts of every pair at every step equal a running count over all pairs
    /// (scaled, zeros left out), the merged pair at its own step included (its counts before its
    /// merge), whether the replay starts from the initial counts or from a snapshot.
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
        let mut running: Vec<Vec<(u16, f64)>> = vec![Vec::new(); 3];
        for &(pair, cat, count) in &table.initial {
            add_count(&mut running[pair as usize], cat, count);
        }
        let scaled = |counts: &[(u16, f64)]| -> Vec<(u16, f64)> {
            let mut out: Vec<(u16, f64)> =
                counts.iter().filter(|c| c.1 != 0.0).map(|&(cat, c)| (cat, c * scale[cat as usize])).collect();
            out.sort_unstable_by_key(|&(cat, _)| cat);
            out
        };
        // Before each step: every pair's expected counts, and the snapshot of them.
        let mut expected = Vec::new();
        let mut snapshots = Vec::new();
        for t in 0..=3usize {
            expected.push(running.iter().map(|c| scaled(c)).collect::<Vec<_>>());
            let snapshot: Vec<(u32, u16, f64)> = running
                .iter()
                .enumerate()
                .flat_map(|(pair, c)| {
                    c.iter().filter(|c| c.1 != 0.0).map(move |&(cat, c)| (pair as u32, cat, c))
                })
                .collect();
            snapshots.push(snapshot);
            if t < 3 {
                for &(pair, cat, delta) in &table.deltas[table.step_offsets[t]..table.step_offsets[t + 1]] {
                    add_count(&mut running[pair as usize], cat, delta);
                }
            }
        }
        for from in 0..3u32 {
            let mut replay = if from == 0 {
                ReplayedCounts::new(&history, &scale)
            } else {
                ReplayedCounts::from_snapshot(&history, &scale, from, &snapshots[from as usize])
            };
            for t in from..3 {
                for pair in 0..3u32 {
                    let work = replay.advance(pair, t);
                    assert!(work > 0 || t > from, "pair {pair} first read at step {t} from {from}");
                    let want = &expected[t as usize][pair as usize];
                    assert_eq!(replay.counts(pair), want, "pair {pair} before step {t} from {from}");
                }
            }
        }
        // From the snapshot before step 1, pair 2 reads its 2 counts there (4 and 2) and the 2
        // changes of step 2: 2 + 1 + 2 entries of work, and its counts are then all 0.
        let mut from_one = ReplayedCounts::from_snapshot(&history, &scale, 1, &snapshots[1]);
        assert_eq!(from_one.advance(2, 3), 5);
        assert_eq!(from_one.counts(2), []);
        // Before step 2: 1 + 3 of category 0 and 2 of category 1, scaled.
        assert_eq!(expected[2][2], [(0, 2.0), (1, 0.5)]);
        // A pair first asked for at a later step catches up over all the steps before it; its
        // counts are then all 0.
        let mut late = ReplayedCounts::new(&history, &scale);
        assert_eq!(late.advance(2, 3), 6);
        assert_eq!(late.counts(2), []);
    }
}
