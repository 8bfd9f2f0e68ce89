//! `heard-bench`: Heard's benchmark, outside the product binary. It measures the machine's
//! physical limits and the log's figures as ratios to them, through the `heard` library
//! ([`library`]), over loopback HTTP against a `heard serve` child ([`http`]), or for search
//! ([`search`]). It prints figures; it asserts none.

mod followers;
mod http;
mod library;
mod pg;
mod pg_serve;
mod search;
mod startup;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The same allocator as the `heard` binary, so that the library benchmark and the floor
/// server measure what `heard` itself would (src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Measure the machine's limits and the log's throughput; prints figures and ratios.
///
/// Example: heard-bench --entries 1000000
#[derive(Parser)]
#[command(name = "heard-bench", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(flatten)]
    bench: library::BenchArgs,
    #[command(subcommand)]
    command: Option<Sub>,
}

#[derive(Subcommand)]
enum Sub {
    /// Internal to `heard-bench --http`: the floor under its appends, a server that checks
    /// statements and keeps nothing.
    #[command(hide = true)]
    Floor(http::FloorArgs),
    /// The store's followers' workload (hash keys and domain rows, 7 per entry in groups of
    /// 64) on sled and on fjall side by side: insert rate, lookups, RSS, disk.
    ///
    /// Example: heard-bench followers --entries 1000000
    Followers(followers::FollowersArgs),
    /// Start-up: the time `heard serve` takes to open a data folder and the bytes it reads,
    /// beside the folder's size and the time to read all of it once.
    ///
    /// Example: heard-bench open --data /tmp/b/http
    Open(startup::OpenArgs),
    /// Appends with a receipt in each answer through PostgreSQL and a bucket (`PgLog`), with
    /// 1, 2, … `PgLog`s at once, beside PostgreSQL's commit rate measured in the same run.
    ///
    /// Example: heard-bench pg --postgres postgres://heard@127.0.0.1:5432/postgres --bucket s3://heard
    Pg(pg::PgArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let done = match cli.command {
        Some(Sub::Floor(args)) => http::floor_serve(&args),
        Some(Sub::Followers(args)) => followers::run(args),
        Some(Sub::Open(args)) => startup::run(args),
        Some(Sub::Pg(args)) => pg::run(args),
        None => library::run(cli.bench),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("heard-bench: {e:#}");
            ExitCode::from(2)
        }
    }
}
