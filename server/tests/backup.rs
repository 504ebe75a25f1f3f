//! `gongkai backup` and `gongkai restore` on real data: every row and every attachment byte
//! comes back in a fresh database; a damaged backup, a database in use and another key are
//! refused before anything changes; the key travels only when asked for.
mod common;

use app::auth::Role;
use app::platform::Config;
use common::{json, spawn_app, TestApp};
use gongkai::backup::{self, Manifest};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A directory of the test's own, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(what: &str) -> Scratch {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        Scratch(std::env::temp_dir().join(format!(
            "gk_backup_{what}_{}_{n}_{nanos}",
            std::process::id()
        )))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What the tests look for after a restore.
struct Made {
    tracking_no: String,
    query_code: String,
    pdf: Vec<u8>,
}

/// A question, an application and a published document with a PDF attachment.
async fn make_data(app: &TestApp) -> Made {
    let mut anon = app.client();
    let q = json(
        anon.post(
            "/api/v1/questions",
            &serde_json::json!({
                "kind": "help", "title": "医保咨询", "body": "请问城乡居民医保门诊怎么报销？",
                "is_public": true, "contact": {"name": "张三", "phone": "13812341234"}
            }),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    common::disclosure::apply(
        &mut anon,
        "natural_person",
        &common::disclosure::resident_id(),
    )
    .await;

    let mut ed = app.signed_in("bianji", &[Role::Editor]).await;
    let dept = common::catalog::first_department(&mut ed).await;
    let d = json(
        ed.post(
            "/api/v1/documents",
            &common::catalog::doc(dept, "关于医保缴费的通知", "正文"),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let pdf = gongkai::demo::pdf::minimal_pdf(&["Backup test"]);
    json(
        ed.upload(
            &format!("/api/v1/documents/{}/attachments", d["id"]),
            "通知.pdf",
            "application/pdf",
            &pdf,
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    Made {
        tracking_no: q["tracking_no"].as_str().unwrap().to_string(),
        query_code: q["query_code"].as_str().unwrap().to_string(),
        pdf,
    }
}

/// A configuration for restoring into `url`, with attachments and key under `scratch`.
fn target_config(url: &str, scratch: &Scratch) -> Config {
    let mut config = Config::for_database(url);
    config.attachments_dir = scratch.0.join("attachments");
    config.key_file = scratch.0.join("secret").join("gongkai.key");
    config
}

/// Every file under `root`, relative to it, with its bytes; `skip` (a subdirectory) aside.
fn files_under(root: &Path, skip: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            if skip.iter().any(|s| rel == *s) {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

async fn counts_in(url: &str) -> BTreeMap<String, u64> {
    let db = app::platform::db::connect(url).await.unwrap();
    let counts = backup::row_counts(&db).await.unwrap();
    db.close().await.unwrap();
    counts
}

/// Rows in `users` and `questions` of the database at `url`.
async fn people_and_questions(url: &str) -> (u64, u64) {
    let counts = counts_in(url).await;
    (counts["users"], counts["questions"])
}

/// A server on `config` (as after a restore); its base URL.
async fn serve(config: Config) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = gongkai::startup::build_state(config, gongkai::startup::leptos_options(addr))
        .await
        .unwrap();
    let router = gongkai::startup::router(state);
    tokio::spawn(async move {
        let _ = gongkai::startup::serve(listener, router).await;
    });
    format!("http://{addr}")
}

/// The status of tracking the question by its number and query code on the server at `base`.
async fn track(base: &str, made: &Made) -> StatusCode {
    reqwest::get(format!(
        "{base}/api/v1/questions/{}?query_code={}",
        made.tracking_no, made.query_code
    ))
    .await
    .unwrap()
    .status()
}

fn assert_manifest_covers_the_data(m: &Manifest, pdf: &[u8]) {
    for table in [
        "users",
        "questions",
        "disclosure_requests",
        "documents",
        "document_attachments",
    ] {
        assert!(
            m.tables.get(table).copied().unwrap_or(0) > 0,
            "{table}: {m:?}"
        );
    }
    assert_eq!(m.attachments.len(), 1, "{m:?}");
    assert_eq!(m.attachments[0].size, pdf.len() as u64);
}

#[tokio::test]
async fn a_backup_restores_every_row_and_file_into_a_fresh_database() {
    let app = spawn_app().await;
    let made = make_data(&app).await;
    let source = &app.state.config;
    let out = Scratch::new("out");

    let m = backup::backup(source, &out.0, false).await.unwrap();
    let expected = if app.is_postgres() {
        backup::Backend::Postgres
    } else {
        backup::Backend::Sqlite
    };
    assert_eq!(m.backend, expected);
    assert_manifest_covers_the_data(&m, &made.pdf);
    // The source is idle: its counts now are the snapshot's.
    let source_counts = backup::row_counts(&app.state.db).await.unwrap();
    assert_eq!(m.tables, source_counts);
    let on_disk: Manifest =
        serde_json::from_slice(&std::fs::read(out.0.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(on_disk.tables, m.tables);
    assert!(chrono::DateTime::parse_from_rfc3339(&on_disk.created_at).is_ok());

    // Without --with-key the key is nowhere in the backup, not even where the harness keeps
    // it: inside the attachments directory.
    let key = std::fs::read(&source.key_file).unwrap();
    assert!(!out.0.join("gongkai.key").exists());
    assert!(!m.key_included);
    let key_text = String::from_utf8_lossy(&key).trim().to_string();
    for (name, bytes) in files_under(&out.0, &[]) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&key_text),
            "the key is in {name}"
        );
    }

    // A directory that already holds something is refused.
    let again = backup::backup(source, &out.0, false).await.unwrap_err();
    assert!(format!("{again:#}").contains("不是空的"), "{again:#}");

    let (url, _guard) = common::fresh_restore_target().await;
    let scratch = Scratch::new("target");
    let target = target_config(&url, &scratch);
    backup::restore(&target, &out.0, false).await.unwrap();

    assert_eq!(counts_in(&url).await, source_counts);
    let originals = files_under(&source.attachments_dir, &["secret", ".tmp"]);
    let restored = files_under(&target.attachments_dir, &[]);
    assert_eq!(originals.len(), 1);
    assert_eq!(restored, originals);
    assert_eq!(restored.values().next().unwrap(), &made.pdf);
    let listed: Vec<_> = m.attachments.iter().map(|a| a.path.clone()).collect();
    assert_eq!(listed, originals.keys().cloned().collect::<Vec<_>>());

    // Now the target holds data: refused without --force, and nothing changes.
    let err = backup::restore(&target, &out.0, false).await.unwrap_err();
    assert!(format!("{err:#}").contains("已有数据"), "{err:#}");
    backup::restore(&target, &out.0, true).await.unwrap();
    assert_eq!(counts_in(&url).await, source_counts);

    // The backup had no key and none was put in place: a server started on the restored
    // data makes a new key, and the applicant's query code no longer opens the question.
    assert!(!target.key_file.exists());
    let base = serve(target.clone()).await;
    assert_eq!(track(&base, &made).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn restore_refuses_a_damaged_backup_before_changing_anything() {
    let app = spawn_app().await;
    make_data(&app).await;
    let out = Scratch::new("out");
    let m = backup::backup(&app.state.config, &out.0, true)
        .await
        .unwrap();

    let (url, _guard) = common::fresh_restore_target().await;
    let scratch = Scratch::new("target");
    let target = target_config(&url, &scratch);

    // One byte flipped in the copy of the attachment.
    let copy = out.0.join("attachments").join(&m.attachments[0].path);
    let mut bytes = std::fs::read(&copy).unwrap();
    bytes[10] ^= 0x01;
    std::fs::write(&copy, &bytes).unwrap();
    let err = backup::restore(&target, &out.0, false).await.unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.contains(&m.attachments[0].path) && msg.contains("SHA-256"),
        "{msg}"
    );
    assert!(!target.attachments_dir.exists());
    assert!(!target.key_file.exists());
    assert_eq!(people_and_questions(&url).await, (0, 0));
    bytes[10] ^= 0x01;
    std::fs::write(&copy, &bytes).unwrap();

    // A manifest for the other kind of database.
    let manifest_file = out.0.join("manifest.json");
    let original = std::fs::read_to_string(&manifest_file).unwrap();
    let other = if app.is_postgres() {
        r#""backend": "sqlite""#
    } else {
        r#""backend": "postgres""#
    };
    let swapped = original
        .replace(r#""backend": "sqlite""#, other)
        .replace(r#""backend": "postgres""#, other);
    assert_ne!(swapped, original);
    std::fs::write(&manifest_file, swapped).unwrap();
    let err = backup::restore(&target, &out.0, false).await.unwrap_err();
    assert!(format!("{err:#}").contains("数据库"), "{err:#}");
    std::fs::write(&manifest_file, &original).unwrap();

    // A backup without its manifest is incomplete.
    std::fs::remove_file(&manifest_file).unwrap();
    let err = backup::restore(&target, &out.0, false).await.unwrap_err();
    assert!(format!("{err:#}").contains("清单"), "{err:#}");

    assert!(!target.attachments_dir.exists());
    assert!(!target.key_file.exists());
    assert_eq!(people_and_questions(&url).await, (0, 0));
}

#[tokio::test]
async fn the_key_travels_only_when_asked_for_and_never_replaces_another() {
    let app = spawn_app().await;
    let made = make_data(&app).await;
    let key = std::fs::read(&app.state.config.key_file).unwrap();
    let out = Scratch::new("out");
    let m = backup::backup(&app.state.config, &out.0, true)
        .await
        .unwrap();
    assert!(m.key_included);
    let in_backup = out.0.join("gongkai.key");
    assert_eq!(std::fs::read(&in_backup).unwrap(), key);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&in_backup).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Only once, at the top: not also among the attachments.
    assert!(m
        .attachments
        .iter()
        .all(|a| !a.path.contains("gongkai.key")));

    // A target that has a key of its own keeps it: refused, nothing changed.
    let (url, _guard) = common::fresh_restore_target().await;
    let scratch = Scratch::new("target");
    let target = target_config(&url, &scratch);
    let theirs = format!("{}\n", "ab".repeat(32));
    std::fs::create_dir_all(target.key_file.parent().unwrap()).unwrap();
    std::fs::write(&target.key_file, &theirs).unwrap();
    let err = backup::restore(&target, &out.0, true).await.unwrap_err();
    assert!(format!("{err:#}").contains("不同的密钥"), "{err:#}");
    assert_eq!(std::fs::read_to_string(&target.key_file).unwrap(), theirs);
    assert!(!target.attachments_dir.exists());
    assert_eq!(people_and_questions(&url).await, (0, 0));

    // Without a key there, the backup's is put in place (owner only), and the restored
    // site still opens the question with the applicant's query code.
    std::fs::remove_file(&target.key_file).unwrap();
    backup::restore(&target, &out.0, true).await.unwrap();
    assert_eq!(std::fs::read(&target.key_file).unwrap(), key);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target.key_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let base = serve(target.clone()).await;
    assert_eq!(track(&base, &made).await, StatusCode::OK);
}
