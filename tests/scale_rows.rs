//! The domain's rows of a log copied into PostgreSQL (#26): `heard migrate` rebuilds
//! `heard_rows` from the entries with the rules (as entries already in a log), up to a
//! watermark kept in the head row, so that `pg::append` decides on the same rows as the
//! embedded store; and `pg::append` refuses to decide on rows behind the log.

use crate::common;

use common::migrate as migrating;
use common::services::{connect, fresh_bucket, fresh_database};
use heard::attribution::build;
use heard::attribution::kinds::Role;
use heard::attribution::policy::batch::BatchPolicy;
use heard::keys::{DataDir, statement_key};
use heard::ledger::Ledger;
use heard::log::store::Store;
use heard::scale::pg::{self, Sequenced, Submission};
use heard::scale::{ScaleError, migrate, rows};

fn submission(s: &build::Signed) -> Submission {
    Submission { statement_hash: s.id.0, statement: s.statement.clone(), signature: s.signature, side: None }
}

/// The head row's watermark: how many entries' rows `heard_rows` holds.
async fn rows_applied(c: &tokio_postgres::Client) -> i64 {
    c.query_one("SELECT rows_applied FROM heard_head", &[]).await.unwrap().get(0)
}

/// Domain rows, key and value, in key order.
type Rows = Vec<(Vec<u8>, Vec<u8>)>;

/// A data folder filled by the demo under its own operator key, closed; with that key, the
/// embedded store's domain rows (read after the ledger is gone) and the log's size.
fn demo_folder() -> (tempfile::TempDir, ed25519_dalek::SigningKey, Rows, u64) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let ledger = Ledger::open_data_folder(&data, "scale-rows.test").unwrap();
    let (keys, _) = DataDir::new(&data).init_keys("").unwrap();
    let operator = statement_key(&keys.operator);
    heard::demo::fill(&ledger, &operator).unwrap();
    ledger.close().unwrap();
    drop(ledger);
    let store = Store::open(&data.join("db")).unwrap();
    let rows: Vec<_> = store.domain_scan(b"").map(Result::unwrap).collect();
    (tmp, operator, rows, store.size())
}

/// `heard migrate` of a demo folder leaves PostgreSQL holding the embedded store's rows, its
/// watermark at the size; a second run applies nothing; and appends are decided on those rows:
/// a new enrolment is admitted, an enrolment of a key the demo enrolled is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_rebuilds_the_rows_and_appends_follow_them() {
    let (dir, operator, embedded_rows, size) = tokio::task::spawn_blocking(demo_folder).await.unwrap();
    assert!(size > 50 && embedded_rows.len() > 50, "{size} entries, {} rows", embedded_rows.len());
    let data = dir.path().join("data");
    let url = fresh_database().await;
    let (name, _bucket) = fresh_bucket();
    let s3 = format!("s3://{name}");
    let out = migrating::migrate(&data, &url, &s3, None);
    let said = migrating::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(&format!("applied the domain rows of {size} entries in PostgreSQL (0 were")), "{said}");

    let mut c = connect(&url).await;
    let in_pg = rows::all(&c).await.unwrap();
    assert_eq!(in_pg.len(), embedded_rows.len());
    assert!(in_pg == embedded_rows, "PostgreSQL's rows differ from the embedded store's");
    assert_eq!(rows_applied(&c).await, size as i64);

    let out = migrating::migrate(&data, &url, &s3, None);
    let said = migrating::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(&format!("applied the domain rows of 0 entries in PostgreSQL ({size} were")), "{said}");
    assert!(rows::all(&c).await.unwrap() == embedded_rows, "the second run changed the rows");

    let gate = BatchPolicy::new(operator.verifying_key().to_bytes());
    let now = 2_000_000_000_000;
    let new = build::key_id(&heard::demo::demo_key("a member enrolled after the migration"));
    let fresh = build::enrol(&operator, now, new, Role::Facilitator, "New", false).unwrap();
    let amara = build::key_id(&heard::demo::demo_key("facilitator amara"));
    let again = build::enrol(&operator, now, amara, Role::Facilitator, "Amara again", false).unwrap();
    let got = pg::append(&mut c, &gate, &[submission(&fresh), submission(&again)], now).await.unwrap();
    assert!(matches!(got[0], Sequenced::New { seq, .. } if seq == size), "{got:?}");
    assert!(matches!(&got[1], Sequenced::Refused(r) if r.code == "key_in_use"), "{got:?}");
    assert_eq!(rows_applied(&c).await, size as i64 + 1, "append keeps the watermark at the size");
}

/// A log sequenced without the rules has rows behind its size: `pg::append` refuses it with
/// `rows_behind` and writes nothing; `migrate::apply_rows` brings the rows up (once: again it
/// applies nothing), after which appends are decided on them and keep the watermark up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn append_refuses_rows_behind_until_they_are_brought_up() {
    let url = fresh_database().await;
    let mut c = connect(&url).await;
    pg::migrate(&c).await.unwrap();
    let enrol = |i| migrating::enrolment(1, i);
    pg::sequence(&mut c, &[submission(&enrol(0)), submission(&enrol(1))], 1_000).await.unwrap();
    let gate = BatchPolicy::new(build::key_id(&common::operator()).0);

    let before = (migrating::tables(&c).await, rows::all(&c).await.unwrap());
    let e = pg::append(&mut c, &gate, &[submission(&enrol(2))], 2_000).await.unwrap_err();
    assert!(matches!(e, ScaleError::RowsBehind { applied: 0, size: 2 }), "{e:?}");
    assert_eq!(e.code(), "rows_behind");
    assert!(e.to_string().contains("0 of the log's 2 entries"), "{e}");
    assert!((migrating::tables(&c).await, rows::all(&c).await.unwrap()) == before, "a refused append wrote");

    let applied = migrate::apply_rows(&mut c, &gate, |_| {}).await.unwrap();
    assert_eq!(applied, migrate::RowsApplied { already: 0, applied: 2 });
    let applied = migrate::apply_rows(&mut c, &gate, |_| {}).await.unwrap();
    assert_eq!(applied, migrate::RowsApplied { already: 2, applied: 0 });

    let got = pg::append(&mut c, &gate, &[submission(&enrol(2))], 2_000).await.unwrap();
    assert!(matches!(got[..], [Sequenced::New { seq: 2, .. }]), "{got:?}");
    // Member 0 again, in a statement of its own (another author time): its key is in use.
    let member = build::key_id(&heard::demo::demo_key("member 1 0"));
    let again = build::enrol(&common::operator(), 5, member, Role::Facilitator, "Again", false).unwrap();
    let got = pg::append(&mut c, &gate, &[submission(&again)], 3_000).await.unwrap();
    assert!(matches!(&got[..], [Sequenced::Refused(r)] if r.code == "key_in_use"), "{got:?}");
    assert_eq!(rows_applied(&c).await, 3);
}

/// An entry of the folder's own log that the rules refuse stops the rows with
/// `migrate_policy`, naming the entry and the rule, and nothing is written for its batch; the
/// log copied without its rows then takes no appends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_stops_at_an_entry_the_rules_refuse() {
    let dir = migrating::embedded(1, 0..3);
    let data = dir.path().join("data");
    // An idea whose body is a bare string, appended with no rules.
    migrating::append_raw(&data, &[common::signed(1, 0)]);
    let url = fresh_database().await;
    let (name, _bucket) = fresh_bucket();
    let out = migrating::migrate(&data, &url, &format!("s3://{name}"), None);
    let said = migrating::said(&out);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("heard: migrate_policy: the rules refuse entry 3 of the log being copied ("), "{said}");
    assert!(said.contains("nothing was written for entries from 0"), "{said}");

    let mut c = connect(&url).await;
    assert_eq!(pg::head(&c).await.unwrap().0, 4, "the entries were copied");
    assert!(rows::all(&c).await.unwrap().is_empty(), "rows were written for the refused batch");
    assert_eq!(rows_applied(&c).await, 0);
    let gate = BatchPolicy::new(build::key_id(&common::operator()).0);
    let e = pg::append(&mut c, &gate, &[submission(&migrating::enrolment(1, 9))], 1).await.unwrap_err();
    assert_eq!(e.code(), "rows_behind");
}
