//! The services the scale-out tests need, started by the project's own scripts:
//! PostgreSQL (`.ci/postgres`) and moto's S3 server (`.ci/s3`). Each test gets a database and
//! a bucket of its own. When a script cannot start its service the test fails; it never skips.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;

fn service(script: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash").arg(root.join(".ci").join(script)).output().expect("running a .ci script");
    assert!(
        out.status.success(),
        ".ci/{script} could not start its service:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("a URL").trim().to_owned()
}

fn unique(what: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{what}-{}-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed), nanos % 1_000_000_000)
}

/// The URL of the test server's `postgres` database (started when it is not running).
pub fn postgres_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| service("postgres"))
}

/// A new, empty database; returns its URL.
pub async fn fresh_database() -> String {
    let base = postgres_url();
    let (client, conn) = tokio_postgres::connect(base, tokio_postgres::NoTls).await.expect("connect to PostgreSQL");
    tokio::spawn(conn);
    let name = unique("heard").replace('-', "_");
    client.batch_execute(&format!("CREATE DATABASE {name}")).await.expect("create a test database");
    let (head, _) = base.rsplit_once('/').expect("a database URL");
    format!("{head}/{name}")
}

/// A connection to `url`, driven on the current runtime.
pub async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.expect("connect to PostgreSQL");
    tokio::spawn(conn);
    client
}

/// moto's endpoint (started when it is not running).
pub fn s3_endpoint() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| service("s3"))
}

/// A store over `bucket` on the test S3 server.
pub fn bucket_store(bucket: &str) -> Arc<dyn ObjectStore> {
    Arc::new(
        AmazonS3Builder::new()
            .with_endpoint(s3_endpoint())
            .with_allow_http(true)
            .with_bucket_name(bucket)
            .with_region("us-east-1")
            .with_access_key_id("heard")
            .with_secret_access_key("heard")
            .build()
            .expect("an S3 client"),
    )
}

/// A new, empty bucket; returns its name and a store over it.
pub fn fresh_bucket() -> (String, Arc<dyn ObjectStore>) {
    let name = unique("heard");
    let url = format!("{}/{name}", s3_endpoint());
    ureq::put(&url).send_empty().expect("create a test bucket");
    let store = bucket_store(&name);
    (name, store)
}
