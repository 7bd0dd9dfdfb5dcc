//! Near-duplicate clusters from LSH band keys: candidate groups band by band, optional
//! verification, union-find into connected components, and the survivor of each cluster.
//!
//! Documents are numbered 0..n in a canonical order (the caller sorts them by id), and every
//! step below depends only on that numbering and the band keys, so the clusters do not
//! depend on how the input was partitioned or in which order it arrived.

use std::collections::HashSet;

/// Union-find over document numbers whose roots are always the smallest member.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> Self {
        Self { parent: (0..n as u32).collect() }
    }

    /// The root (smallest member) of `x`'s set, halving the path on the way.
    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Joins the sets of `a` and `b`; the smaller root becomes the root.
    pub fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    /// True if there are no elements.
    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }
}

/// How many earlier members of a candidate group a document is compared with at most before
/// it starts a new sub-group, bounding verification work in groups of many distinct documents.
pub const MAX_GROUP_REPRESENTATIVES: usize = 64;

/// Calls `group` with the members (ascending) of every run of at least two equal keys, where
/// `keys[i]` is the band key of document `docs[i]`. `pairs` is scratch space.
pub fn for_each_group(keys: &[u64], docs: &[u32], pairs: &mut Vec<(u64, u32)>, mut group: impl FnMut(&[u32])) {
    pairs.clear();
    pairs.extend(keys.iter().copied().zip(docs.iter().copied()));
    pairs.sort_unstable();
    let mut members = Vec::new();
    let mut start = 0;
    while start < pairs.len() {
        let key = pairs[start].0;
        let mut end = start + 1;
        while end < pairs.len() && pairs[end].0 == key {
            end += 1;
        }
        if end - start > 1 {
            members.clear();
            members.extend(pairs[start..end].iter().map(|p| p.1));
            group(&members);
        }
        start = end;
    }
}

/// Counters of one clustering run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterStats {
    /// Candidate pairs that were verified (or, without verification, linked).
    pub candidate_pairs: u64,
    /// Verified pairs found similar enough and linked.
    pub linked_pairs: u64,
    /// Verified pairs rejected.
    pub rejected_pairs: u64,
}

/// Links the documents that share a band into connected components.
///
/// `bands[b][i]` is band `b`'s key of document `docs[i]`. Without a verifier every group is
/// linked as a star to its smallest member. With one, each member of a group (ascending) is
/// compared with the group's representatives so far (at most
/// [`MAX_GROUP_REPRESENTATIVES`]): it joins the first one `similar` accepts, or one it is
/// already clustered with, else it becomes a representative itself. Pairs rejected once are
/// not verified again in later bands. With `links`, every linked pair is appended to it.
pub fn link_bands(
    n_docs: usize,
    docs: &[u32],
    bands: &[Vec<u64>],
    mut similar: Option<&mut dyn FnMut(u32, u32) -> bool>,
    mut links: Option<&mut Vec<(u32, u32)>>,
) -> (UnionFind, ClusterStats) {
    let mut uf = UnionFind::new(n_docs);
    let mut stats = ClusterStats::default();
    let mut pairs = Vec::new();
    let mut rejected: HashSet<(u32, u32)> = HashSet::new();
    let mut reps: Vec<u32> = Vec::new();
    for keys in bands {
        for_each_group(keys, docs, &mut pairs, |members| match similar.as_deref_mut() {
            None => {
                for &m in &members[1..] {
                    if uf.find(m) != uf.find(members[0]) {
                        stats.candidate_pairs += 1;
                        uf.union(members[0], m);
                        if let Some(links) = links.as_deref_mut() {
                            links.push((members[0], m));
                        }
                    }
                }
            }
            Some(similar) => {
                reps.clear();
                for &m in members {
                    let root = uf.find(m);
                    let mut joined = false;
                    for &r in &reps {
                        if uf.find(r) == root {
                            joined = true;
                            break;
                        }
                        if rejected.contains(&(r, m)) {
                            continue;
                        }
                        stats.candidate_pairs += 1;
                        if similar(r, m) {
                            stats.linked_pairs += 1;
                            uf.union(r, m);
                            if let Some(links) = links.as_deref_mut() {
                                links.push((r, m));
                            }
                            joined = true;
                            break;
                        }
                        stats.rejected_pairs += 1;
                        rejected.insert((r, m));
                    }
                    if !joined && reps.len() < MAX_GROUP_REPRESENTATIVES {
                        reps.push(m);
                    }
                }
            }
        });
    }
    (uf, stats)
}

/// Documents a verifier may need to compare: the members of candidate groups whose members do
/// not all have the same `class` (documents of one class, such as equal normalized texts, are
/// known to match without comparing them).
pub fn candidate_members(n_docs: usize, docs: &[u32], bands: &[Vec<u64>], class: &[u64]) -> Vec<bool> {
    let mut member = vec![false; n_docs];
    let mut pairs = Vec::new();
    for keys in bands {
        for_each_group(keys, docs, &mut pairs, |members| {
            let first = class[members[0] as usize];
            if members.iter().any(|&m| class[m as usize] != first) {
                for &m in members {
                    member[m as usize] = true;
                }
            }
        });
    }
    member
}

/// Which document of each cluster is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The smallest id.
    MinId,
    /// The longest text (in characters), the smallest id among equally long ones.
    Longest,
}

impl Keep {
    /// The policy called `name` in SQL.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "min_id" => Some(Keep::MinId),
            "longest" => Some(Keep::Longest),
            _ => None,
        }
    }
}

/// Per document: its cluster's root (smallest member), the cluster's size, and whether it is
/// the cluster's survivor under `keep` (`lengths` in characters, read only by [`Keep::Longest`]).
pub fn assign_clusters(uf: &mut UnionFind, keep: Keep, lengths: &[u64]) -> (Vec<u32>, Vec<u32>, Vec<bool>) {
    let n = uf.len();
    let roots: Vec<u32> = (0..n as u32).map(|d| uf.find(d)).collect();
    let mut sizes = vec![0u32; n];
    for &r in &roots {
        sizes[r as usize] += 1;
    }
    // The survivor of each root: documents ascend, so the first of a maximal length wins ties.
    let mut survivor: Vec<u32> = (0..n as u32).collect();
    if keep == Keep::Longest {
        for d in 0..n {
            let r = roots[d] as usize;
            if lengths[d] > lengths[survivor[r] as usize] {
                survivor[r] = d as u32;
            }
        }
    }
    let cluster_size = roots.iter().map(|&r| sizes[r as usize]).collect();
    let kept = (0..n).map(|d| survivor[roots[d] as usize] as usize == d).collect();
    (roots, cluster_size, kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_roots_are_smallest_members() {
        let mut uf = UnionFind::new(6);
        uf.union(5, 3);
        uf.union(3, 4);
        uf.union(1, 4);
        assert_eq!([uf.find(5), uf.find(4), uf.find(3), uf.find(1)], [1; 4]);
        assert_eq!(uf.find(0), 0);
        assert_eq!(uf.find(2), 2);
    }

    #[test]
    fn unverified_groups_link_transitively() {
        // docs 0..5; band 0 groups {0, 3}, band 1 groups {3, 4}; 1, 2 alone.
        let docs = [0, 1, 2, 3, 4];
        let bands = vec![vec![9, 1, 2, 9, 5], vec![6, 7, 8, 1, 1]];
        let mut links = Vec::new();
        let (mut uf, stats) = link_bands(5, &docs, &bands, None, Some(&mut links));
        assert_eq!(links, [(0, 3), (3, 4)]);
        let (roots, sizes, kept) = assign_clusters(&mut uf, Keep::MinId, &[1; 5]);
        assert_eq!(roots, [0, 1, 2, 0, 0]);
        assert_eq!(sizes, [3, 1, 1, 3, 3]);
        assert_eq!(kept, [true, true, true, false, false]);
        assert_eq!(stats.candidate_pairs, 2);
    }

    #[test]
    fn verification_splits_groups_and_keep_longest_picks_by_length() {
        // One band puts 0..4 together; only pairs within {0, 2} and within {1, 3} are similar.
        let docs = [0, 1, 2, 3];
        let bands = vec![vec![1, 1, 1, 1]];
        let mut similar = |a: u32, b: u32| a % 2 == b % 2;
        let (mut uf, stats) = link_bands(4, &docs, &bands, Some(&mut similar), None);
        let (roots, sizes, kept) = assign_clusters(&mut uf, Keep::Longest, &[5, 9, 7, 9]);
        assert_eq!(roots, [0, 1, 0, 1]);
        assert_eq!(sizes, [2, 2, 2, 2]);
        assert_eq!(kept, [false, true, true, false]);
        assert_eq!(stats, ClusterStats { candidate_pairs: 4, linked_pairs: 2, rejected_pairs: 2 });
        assert_eq!(candidate_members(4, &docs, &bands, &[1, 2, 3, 4]), [true; 4]);
        assert_eq!(candidate_members(4, &docs, &bands, &[7; 4]), [false; 4]);
    }

    #[test]
    fn one_giant_group_links_in_linear_work() {
        let n = 100_000;
        let docs: Vec<u32> = (0..n as u32).collect();
        let bands = vec![vec![42u64; n], vec![43u64; n]];
        let mut calls = 0u64;
        let mut similar = |_: u32, _: u32| {
            calls += 1;
            true
        };
        let (mut uf, _) = link_bands(n, &docs, &bands, Some(&mut similar), None);
        let (_, sizes, kept) = assign_clusters(&mut uf, Keep::MinId, &vec![1; n]);
        assert_eq!(calls, n as u64 - 1);
        assert!(sizes.iter().all(|&s| s == n as u32));
        assert_eq!(kept.iter().filter(|k| **k).count(), 1);
    }
}
