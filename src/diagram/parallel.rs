//! Sharing the spatial index's per-item work among threads: items are prepared in chunks by
//! whichever thread is free while the calling thread takes the results in item order, so work
//! that must follow that order (placing labels, filling lists) overlaps with preparing the items
//! after it, and the result is the same as on one thread.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;

/// Items prepared together: enough that a chunk costs far more than handing it over, few enough
/// that the threads finish together. Fewer than two chunks' worth are prepared on this thread.
pub(super) const CHUNK: usize = 1024;

/// The number of threads to share work among: one per core.
pub(super) fn threads() -> usize {
    thread::available_parallelism().map_or(1, usize::from)
}

/// `(a(), b())`, with `a` on a thread of its own when `apart`.
pub(super) fn join<A: Send, B>(apart: bool, a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    if !apart {
        return (a(), b());
    }
    thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        (a.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), b)
    })
}

/// Calls `take(i, prepare(i))` for every `i` in `0..count`, in order, on this thread. With
/// `threads > 1` and at least two chunks of items, `threads - 1` helpers prepare chunks ahead,
/// and this thread prepares the next chunk nobody has started whenever the one it needs is not
/// ready.
pub(super) fn in_order<T: Send>(
    count: usize,
    threads: usize,
    prepare: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(usize, T),
) {
    let chunks = count.div_ceil(CHUNK);
    if threads < 2 || chunks < 2 {
        for i in 0..count {
            take(i, prepare(i));
        }
        return;
    }
    let chunk = |c: usize| {
        (c * CHUNK..((c + 1) * CHUNK).min(count))
            .map(&prepare)
            .collect::<Vec<T>>()
    };
    let next = AtomicUsize::new(0);
    thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 1..threads.min(chunks) {
            let (sender, next, chunk) = (sender.clone(), &next, &chunk);
            // A thread that cannot be started leaves its share to the others.
            let _ = thread::Builder::new().spawn_scoped(scope, move || {
                loop {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    if c >= chunks || sender.send((c, chunk(c))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);
        let mut ready: Vec<Option<Vec<T>>> = (0..chunks).map(|_| None).collect();
        for c in 0..chunks {
            let items = loop {
                while let Ok((done, items)) = receiver.try_recv() {
                    ready[done] = Some(items);
                }
                if let Some(items) = ready[c].take() {
                    break items;
                }
                match next.fetch_add(1, Ordering::Relaxed) {
                    mine if mine == c => break chunk(c),
                    mine if mine < chunks => ready[mine] = Some(chunk(mine)),
                    _ => {
                        // Every chunk is started and a helper holds this one; a helper that
                        // panicked ends the scope with its panic.
                        let Ok((done, items)) = receiver.recv() else {
                            return;
                        };
                        ready[done] = Some(items);
                    }
                }
            };
            for (k, item) in items.into_iter().enumerate() {
                take(c * CHUNK + k, item);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_taken_in_order_once_each_on_any_number_of_threads() {
        for count in [0, 1, CHUNK, 2 * CHUNK + 7, 9 * CHUNK] {
            for threads in [1, 2, 3, 8] {
                let mut taken = Vec::new();
                in_order(count, threads, |i| i * 3, |i, v| taken.push((i, v)));
                let expected: Vec<(usize, usize)> = (0..count).map(|i| (i, i * 3)).collect();
                assert_eq!(taken, expected, "{count} items on {threads} threads");
            }
        }
    }

    #[test]
    fn a_panic_while_preparing_reaches_the_caller() {
        let result = std::panic::catch_unwind(|| {
            in_order(4 * CHUNK, 2, |i| assert!(i != 3 * CHUNK + 5, "item {i}"), |_, ()| {});
        });
        assert!(result.is_err());
    }
}
