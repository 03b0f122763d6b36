//! The search corridor of the sentence aligner: anchors and bands.
//!
//! The dynamic programme of [`super::sentence`] only visits the cells of
//! a [`Band`]: for each French row `i`, a range of English columns
//! around a *centre path* from `(0, 0)` to `(n, m)`. Its size is about
//! `m + n·(2w + 1)` cells for a half-width `w`, so memory and time stay
//! linear in the input whatever the imbalance between the sides (a row
//! covers the centre path's whole rise across it, clipped to `0..=m`).
//!
//! The centre path is the diagonal unless [`anchors`] finds sentence
//! pairs that share at least two *rare* words (each found in exactly one
//! sentence of each side: names, numbers, cognates): their longest
//! monotone chain bends the path through them, so a long insertion on
//! one side (a preface, a dropped section) stays inside a narrow band
//! instead of needing one as wide as the shift — anchored
//! divide-and-conquer without hard cuts: the beads near an anchor are
//! still chosen by the programme.

use std::collections::HashMap;

/// Rare words two sentences must share to anchor the band.
const MIN_ANCHOR_VOTES: u32 = 2;

/// The cells visited by the aligner: for row `i` (French sentences
/// consumed), English columns `lo[i]..=hi[i]`.
#[derive(Debug, Clone)]
pub struct Band {
    /// First column of each row.
    pub lo: Vec<usize>,
    /// Last column of each row.
    pub hi: Vec<usize>,
}

impl Band {
    /// The band of half-width `w` around the centre path `center`
    /// (`(min, max)` column of the path at each row, `n + 1` rows).
    pub fn around(center: &[(f64, f64)], m: usize, w: usize) -> Band {
        let n = center.len().saturating_sub(1);
        let clip = |x: f64| x.clamp(0.0, m as f64) as usize;
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        for i in 0..=n {
            let before = center[i.saturating_sub(1)].0.floor() - w as f64;
            let after = center[(i + 1).min(n)].1.ceil() + w as f64;
            lo.push(clip(before));
            hi.push(clip(after));
        }
        // The corners are always inside, so a path exists.
        lo[0] = 0;
        hi[n] = m;
        Band { lo, hi }
    }

    /// Number of cells.
    pub fn cells(&self) -> usize {
        self.lo.iter().zip(&self.hi).map(|(l, h)| h - l + 1).sum()
    }

    /// True when every row spans all columns `0..=m`.
    pub fn is_full(&self, m: usize) -> bool {
        self.lo.iter().all(|&l| l == 0) && self.hi.iter().all(|&h| h == m)
    }
}

/// The centre path through `anchors` (sentence pairs `(f, e)`, strictly
/// increasing on both sides): for each row `0..=n`, the lowest and
/// highest column the path takes there. Without anchors, the diagonal.
pub fn center_path(
    n: usize,
    m: usize,
    anchors: &[(usize, usize)],
) -> Vec<(f64, f64)> {
    let mut c = vec![(f64::INFINITY, f64::NEG_INFINITY); n + 1];
    let mut pts = Vec::with_capacity(anchors.len() * 2 + 2);
    pts.push((0, 0));
    for &(f, e) in anchors {
        pts.push((f, e));
        pts.push((f + 1, e + 1));
    }
    pts.push((n, m));
    for w in pts.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        for (x, cx) in c.iter_mut().enumerate().take(x1 + 1).skip(x0) {
            let y = if x1 == x0 {
                y0 as f64
            } else {
                y0 as f64
                    + (x - x0) as f64 * (y1 - y0) as f64 / (x1 - x0) as f64
            };
            cx.0 = cx.0.min(y);
            cx.1 = cx.1.max(y);
        }
        if x1 == x0 && x0 <= n {
            // A vertical jump (English-only stretch): the row spans it.
            c[x0].0 = c[x0].0.min(y0 as f64);
            c[x0].1 = c[x0].1.max(y1 as f64);
        }
    }
    c
}

/// High-confidence sentence pairs: French and English sentences sharing
/// at least [`MIN_ANCHOR_VOTES`] rare anchor ids (ids found in exactly
/// one sentence of each side), then the heaviest chain of them that is
/// increasing on both sides. `fr_ids[i]` / `en_ids[j]` are each
/// sentence's sorted, deduplicated anchor ids; `fr_tokens[i]` groups
/// French sentence `i`'s ids by token (a token votes once). Linear in
/// the number of ids (plus a log factor for the chain).
pub fn anchors(
    fr_tokens: &[Vec<&[u32]>],
    fr_ids: &[&[u32]],
    en_ids: &[&[u32]],
    n_ids: usize,
) -> Vec<(usize, usize)> {
    // Occurrences per id on each side (saturating at 2), and the English
    // sentence of each id found once.
    let mut in_fr = vec![0u8; n_ids];
    let mut in_en = vec![0u8; n_ids];
    let mut en_of = vec![u32::MAX; n_ids];
    for ids in fr_ids {
        for &id in *ids {
            if let Some(c) = in_fr.get_mut(id as usize) {
                *c = c.saturating_add(1).min(2);
            }
        }
    }
    for (j, ids) in en_ids.iter().enumerate() {
        for &id in *ids {
            if let Some(c) = in_en.get_mut(id as usize) {
                *c = c.saturating_add(1).min(2);
                en_of[id as usize] = j as u32;
            }
        }
    }
    let rare = |id: u32| {
        let k = id as usize;
        k < n_ids && in_fr[k] == 1 && in_en[k] == 1
    };
    // Votes: each French token with a rare id votes for the English
    // sentence holding it.
    let mut cands: Vec<(usize, usize, u32)> = Vec::new();
    let mut votes: HashMap<u32, u32> = HashMap::new();
    for (i, toks) in fr_tokens.iter().enumerate() {
        votes.clear();
        for ids in toks {
            let mut seen: [u32; 4] = [u32::MAX; 4];
            let mut k = 0;
            for &id in *ids {
                if rare(id) {
                    let e = en_of[id as usize];
                    if !seen[..k].contains(&e) {
                        *votes.entry(e).or_default() += 1;
                        if k < seen.len() {
                            seen[k] = e;
                            k += 1;
                        }
                    }
                }
            }
        }
        for (&e, &v) in &votes {
            if v >= MIN_ANCHOR_VOTES {
                cands.push((i, e as usize, v));
            }
        }
    }
    heaviest_chain(cands, en_ids.len())
}

/// The heaviest chain of `(f, e, weight)` strictly increasing in `f` and
/// `e` (weighted longest increasing subsequence, Fenwick tree of prefix
/// maxima over `e`).
fn heaviest_chain(
    mut cands: Vec<(usize, usize, u32)>,
    m: usize,
) -> Vec<(usize, usize)> {
    if cands.is_empty() {
        return Vec::new();
    }
    // Same French sentence: larger e first, so none extends another.
    cands.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    // tree[k]: (best chain weight, candidate index) over a prefix of e.
    let mut tree: Vec<(u64, usize)> = vec![(0, usize::MAX); m + 1];
    let mut prev = vec![usize::MAX; cands.len()];
    let mut best_end = (0u64, usize::MAX);
    for (k, &(_, e, w)) in cands.iter().enumerate() {
        // Best chain ending at some e' < e: prefix over 1..=e (1-based).
        let mut q = (0u64, usize::MAX);
        let mut x = e;
        while x > 0 {
            if tree[x].0 > q.0 {
                q = tree[x];
            }
            x &= x - 1;
        }
        prev[k] = q.1;
        let total = q.0 + u64::from(w);
        if total > best_end.0 {
            best_end = (total, k);
        }
        let mut x = e + 1;
        while x <= m {
            if total > tree[x].0 {
                tree[x] = (total, k);
            }
            x += x & x.wrapping_neg();
        }
    }
    let mut out = Vec::new();
    let mut k = best_end.1;
    while k != usize::MAX {
        out.push((cands[k].0, cands[k].1));
        k = prev[k];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_is_heaviest_and_increasing() {
        // (0,0) w1, (1,5) w5, (2,1) w1, (3,2) w1, (4,6) w2
        let c = vec![(0, 0, 1), (1, 5, 5), (2, 1, 1), (3, 2, 1), (4, 6, 2)];
        assert_eq!(heaviest_chain(c, 7), [(0, 0), (1, 5), (4, 6)]);
        // Ties on f never chain.
        let c = vec![(0, 0, 1), (0, 1, 1), (0, 2, 1)];
        assert_eq!(heaviest_chain(c, 3).len(), 1);
    }

    #[test]
    fn band_is_linear_and_connected_for_any_shape() {
        for (n, m) in [(100_000, 6), (6, 100_000), (1000, 1000), (1, 1)] {
            let c = center_path(n, m, &[]);
            let b = Band::around(&c, m, 24);
            assert!(b.cells() <= 2 * (n + m) + n * 49 + 2, "{n}x{m}");
            for i in 1..=n {
                assert!(b.lo[i] <= b.hi[i - 1], "row {i} of {n}x{m}");
                assert!(b.lo[i] >= b.lo[i - 1] && b.hi[i] >= b.hi[i - 1]);
            }
            assert_eq!((b.lo[0], b.hi[n]), (0, m));
        }
    }

    #[test]
    fn anchors_bend_the_path() {
        // 10 French rows, 30 English columns, anchor (5, 25): the path
        // reaches column 25 at row 5, far above the diagonal (15).
        let c = center_path(10, 30, &[(5, 25)]);
        assert_eq!(c[5], (25.0, 25.0));
        assert_eq!(c[6], (26.0, 26.0));
        let b = Band::around(&c, 30, 2);
        assert!(b.lo[6] <= 25 && b.hi[6] >= 26);
    }
}
