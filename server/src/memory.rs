//! Gives the memory glibc's allocator holds free back to the system.
//!
//! glibc keeps freed memory in its arenas for reuse and returns only what lies at the top of
//! a heap. A burst leaves free pages all through the heaps: ten thousand viewers joining a
//! live interview within seconds, each request's buffers freed once its stream settles, left
//! about 21 of the 56 KB measured per viewer held free for good (the live bench, README).
//! `malloc_trim(0)` returns every free whole page, wherever it lies. It walks the arenas,
//! so it runs only when the free memory has grown by [`GROWTH`] since the last trim;
//! `mallinfo2`, checked every [`EVERY`], tells.
use std::time::Duration;

/// How often the free memory is looked at.
pub const EVERY: Duration = Duration::from_secs(1);
/// Free memory grown by this much since the last trim is worth a trim.
pub const GROWTH: usize = 16 << 20;

/// When to trim, from the free bytes seen at each look.
#[derive(Debug, Default)]
pub struct Trigger {
    /// The least free memory seen since the last trim: memory reused and freed again is
    /// growth too.
    low: Option<usize>,
}

impl Trigger {
    /// Whether `free` bytes held free calls for a trim now.
    pub fn due(&mut self, free: usize) -> bool {
        let low = *self.low.get_or_insert(free);
        if free >= low.saturating_add(GROWTH) {
            true
        } else {
            self.low = Some(low.min(free));
            false
        }
    }

    /// After a trim: the free memory then is where growth counts from.
    pub fn trimmed(&mut self, free: usize) {
        self.low = Some(free);
    }
}

/// Bytes held free in glibc's arenas (`mallinfo2().fordblks`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn free_bytes() -> usize {
    // SAFETY: mallinfo2 only reads the allocator's own bookkeeping.
    unsafe { libc::mallinfo2() }.fordblks
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    // SAFETY: malloc_trim only returns free pages; no live allocation is touched.
    unsafe { libc::malloc_trim(0) };
}

/// Looks every [`EVERY`] and trims when due, on a blocking thread (a trim walks the heaps).
/// Elsewhere than glibc there is nothing to do: other allocators return memory themselves.
pub fn spawn() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tokio::spawn(async {
        let mut trigger = Trigger::default();
        let mut tick = tokio::time::interval(EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if trigger.due(free_bytes()) {
                match tokio::task::spawn_blocking(|| {
                    trim();
                    free_bytes()
                })
                .await
                {
                    Ok(free) => trigger.trimmed(free),
                    Err(e) => tracing::warn!(error = %e, "returning free memory failed"),
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::{Trigger, GROWTH};

    #[test]
    fn trims_once_free_memory_has_grown_from_its_lowest() {
        let mut t = Trigger::default();
        assert!(!t.due(100 << 20), "the first look only sets the level");
        assert!(!t.due((100 << 20) + GROWTH - 1));
        assert!(t.due((100 << 20) + GROWTH));
        t.trimmed(110 << 20);
        assert!(!t.due(110 << 20), "a trim resets the level");
        // Memory reused (less free), then freed again: growth from the lowest point.
        assert!(!t.due(60 << 20));
        assert!(!t.due((60 << 20) + GROWTH - 1));
        assert!(t.due((60 << 20) + GROWTH));
    }
}
