//! Small in-process caches for expensive public answers (the statistics, the sitemap).
//! Each entry remembers the data version it was computed from — a number the database
//! gives cheaply, that moves with every change (the newest event id, the latest update) —
//! and is recomputed as soon as the version moves, so every instance behind a load
//! balancer serves fresh figures. A time limit covers what the version does not see
//! (a corrected calendar, a renamed department).
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The caches one app instance keeps.
#[derive(Debug)]
pub struct Caches {
    /// 网络问政 figures by (year asked, today), versioned by the newest question event.
    pub question_stats:
        VersionedCache<(Option<i32>, chrono::NaiveDate), crate::questions::report::Stats>,
    /// `sitemap.xml` by origin, versioned by the newest document change.
    pub sitemap: VersionedCache<String, String>,
    /// The home page's overview by day, versioned by the newest question, interview and
    /// document change; a minute at most, since the "next interview" moves with the clock.
    pub home: VersionedCache<chrono::NaiveDate, crate::home::types::HomeContent>,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            question_stats: VersionedCache::new(Duration::from_secs(60), 64),
            sitemap: VersionedCache::new(Duration::from_secs(300), 16),
            home: VersionedCache::new(Duration::from_secs(60), 4),
        }
    }
}

pub struct VersionedCache<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
    max_age: Duration,
    capacity: usize,
    computed: AtomicU64,
}

struct Entry<V> {
    version: String,
    at: Instant,
    value: Arc<V>,
}

impl<K, V> std::fmt::Debug for VersionedCache<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VersionedCache")
            .field("max_age", &self.max_age)
            .field("computed", &self.computed.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl<K: Hash + Eq + Clone, V> VersionedCache<K, V> {
    pub fn new(max_age: Duration, capacity: usize) -> Self {
        VersionedCache {
            entries: Mutex::new(HashMap::new()),
            max_age,
            capacity,
            computed: AtomicU64::new(0),
        }
    }

    /// The value for `key` at `version`: from the cache while fresh, else from `compute`.
    /// Two requests missing at once may both compute; the answer is the same.
    pub async fn get_or_compute<E, F>(
        &self,
        key: K,
        version: String,
        compute: F,
    ) -> Result<Arc<V>, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        if let Ok(entries) = self.entries.lock() {
            if let Some(e) = entries.get(&key) {
                if e.version == version && e.at.elapsed() < self.max_age {
                    return Ok(e.value.clone());
                }
            }
        }
        let value = Arc::new(compute.await?);
        self.computed.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut entries) = self.entries.lock() {
            // Keys come from requests (a year, an origin): never let them grow without end.
            if entries.len() >= self.capacity && !entries.contains_key(&key) {
                entries.clear();
            }
            entries.insert(
                key,
                Entry {
                    version,
                    at: Instant::now(),
                    value: value.clone(),
                },
            );
        }
        Ok(value)
    }

    /// How many times a value was computed rather than served from the cache.
    pub fn computed(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_value_is_computed_again_when_its_version_moves_or_it_ages() {
        let cache = VersionedCache::<i32, String>::new(Duration::from_secs(60), 2);
        let get = |version: &str, value: &str| {
            let value = value.to_string();
            cache.get_or_compute(1, version.to_string(), async move { Ok::<_, ()>(value) })
        };
        assert_eq!(*get("v1", "a").await.unwrap(), "a");
        assert_eq!(*get("v1", "b").await.unwrap(), "a", "served from the cache");
        assert_eq!(cache.computed(), 1);
        assert_eq!(*get("v2", "c").await.unwrap(), "c", "the data changed");
        assert_eq!(cache.computed(), 2);
        let failed = cache
            .get_or_compute(1, "v3".into(), async { Err::<String, _>("db down") })
            .await;
        assert_eq!(failed.err(), Some("db down"));
        for k in 2..10 {
            cache
                .get_or_compute(k, "v".into(), async { Ok::<_, ()>(String::new()) })
                .await
                .unwrap();
        }
        assert!(cache.entries.lock().unwrap().len() <= 2, "bounded");

        let aging = VersionedCache::<i32, i32>::new(Duration::ZERO, 2);
        for n in 0..2 {
            aging
                .get_or_compute(1, "v".into(), async move { Ok::<_, ()>(n) })
                .await
                .unwrap();
        }
        assert_eq!(aging.computed(), 2);
    }
}
