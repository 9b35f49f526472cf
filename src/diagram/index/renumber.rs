//! Renumbering the index's lists when items are removed and inserted: a [`Splice`] says which
//! items go and where new ones come, and is applied in place to every list numbered the same
//! way (the node or the flow list, a grid's rectangles and cells, the overview, the lists of
//! flows touching each node), so that a patch moves each item at most once and allocates no
//! list anew: at 100,000 nodes the flow list alone is tens of megabytes.

use egui::Rect;

use super::{Buckets, Grid, TRAIL_ENTRY};

/// Marks an item removed in a renumbering.
pub(super) const GONE: u32 = u32::MAX;

/// Items removed from a list and items inserted into it.
pub(super) struct Splice {
    /// Where each old item went ([`GONE`]: removed).
    pub remap: Vec<u32>,
    /// The positions of the inserted items in the new list, ascending.
    inserted: Vec<usize>,
    /// The length of the new list.
    len: usize,
}

impl Splice {
    /// A list of `len` items without those at the positions `removed` (ascending), with new
    /// items each coming before the old item at its position in `before` (ascending; `len` for
    /// the end), in that order.
    pub fn new(len: usize, removed: &[usize], before: &[usize]) -> Self {
        let mut remap = vec![GONE; len];
        let mut inserted = Vec::with_capacity(before.len());
        let (mut gone, mut new, mut out) = (removed.iter().peekable(), before.iter().peekable(), 0);
        for (i, to) in remap.iter_mut().enumerate() {
            while new.next_if(|&&at| at <= i).is_some() {
                inserted.push(out);
                out += 1;
            }
            if gone.next_if(|&&r| r == i).is_some() {
                continue;
            }
            *to = out as u32;
            out += 1;
        }
        for _ in new {
            inserted.push(out);
            out += 1;
        }
        Self { remap, inserted, len: out }
    }

    /// Where the item at `i` went ([`GONE`] when removed, or when `i` is [`GONE`]).
    pub fn to(&self, i: usize) -> usize {
        self.remap.get(i).map_or(GONE, |&to| to) as usize
    }

    /// The positions of the inserted items in the new list, ascending.
    pub fn inserted(&self) -> &[usize] {
        &self.inserted
    }

    /// Applies it to `items` (numbered like the old list), with `added` (as many items as are
    /// inserted, in order). `filler` makes the placeholders the items are moved through; none
    /// is left.
    pub fn apply<T>(&self, items: &mut Vec<T>, added: Vec<T>, filler: impl Fn() -> T) {
        debug_assert_eq!(added.len(), self.inserted.len());
        let mut i = 0;
        items.retain(|_| {
            i += 1;
            self.remap[i - 1] != GONE
        });
        // The kept items are at the front; from the back, each moves once to its place, with
        // the new ones put in between.
        let mut kept = items.len();
        items.resize_with(self.len, filler);
        let mut w = self.len;
        for (&at, item) in self.inserted.iter().zip(added).rev() {
            while w > at + 1 {
                w -= 1;
                kept -= 1;
                items.swap(w, kept);
            }
            w -= 1;
            items[w] = item;
        }
    }
}

impl Buckets {
    /// Replaces every item by what `map` makes of it, dropping those it maps to `None`.
    pub(super) fn retain_map(&mut self, map: impl Fn(u32) -> Option<u32>) {
        let (mut kept, mut from) = (0, 0);
        for b in 0..self.starts.len() - 1 {
            let end = self.starts[b + 1] as usize;
            self.starts[b] = kept as u32;
            for k in from..end {
                if let Some(item) = map(self.items[k]) {
                    self.items[kept] = item;
                    kept += 1;
                }
            }
            from = end;
        }
        if let Some(last) = self.starts.last_mut() {
            *last = kept as u32;
        }
        self.items.truncate(kept);
    }

    /// The buckets after the buckets were renumbered by `buckets` and the items by `items` (when
    /// they were), without the items `dropped` (new numbers) and with the `(bucket, item)`
    /// pairs `extra` (new numbers, ascending): the items of each bucket stay ascending.
    pub(super) fn respliced(
        &self,
        buckets: Option<&Splice>,
        items: Option<&Splice>,
        dropped: impl Fn(u32) -> bool,
        extra: &[(usize, u32)],
    ) -> Self {
        let count = buckets.map_or(self.starts.len() - 1, |s| s.len);
        // The old bucket of each new one (`None` for a new bucket).
        let mut old_of: Vec<Option<usize>> = vec![None; count];
        for old in 0..self.starts.len() - 1 {
            let new = buckets.map_or(old, |s| s.to(old));
            if new != GONE as usize {
                old_of[new] = Some(old);
            }
        }
        let map = |item: u32| items.map_or(item, |s| s.to(item as usize) as u32);
        let mut starts = Vec::with_capacity(count + 1);
        let mut out = Vec::with_capacity(self.items.len() + extra.len());
        let mut extra = extra.iter().peekable();
        for (b, old) in old_of.into_iter().enumerate() {
            starts.push(out.len() as u32);
            let listed = old.map_or(&[][..], |old| self.get(old));
            for item in listed.iter().map(|&item| map(item)) {
                if item == GONE || dropped(item) {
                    continue;
                }
                while let Some(&(_, more)) = extra.next_if(|&&(at, more)| at == b && more < item) {
                    out.push(more);
                }
                out.push(item);
            }
            while let Some(&(_, more)) = extra.next_if(|&&(at, _)| at == b) {
                out.push(more);
            }
        }
        starts.push(out.len() as u32);
        Self { starts, items: out }
    }
}

impl Grid {
    /// Renumbers the items by `splice`. The inserted items have no rectangle until they are
    /// loosened ([`Grid::loosen`]).
    pub(super) fn renumber(&mut self, splice: &Splice) {
        let fresh = vec![Rect::NOTHING; splice.inserted.len()];
        splice.apply(&mut self.rects, fresh, || Rect::NOTHING);
        let map = |entry: u32| {
            let new = splice.remap[(entry & !TRAIL_ENTRY) as usize];
            (new != GONE).then_some(new | (entry & TRAIL_ENTRY))
        };
        for level in &mut self.levels {
            level.cells.retain_map(map);
        }
        self.loose.retain_mut(|i| {
            *i = splice.remap[*i as usize];
            *i != GONE
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_splice_removes_and_inserts_in_place() {
        let mut items: Vec<u32> = (0..10).collect();
        let splice = Splice::new(10, &[0, 4, 5, 9], &[0, 3, 3, 7, 10]);
        splice.apply(&mut items, vec![100, 101, 102, 103, 104], || 999);
        assert_eq!(items, vec![100, 1, 2, 101, 102, 3, 6, 103, 7, 8, 104]);
        assert_eq!(splice.remap, vec![GONE, 1, 2, 5, GONE, GONE, 6, 8, 9, GONE]);
        assert_eq!(splice.inserted(), &[0, 3, 4, 7, 10]);
        let mut nothing: Vec<u32> = (0..3).collect();
        Splice::new(3, &[], &[]).apply(&mut nothing, Vec::new(), || 999);
        assert_eq!(nothing, vec![0, 1, 2]);
    }

    #[test]
    fn respliced_buckets_keep_their_items_ascending() {
        // Buckets 0: [1, 3], 1: [0], 2: [2, 3].
        let buckets = Buckets::build(3, || [(0, 1), (0, 3), (1, 0), (2, 2), (2, 3)].into_iter());
        // Bucket 1 goes, a new bucket comes first; item 0 goes, a new item comes before item 2.
        let (b, i) = (Splice::new(3, &[1], &[0]), Splice::new(4, &[0], &[2]));
        let new = buckets.respliced(Some(&b), Some(&i), |item| item == 3, &[(0, 2), (1, 1), (1, 2), (2, 1)]);
        // Items now: old 1 -> 0, new -> 1, old 2 -> 2, old 3 -> 3 (dropped).
        assert_eq!((0..3).map(|k| new.get(k).to_vec()).collect::<Vec<_>>(), vec![vec![2], vec![0, 1, 2], vec![1, 2]]);
    }
}
