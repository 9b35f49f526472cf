//! The id order of the index's nodes or flows once patches added some: a build lists the items
//! in id order, and a patch appends new ones after them instead of moving every later item (at
//! 100,000 nodes that is tens of megabytes, and every grid cell listing them), so their place in
//! id order is kept here. Removed items stay where they are, marked dead, and come back there
//! when an undo brings them back.

/// Where the items appended since the build stand in id order.
#[derive(Clone, Debug, Default)]
#[cfg_attr(test, derive(PartialEq))]
pub(super) struct Order {
    /// The number of items the build listed (in id order).
    built: usize,
    /// For each appended item (by position after the built ones): the position of the built item
    /// it comes before in id order, and its rank among the appended items.
    after_built: Vec<(u32, u32)>,
    /// The appended items' positions, by id.
    by_id: Vec<u32>,
}

/// Where an item stands in id order: sorting by it sorts by id.
pub(super) type Rank = (u32, u32);

impl Order {
    /// The order of `built` items listed in id order.
    pub fn built(built: usize) -> Self {
        Self {
            built,
            ..Self::default()
        }
    }

    /// Where the item at `i` stands in id order.
    pub fn rank(&self, i: usize) -> Rank {
        match i.checked_sub(self.built) {
            None => (i as u32, u32::MAX),
            Some(k) => self.after_built[k],
        }
    }

    /// The position of the item named `id` (dead or alive), given each position's id.
    pub fn find<'a>(&self, id: &str, id_of: impl Fn(usize) -> &'a str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.built);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match id_of(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        (self.by_id.binary_search_by(|&i| id_of(i as usize).cmp(id)).ok()).map(|k| self.by_id[k] as usize)
    }

    /// Notes that the item at `i` (the next position) was appended, given each position's id.
    pub fn append<'a>(&mut self, i: usize, id_of: impl Fn(usize) -> &'a str) {
        debug_assert_eq!(i, self.built + self.after_built.len());
        let id = id_of(i);
        let at = self.by_id.partition_point(|&j| id_of(j as usize) < id);
        self.by_id.insert(at, i as u32);
        let before = partition_point(self.built, |j| id_of(j) < id) as u32;
        self.after_built.push((before, 0));
        for (k, &j) in self.by_id.iter().enumerate() {
            self.after_built[j as usize - self.built].1 = k as u32;
        }
    }

    /// Puts `items` (ascending positions, each once) in id order.
    pub fn arrange(&self, items: &mut [usize]) {
        let first_appended = items.partition_point(|&i| i < self.built);
        if first_appended == items.len() {
            return;
        }
        let mut appended = items[first_appended..].to_vec();
        appended.sort_unstable_by_key(|&i| self.rank(i));
        // From the back: each appended item goes before the built items it comes before.
        let (mut w, mut r) = (items.len(), first_appended);
        for &i in appended.iter().rev() {
            let before = self.rank(i).0 as usize;
            while r > 0 && items[r - 1] >= before {
                (w, r) = (w - 1, r - 1);
                items[w] = items[r];
            }
            w -= 1;
            items[w] = i;
        }
    }
}

/// The first position in `0..len` for which `before` is false (`before` true up to some point).
fn partition_point(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_items_take_their_place_in_id_order() {
        let mut ids = vec!["b", "d", "f"];
        let mut order = Order::built(3);
        for id in ["e", "a", "g", "c"] {
            ids.push(id);
            let i = ids.len() - 1;
            order.append(i, |j| ids[j]);
        }
        let mut all: Vec<usize> = (0..ids.len()).collect();
        order.arrange(&mut all);
        let sorted: Vec<&str> = all.iter().map(|&i| ids[i]).collect();
        assert_eq!(sorted, vec!["a", "b", "c", "d", "e", "f", "g"]);
        let mut some = vec![1, 2, 3, 5];
        order.arrange(&mut some);
        assert_eq!(
            some.iter().map(|&i| ids[i]).collect::<Vec<_>>(),
            vec!["d", "e", "f", "g"]
        );
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(order.find(id, |j| ids[j]), Some(i), "{id}");
        }
        assert_eq!(order.find("cc", |j| ids[j]), None);
    }
}
