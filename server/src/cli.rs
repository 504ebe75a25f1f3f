//! The command line: `serve`, `migrate`, `demo-data`, `user add`.
use crate::{background, demo, startup, telemetry};
use app::auth::types::{DisplayName, Password, Role, Username};
use app::platform::Config;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read};
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "南川区政务公开平台 (Gongkai) server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site and the API (migrations run first).
    Serve {
        #[arg(long, env = "GONGKAI_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Fill the database with demonstration data (skipped when already present).
    DemoData,
    /// Rebuild the search indexes and the questions' tallies from the data.
    Reindex,
    /// Print the OpenAPI document of the REST API (as served at /api/v1/openapi.json).
    Openapi,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account. The password comes from GONGKAI_PASSWORD or standard input, never
    /// from the command line (which other users of the machine can read).
    Add {
        username: String,
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// A department the account handles for (role `handler`); repeatable.
        #[arg(long = "department")]
        departments: Vec<i32>,
        #[arg(long)]
        display_name: Option<String>,
    },
}

pub async fn run() -> ExitCode {
    telemetry::init();
    let cli = Cli::parse();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env().map_err(anyhow::Error::msg)?;
    match cli.command {
        Command::Serve { addr } => {
            let state = startup::build_state(config, startup::leptos_options(addr)).await?;
            background::spawn(state.clone());
            background::spawn_outbox(state.clone()).map_err(anyhow::Error::msg)?;
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!("serving on http://{}", listener.local_addr()?);
            startup::serve(listener, startup::router(state)).await?;
        }
        Command::Migrate => {
            app::platform::db::connect(&config.database_url).await?;
            println!("数据库已是最新结构");
        }
        Command::DemoData => {
            let state =
                startup::build_state(config, startup::leptos_options(([127, 0, 0, 1], 0).into()))
                    .await?;
            demo::load(&state).await?;
        }
        Command::Openapi => {
            println!("{}", app::api::document().to_pretty_json()?);
        }
        Command::Reindex => {
            let db = app::platform::db::connect(&config.database_url).await?;
            let q = app::questions::service::derived::rebuild(&db).await?;
            let d = app::catalog::service::search::rebuild(&db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            app::catalog::service::tallies::rebuild(&db).await?;
            println!("已重建检索索引和统计：留言 {q} 条，文件 {d} 件");
        }
        Command::User {
            command:
                UserCommand::Add {
                    username,
                    roles,
                    departments,
                    display_name,
                },
        } => {
            let username = Username::parse(&username).map_err(anyhow::Error::msg)?;
            let roles = roles
                .iter()
                .map(|r| Role::parse(r))
                .collect::<Result<Vec<_>, _>>()
                .map_err(anyhow::Error::msg)?;
            let raw = match std::env::var("GONGKAI_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    if std::io::stdin().is_terminal() {
                        eprintln!("请输入密码后按 Ctrl-D：");
                    }
                    let mut s = String::new();
                    std::io::stdin().read_to_string(&mut s)?;
                    s.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let password =
                Password::parse(&raw, Some(username.as_str())).map_err(anyhow::Error::msg)?;
            let display = DisplayName::parse(display_name.as_deref().unwrap_or(username.as_str()))
                .map_err(anyhow::Error::msg)?;
            let db = app::platform::db::connect(&config.database_url).await?;
            let user = app::auth::service::create_user(
                &db,
                &username,
                &password,
                &display,
                &roles,
                &departments,
            )
            .await
            .map_err(|e| match e.fields() {
                Some(f) => {
                    anyhow::anyhow!("{}", f.0.values().cloned().collect::<Vec<_>>().join("；"))
                }
                None => anyhow::anyhow!("{e}"),
            })?;
            println!(
                "已创建用户 {}（{}）",
                user.username,
                user.roles
                    .iter()
                    .map(|r| r.label())
                    .collect::<Vec<_>>()
                    .join("、")
            );
        }
    }
    Ok(())
}
