//! `gongkai`: the server binary. Everything lives in the library so tests can drive it.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    gongkai::cli::run().await
}
