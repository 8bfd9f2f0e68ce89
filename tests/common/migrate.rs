//! Helpers for the `heard migrate` tests: an embedded data folder with a log in it, the
//! command run against the test PostgreSQL and S3 server, and what each side holds.

use std::path::Path;
use std::process::{Command, Output};

use heard::log::LogConfig;
use heard::log::store::Store;
use heard::protocol::note::{Checkpoint, Note};

use super::services::s3_endpoint;
use super::{ORIGIN, log_signer, operator};

/// A data folder (`<tmp>/data`, with the tests' log and operator keys) whose log holds the
/// enrolments of `author`'s members numbered `range` (see [`append`]).
pub fn embedded(author: u8, range: std::ops::Range<u64>) -> tempfile::TempDir {
    let dir = super::folder();
    append(&dir.path().join("data"), author, range);
    dir
}

/// Appends to the log in `data` the operator's enrolments of `author`'s members numbered
/// `range` (statements the domain's rules admit, so that `heard migrate` can rebuild the rows:
/// each a key of its own, unique for (author, i)), and closes it (which signs a checkpoint
/// over them). On a thread of its own: the log's appends block, which a test's async runtime
/// does not allow.
pub fn append(data: &Path, author: u8, range: std::ops::Range<u64>) {
    let statements: Vec<_> = range
        .map(|i| {
            let s = enrolment(author, i);
            (s.statement, s.signature)
        })
        .collect();
    append_raw(data, &statements);
}

/// The operator's enrolment of `author`'s member `i`, at author time `1_700_000_000_000 + i`.
pub fn enrolment(author: u8, i: u64) -> heard::attribution::build::Signed {
    let member = heard::attribution::build::key_id(&heard::demo::demo_key(&format!("member {author} {i}")));
    let role = heard::attribution::kinds::Role::Facilitator;
    heard::attribution::build::enrol(&operator(), 1_700_000_000_000 + i, member, role, "Member", false).expect("enrol")
}

/// Appends `statements` (bytes, signature) to the log in `data` as they are, with no rules,
/// and closes it (which signs a checkpoint over them). On a thread of its own, as [`append`].
pub fn append_raw(data: &Path, statements: &[(Vec<u8>, [u8; 64])]) {
    std::thread::scope(|s| {
        s.spawn(|| {
            let log = heard::log::Log::open(&data.join("db"), log_signer(), LogConfig::new(ORIGIN)).expect("open log");
            for (b, s) in statements {
                log.append(b, s).expect("append");
            }
            log.close().expect("close log");
        });
    });
}

/// The embedded log's entries (canonical bytes, in seq order) and its signed checkpoint note.
pub fn embedded_log(data: &Path) -> (Vec<Vec<u8>>, String) {
    let store = Store::open(&data.join("db")).expect("open store");
    let entries: Vec<Vec<u8>> = store.entries(0).map(|r| r.expect("an entry").1).collect();
    let note = store.head().expect("head").checkpoint.expect("a checkpoint");
    let cp = Checkpoint::parse_text(&Note::parse(&note).unwrap().text).unwrap();
    assert_eq!(cp.size, entries.len() as u64, "the folder's checkpoint covers its whole journal");
    (entries, note)
}

/// Runs `heard migrate --data DATA --postgres PG --bucket BUCKET [--prefix P]` with the test S3
/// server's endpoint and credentials in the AWS environment variables.
pub fn migrate(data: &Path, postgres: &str, bucket: &str, prefix: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_heard"));
    cmd.arg("migrate").arg("--data").arg(data).args(["--postgres", postgres, "--bucket", bucket]);
    if let Some(p) = prefix {
        cmd.args(["--prefix", p]);
    }
    s3_env(&mut cmd);
    cmd.output().expect("run heard migrate")
}

/// Gives `cmd` the test S3 server's endpoint and credentials in the AWS environment
/// variables, and none of the HEARD_POSTGRES / HEARD_BUCKET ones.
pub fn s3_env(cmd: &mut Command) {
    for k in ["HEARD_POSTGRES", "HEARD_BUCKET", "HEARD_BUCKET_PREFIX", "AWS_PROFILE", "AWS_SESSION_TOKEN"] {
        cmd.env_remove(k);
    }
    cmd.env("AWS_ENDPOINT_URL", s3_endpoint())
        .env("AWS_ACCESS_KEY_ID", "heard")
        .env("AWS_SECRET_ACCESS_KEY", "heard")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ALLOW_HTTP", "true");
}

/// The command's stdout and stderr, for assertion messages.
pub fn said(out: &Output) -> String {
    format!("stdout:\n{}\nstderr:\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// Everything the log's tables (and those beside it) hold, in a fixed order, to compare before and after.
pub async fn tables(client: &tokio_postgres::Client) -> Vec<String> {
    let mut out = Vec::new();
    for q in [
        "SELECT size::text || ' ' || encode(last_hash, 'hex') || ' ' || last_time::text || ' ' || integrated::text \
         FROM heard_head",
        "SELECT seq::text || ' ' || encode(statement_hash, 'hex') || ' ' || encode(entry_hash, 'hex') || ' ' || \
         encode(entry, 'hex') FROM heard_entries ORDER BY seq",
        "SELECT level::text || ' ' || idx::text || ' ' || encode(hash, 'hex') FROM heard_nodes ORDER BY level, idx",
        "SELECT size::text || ' ' || encode(root, 'hex') || ' ' || note FROM heard_checkpoints ORDER BY size",
        "SELECT seq::text || ' ' || coalesce(encode(value, 'hex'), 'erased') FROM heard_side ORDER BY seq",
        "SELECT size::text || ' ' || encode(witness, 'hex') || ' ' || line FROM heard_cosignatures \
         ORDER BY size, witness",
    ] {
        for row in client.query(q, &[]).await.expect("read a table") {
            out.push(row.get(0));
        }
    }
    out
}

/// Whether the database has the log's tables at all.
pub async fn has_tables(client: &tokio_postgres::Client) -> bool {
    client.query_one("SELECT to_regclass('heard_head') IS NOT NULL", &[]).await.expect("a catalogue query").get(0)
}
