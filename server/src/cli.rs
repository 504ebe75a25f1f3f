//! The command line: `serve`, `migrate`, `demo-data`, `user add`, `backup`, `restore`.
use crate::{background, backup, demo, memory, startup, telemetry};
use app::auth::types::{DisplayName, Password, Role, Username};
use app::platform::Config;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
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
    /// Back up the database and the attachments into a new or empty directory. The server
    /// may keep running. The key file is left out unless `--with-key`.
    Backup {
        dir: PathBuf,
        /// Put the server's key into the backup too: whoever holds the backup can then read
        /// the ID numbers and test the query codes the key protects.
        #[arg(long)]
        with_key: bool,
    },
    /// Restore a backup made by `backup` into the configured database and attachments
    /// directory. Stop the server first.
    Restore {
        dir: PathBuf,
        /// Overwrite a database that already holds data.
        #[arg(long)]
        force: bool,
    },
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
            // The password hashing threads and their memory, before the first request.
            let threads = app::auth::start_password_pool();
            tracing::debug!(threads, "password hashing pool started");
            background::spawn(state.clone());
            memory::spawn();
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
        Command::Backup { dir, with_key } => {
            let m = backup::backup(&config, &dir, with_key).await?;
            println!(
                "备份完成：{}（{}，{} 张表共 {} 行，附件 {} 个共 {} 字节）",
                dir.display(),
                m.backend.label(),
                m.tables.len(),
                m.total_rows(),
                m.attachments.len(),
                m.attachment_bytes()
            );
            if with_key {
                eprintln!(
                    "注意：这份备份含有服务器密钥，拿到它的人可以读取其中加密的身份证号、验证查询码。\
                     请像保管密钥本身一样保管它。"
                );
            } else {
                let source = match config.secret_key {
                    Some(_) => "GONGKAI_SECRET_KEY".to_string(),
                    None => format!("密钥文件 {}", config.key_file.display()),
                };
                eprintln!(
                    "提醒：备份中不含服务器密钥（{source}）。没有它，恢复后加密的身份证号无法读取，\
                     查询码也无法验证。请另行备份密钥，并与这份备份分开存放。"
                );
            }
        }
        Command::Restore { dir, force } => {
            let m = backup::restore(&config, &dir, force).await?;
            println!(
                "恢复完成：{}（{}，备份于 {}，{} 张表共 {} 行与清单一致，附件 {} 个）",
                dir.display(),
                m.backend.label(),
                m.created_at,
                m.tables.len(),
                m.total_rows(),
                m.attachments.len()
            );
            if config.secret_key.is_none() && !config.key_file.exists() {
                eprintln!(
                    "提醒：{} 处没有密钥。启动前请把原服务器的密钥放回这里（或设置 GONGKAI_SECRET_KEY），\
                     否则服务器会生成新密钥，恢复的身份证号和查询码将无法使用。",
                    config.key_file.display()
                );
            }
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
