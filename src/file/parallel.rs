//! Sharing out a list of jobs among threads: each free thread takes the next job in list order,
//! and the results come back in list order. Parsing a big file and writing its text both cut the
//! work into pieces this way.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

/// How many threads the big jobs may use: every core.
pub(super) fn threads() -> usize {
    thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `work` on every job on up to `threads` threads (this one among them) and returns the
/// results in job order; `None` as soon as one job gives `None` (the jobs not yet taken are then
/// left). A job is handed over to the thread that takes it, and dropped once done (a piece of text
/// is freed as soon as it is parsed). Each thread keeps one `S` for all the jobs it takes (a
/// buffer to reuse).
pub(super) fn in_order<J, R, S>(
    jobs: Vec<J>,
    threads: usize,
    work: impl Fn(&mut S, J) -> Option<R> + Sync,
) -> Option<Vec<R>>
where
    J: Send,
    R: Send,
    S: Default,
{
    let count = jobs.len();
    let jobs: Vec<Mutex<Option<J>>> = jobs.into_iter().map(|job| Mutex::new(Some(job))).collect();
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let take_jobs = || {
        let mut state = S::default();
        let mut done = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = jobs.get(i) else {
                break;
            };
            // Each slot is taken once, by the thread that drew its number.
            let Some(job) = slot.lock().ok().and_then(|mut slot| slot.take()) else {
                break;
            };
            match work(&mut state, job) {
                Some(result) => done.push((i, result)),
                None => failed.store(true, Ordering::Relaxed),
            }
        }
        done
    };
    let mut done = thread::scope(|scope| {
        // A thread that cannot be started leaves its share to the others.
        let helpers: Vec<_> = (1..threads.min(count))
            .filter_map(|_| thread::Builder::new().spawn_scoped(scope, take_jobs).ok())
            .collect();
        let mut done = take_jobs();
        for helper in helpers {
            done.extend(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    if failed.into_inner() {
        return None;
    }
    done.sort_unstable_by_key(|(i, _)| *i);
    Some(done.into_iter().map(|(_, result)| result).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order_on_any_number_of_threads() {
        let jobs: Vec<u32> = (0..100).collect();
        for threads in 1..=4 {
            let squares = in_order(jobs.clone(), threads, |_: &mut (), job| Some(job * job));
            assert_eq!(squares, Some(jobs.iter().map(|j| j * j).collect()), "{threads} threads");
        }
    }

    #[test]
    fn one_failed_job_fails_the_whole() {
        let jobs: Vec<u32> = (0..100).collect();
        for threads in 1..=3 {
            let result = in_order(jobs.clone(), threads, |_: &mut (), job| (job != 57).then_some(job));
            assert_eq!(result, None, "{threads} threads");
        }
    }

    #[test]
    fn each_job_is_dropped_once_done() {
        let jobs: Vec<std::sync::Arc<()>> = (0..20).map(|_| std::sync::Arc::new(())).collect();
        let watched: Vec<_> = jobs.iter().map(std::sync::Arc::downgrade).collect();
        let left = in_order(jobs, 2, |_: &mut (), job| Some(std::sync::Arc::strong_count(&job)));
        assert_eq!(left, Some(vec![1; 20]), "each job is the thread's own");
        assert!(watched.iter().all(|job| job.upgrade().is_none()));
    }

    #[test]
    fn each_thread_keeps_its_state_between_jobs() {
        let jobs = vec![(); 10];
        let counts = in_order(jobs, 1, |count: &mut usize, ()| {
            *count += 1;
            Some(*count)
        });
        assert_eq!(counts, Some((1..=10).collect()));
    }
}
