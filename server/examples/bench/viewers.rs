//! The live bench's viewers, in processes of their own. A process may hold only so many
//! open files (20,000 here, a hard limit a container cannot raise), and 20,000 viewers
//! would not fit beside anything else in the bench's own process. `bench live-viewers …`
//! runs one group of viewers; the bench talks to it in lines:
//!
//! - group → bench: `settled <connected> <refused> <on a connection of its own> <first
//!   refusal>`, once every viewer has connected or been refused;
//! - bench → group: `await <event id>,<event id>,… <deadline>`, after the host's messages;
//! - group → bench: `r <viewer> <event id> <arrival>` for every event that arrived, then
//!   `done`, once every viewer has every awaited event or the deadline has passed.
//!
//! Times are `CLOCK_MONOTONIC` nanoseconds, one clock for every process on the machine, so
//! the bench can subtract its send time from a group's arrival time.
use futures::StreamExt;
use std::collections::HashSet;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncBufReadExt;

/// Viewers per group: half the open-files limit, so a group never nears it.
pub const PER_GROUP: usize = 10_000;

/// Nanoseconds on the machine-wide monotonic clock.
pub fn mono_ns() -> u64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the one struct passed.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_MONOTONIC)");
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

/// (viewer, event id, arrival in monotonic ns).
type Receipts = Arc<Mutex<Vec<(usize, i32, u64)>>>;

/// How the viewers' connections went.
#[derive(Default)]
struct Connections {
    connected: AtomicUsize,
    refused: AtomicUsize,
    /// Streams answered with `connection: close`: by the event-stream listener, on a
    /// connection opened for the stream (the others came through hyper).
    own_connection: AtomicUsize,
    /// The first refusal, to name in the failure.
    first_error: Mutex<Option<String>>,
}

impl Connections {
    fn refuse(&self, why: String) {
        self.refused.fetch_add(1, Ordering::Relaxed);
        self.first_error.lock().unwrap().get_or_insert(why);
    }

    fn settled(&self) -> usize {
        self.connected.load(Ordering::Relaxed) + self.refused.load(Ordering::Relaxed)
    }
}

/// One viewer, as a browser's EventSource: records when each numbered event arrives. Only
/// a `200 text/event-stream` answer counts as connected. With `warm_up`, it first fetches
/// that URL on the connection it then asks for the stream on, as a browser does that
/// loaded the page over a connection it keeps alive.
fn viewer(
    client: reqwest::Client,
    n: usize,
    url: String,
    warm_up: Option<String>,
    receipts: Receipts,
    connections: Arc<Connections>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if let Some(warm_up) = warm_up {
            // Read to the end, so that the connection goes back to the pool for the stream.
            let got = match client.get(&warm_up).send().await {
                Ok(res) => res.bytes().await.map(|_| ()),
                Err(e) => Err(e),
            };
            if let Err(e) = got {
                return connections.refuse(format!("{e}"));
            }
        }
        let res = match client
            .get(&url)
            .header("accept", "text/event-stream")
            .send()
            .await
        {
            Ok(res) => res,
            Err(e) => return connections.refuse(format!("{e}")),
        };
        let event_stream = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        if !res.status().is_success() || !event_stream {
            return connections.refuse(format!(
                "{} {:?}",
                res.status(),
                res.headers().get("content-type")
            ));
        }
        connections.connected.fetch_add(1, Ordering::Relaxed);
        if res
            .headers()
            .get("connection")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"close"))
        {
            connections.own_connection.fetch_add(1, Ordering::Relaxed);
        }
        let mut stream = res.bytes_stream();
        let mut buf = String::new();
        while let Some(Ok(chunk)) = stream.next().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(end) = buf.find("\n\n") {
                let block: String = buf.drain(..end + 2).collect();
                if let Some(id) = block
                    .lines()
                    .find_map(|l| l.strip_prefix("id:"))
                    .and_then(|v| v.trim().parse().ok())
                {
                    receipts.lock().unwrap().push((n, id, mono_ns()));
                }
            }
        }
    })
}

/// `bench live-viewers <viewers in all> <groups> <this group> <stream URL>…`: this group's
/// viewers are numbers `group, group + groups, …`; viewer `n` watches URL `n % URLs`.
pub async fn group(args: &[String]) {
    let [total, groups, me, urls @ ..] = args else {
        panic!("live-viewers <viewers> <groups> <group> <url>…");
    };
    let (total, groups, me): (usize, usize, usize) = (
        total.parse().unwrap(),
        groups.parse().unwrap(),
        me.parse().unwrap(),
    );
    assert!(
        !urls.is_empty() && me < groups,
        "live-viewers: no URL or no such group"
    );
    let mine: Vec<usize> = (me..total).step_by(groups).collect();
    super::live::raise_open_files(mine.len());
    let receipts: Receipts = Arc::new(Mutex::new(Vec::new()));
    let connections = Arc::new(Connections::default());
    // Viewers ask as a browser's EventSource does (Accept-Encoding included). With
    // GONGKAI_BENCH_REUSE each first fetches the interview and then asks for its stream on
    // the same kept-alive connection, as a browser that has just loaded the page does;
    // without, each opens a connection for its stream.
    let reuse = std::env::var_os("GONGKAI_BENCH_REUSE").is_some();
    let browser = super::load::browser_client(if reuse { usize::MAX } else { 0 });
    let handles: Vec<_> = mine
        .iter()
        .map(|&n| {
            let url = urls[n % urls.len()].clone();
            let warm_up = reuse.then(|| {
                url.split("/events")
                    .next()
                    .expect("a stream URL")
                    .to_string()
            });
            viewer(
                browser.clone(),
                n,
                url,
                warm_up,
                receipts.clone(),
                connections.clone(),
            )
        })
        .collect();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while connections.settled() < mine.len() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let connected = connections.connected.load(Ordering::Relaxed);
    let first = connections.first_error.lock().unwrap().clone();
    println!(
        "settled {connected} {} {} {}",
        connections.refused.load(Ordering::Relaxed),
        connections.own_connection.load(Ordering::Relaxed),
        first.as_deref().unwrap_or("-").replace('\n', " ")
    );

    let mut line = String::new();
    tokio::io::BufReader::new(tokio::io::stdin())
        .read_line(&mut line)
        .await
        .unwrap();
    let mut words = line.split_whitespace();
    assert_eq!(words.next(), Some("await"), "live-viewers: {line:?}");
    let awaited: HashSet<i32> = words
        .next()
        .unwrap()
        .split(',')
        .map(|id| id.parse().unwrap())
        .collect();
    let until: u64 = words.next().unwrap().parse().unwrap();
    let expected = connected * awaited.len();
    let arrived = || {
        receipts
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, e, _)| awaited.contains(e))
            .count()
    };
    while arrived() < expected && mono_ns() < until {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for h in handles {
        h.abort();
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (viewer, event, at) in receipts.lock().unwrap().iter() {
        writeln!(out, "r {viewer} {event} {at}").unwrap();
    }
    writeln!(out, "done").unwrap();
    out.flush().unwrap();
}
