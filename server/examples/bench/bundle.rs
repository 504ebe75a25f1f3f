//! What a browser downloads before a page becomes interactive: the main module, its glue, the
//! chunk loader, and the chunks of the page's lazy route, as `make site` compressed them.
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The bundle directory `make site` named in `pkg/hash.txt`.
fn bundle_dir() -> PathBuf {
    let pkg = Path::new("target/site/pkg");
    let list = std::fs::read_to_string(pkg.join("hash.txt")).expect("run `make site` first");
    let hash = list
        .lines()
        .find_map(|l| l.strip_prefix("bundle:"))
        .expect("hash.txt names the bundle")
        .trim();
    pkg.join(hash)
}

/// Raw, gzip and brotli sizes in bytes of one file of the bundle (the `.gz` and `.br` are the
/// files the server sends as they are).
fn sizes(dir: &Path, name: &str) -> [u64; 3] {
    let len = |suffix: &str| {
        std::fs::metadata(dir.join(format!("{name}{suffix}")))
            .map(|m| m.len())
            .unwrap_or(0)
    };
    [len(""), len(".gz"), len(".br")]
}

/// Each lazy route's split file and the shared chunks it waits for, read from the loader
/// `wasm-split-cli` wrote: `const __chunk_N = makeLoad(() => { … "./chunk_N.wasm" …` and
/// `export const __wasm_split_load_<split> = wrapAsyncCb(makeLoad(() => { … "./<file>" … }, [__chunk_N, …]))`.
fn routes(loader: &str) -> Vec<(String, Vec<String>)> {
    let file_in = |block: &str| {
        block
            .split_once("new URL(\"./")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(file, _)| file.to_string())
    };
    let mut chunks = HashMap::new();
    for block in loader.split("const __chunk_").skip(1) {
        let (var, rest) = block.split_once(" = makeLoad(").unwrap_or_default();
        let head = rest.split("\n}").next().unwrap_or_default();
        // An empty chunk loads nothing (`() => async (_imp) => ({})`).
        if let Some(file) = file_in(head) {
            chunks.insert(format!("__chunk_{var}"), file);
        }
    }
    let mut routes = Vec::new();
    for block in loader.split("export const __wasm_split_load_").skip(1) {
        let (split, rest) = block.split_once(" = ").unwrap_or_default();
        let Some(file) = file_in(rest) else { continue };
        let deps = rest
            .split_once(", [")
            .and_then(|(_, d)| d.split_once(']'))
            .map(|(d, _)| d)
            .unwrap_or_default();
        let mut files = vec![file];
        files.extend(
            deps.split(',')
                .filter_map(|d| chunks.get(d.trim()).cloned()),
        );
        // `__home_route_view_<hash>` → `home_route`.
        let name = split
            .trim_start_matches('_')
            .rsplit_once("_view_")
            .map_or(split, |(n, _)| n)
            .to_string();
        routes.push((name, files));
    }
    routes.sort();
    routes
}

/// Prints the main bundle's size and, per lazy route, the first download of a page on it.
pub fn wasm_sizes() {
    let dir = bundle_dir();
    let kb = |b: u64| b as f64 / 1024.0;
    let add = |a: [u64; 3], b: [u64; 3]| [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
    println!("== bundle {} ==", dir.display());
    let mut main = [0; 3];
    for name in ["gongkai.js", "gongkai.wasm", "__wasm_split.js"] {
        let s = sizes(&dir, name);
        println!(
            "{name:<18} raw {:>8.1} KB   gzip {:>7.1} KB   brotli {:>7.1} KB",
            kb(s[0]),
            kb(s[1]),
            kb(s[2])
        );
        main = add(main, s);
    }
    let loader = std::fs::read_to_string(dir.join("__wasm_split.js")).unwrap_or_default();
    let routes = routes(&loader);
    println!(
        "main, glue and loader: raw {:.1} KB   gzip {:.1} KB   brotli {:.1} KB",
        kb(main[0]),
        kb(main[1]),
        kb(main[2])
    );
    println!("== first download per route (main + the route's chunks, brotli as sent) ==");
    let mut largest = 0;
    for (route, files) in &routes {
        let total = files.iter().fold(main, |t, f| add(t, sizes(&dir, f)));
        largest = largest.max(total[2]);
        println!(
            "{route:<24} {:>4} files   brotli {:>7.1} KB   gzip {:>7.1} KB   raw {:>8.1} KB",
            files.len() + 3,
            kb(total[2]),
            kb(total[1]),
            kb(total[0])
        );
    }
    println!(
        "first download, largest route: brotli {:.1} KB (goal 250 KB)",
        kb(largest)
    );
}
