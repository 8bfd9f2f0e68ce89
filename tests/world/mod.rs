//! A ledger with named keys, for the domain tests: in a temporary folder ([`World::new`]) or
//! on PostgreSQL and a bucket ([`World::postgres`]), each a fresh one. What a test reads of
//! the ledger it reads through [`Ledger::reads`] and [`Ledger::log`], so it runs on both.
#![allow(dead_code)]

use std::cell::Cell;
use std::sync::Arc;

use ed25519_dalek::SigningKey;
use heard::attribution::kinds::*;
use heard::attribution::payment::Payment;
use heard::ledger::{Beside, IdeaText, Ledger, LedgerError};
use heard::log::{Appended, LogConfig};
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::{Statement, statement_hash};
use heard::scale::backend::PgBackend;
use heard::scale::service::PgConfig;
use object_store::ObjectStore;

use crate::common::services::{connect, fresh_bucket, fresh_database};

pub const ORIGIN: &str = "test.heard/log";

pub fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

pub fn pk(k: &SigningKey) -> Id {
    Id(k.verifying_key().to_bytes())
}

/// Which backend a world's ledger runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum On {
    /// The embedded store in a temporary folder.
    Embedded,
    /// A fresh PostgreSQL database and a fresh bucket.
    Postgres,
}

pub struct World {
    /// The embedded store's folder (empty for a world on PostgreSQL).
    pub dir: tempfile::TempDir,
    pub ledger: Ledger,
    pub operator: SigningKey,
    time: Cell<u64>,
    /// After `ledger`, so the log's tasks stop before their runtime does.
    pg: Option<PgWorld>,
}

/// What a world on PostgreSQL keeps beside its ledger: the runtime the log's tasks run on
/// (alive as long as the ledger), and where the log is, for the audit.
struct PgWorld {
    runtime: Option<tokio::runtime::Runtime>,
    url: String,
    bucket: Arc<dyn ObjectStore>,
}

impl Drop for PgWorld {
    fn drop(&mut self) {
        // A runtime may not be dropped on a runtime's thread (an async test ends with its
        // world); shutting it down in the background may.
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// Everything a refused statement must leave unchanged.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub size: u64,
    pub root: [u8; 32],
    pub rows: Vec<(Vec<u8>, Vec<u8>)>,
}

impl World {
    pub fn new() -> World {
        World::with_clock(heard::log::clock::Clock::system())
    }

    /// A world whose log stamps entries with `clock` (a test moves it forward).
    pub fn with_clock(clock: heard::log::clock::Clock) -> World {
        let dir = tempfile::tempdir().expect("tempdir");
        let operator = key(200);
        let signer = NoteSigner::new(ORIGIN, [42; 32]).expect("signer");
        let config = LogConfig { clock, ..LogConfig::new(ORIGIN) };
        let ledger = Ledger::open(&dir.path().join("db"), signer, config, operator.verifying_key().to_bytes())
            .expect("open ledger");
        World { dir, ledger, operator, time: Cell::new(1_700_000_000_000), pg: None }
    }

    /// A world on `on`.
    pub fn on(on: On) -> World {
        match on {
            On::Embedded => World::new(),
            On::Postgres => World::postgres(),
        }
    }

    /// A world whose ledger runs on a fresh PostgreSQL database and a fresh bucket, with the
    /// same log key and operator as [`World::new`]'s. Its runtime is made on a thread of its
    /// own, so this may be called from anywhere (a test's runtime, `spawn_blocking`).
    pub fn postgres() -> World {
        let operator = key(200);
        let op = operator.verifying_key().to_bytes();
        let (runtime, url, bucket, backend) = std::thread::spawn(move || {
            let rt =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
            let url = rt.block_on(fresh_database());
            let (_, bucket) = fresh_bucket();
            let signer = NoteSigner::new(ORIGIN, [42; 32]).expect("signer");
            let backend = rt
                .block_on(PgBackend::open(&url, bucket.clone(), "", signer, op, PgConfig::default()))
                .expect("open the log on PostgreSQL");
            (rt, url, bucket, backend)
        })
        .join()
        .expect("setting up PostgreSQL");
        World {
            dir: tempfile::tempdir().expect("tempdir"),
            ledger: Ledger::on_postgres(Arc::new(backend), op),
            operator,
            time: Cell::new(1_700_000_000_000),
            pg: Some(PgWorld { runtime: Some(runtime), url, bucket }),
        }
    }

    /// Which backend this world runs on.
    pub fn backend(&self) -> On {
        if self.pg.is_some() { On::Postgres } else { On::Embedded }
    }

    /// The policy audit of the whole log, which must pass; returns the entries it replayed.
    /// Embedded: [`Ledger::audit_policy`]. On PostgreSQL: `heard audit --postgres`'s audit
    /// of the log, the bucket and the rules.
    pub fn audit(&self) -> u64 {
        let Some(pg) = &self.pg else {
            let report = self.ledger.audit_policy().unwrap_or_else(|f| panic!("policy audit: {f:?}"));
            return report.entries;
        };
        let backend = self.ledger.postgres().expect("a ledger on PostgreSQL");
        let key = self.ledger.log().verifier().clone();
        let op = self.operator.verifying_key().to_bytes();
        let audited = backend
            .run(async {
                let client = connect(&pg.url).await;
                heard::scale::audit::audit(&client, &pg.bucket, "", &key, Some(op)).await
            })
            .expect("PostgreSQL and the bucket can be read");
        let log = audited.log.unwrap_or_else(|f| panic!("log audit: {f}"));
        audited.policy.expect("a policy audit").unwrap_or_else(|f| panic!("policy audit: {f}"));
        log.entries + log.unsigned
    }

    pub fn sign(&self, who: &SigningKey, body: &Body) -> (Vec<u8>, [u8; 64]) {
        let t = self.time.get() + 1;
        self.time.set(t);
        Statement {
            kind: body.kind(),
            time: t,
            author: who.verifying_key().to_bytes(),
            body: body.encode().expect("body"),
        }
        .sign(who)
    }

    pub fn submit(&self, who: &SigningKey, body: Body, text: Option<IdeaText>) -> Result<(Id, Appended), LedgerError> {
        let (bytes, sig) = self.sign(who, &body);
        let a = self.ledger.submit(&bytes, &sig, text)?;
        Ok((Id(statement_hash(&bytes)), a))
    }

    /// Submits and expects success; returns the statement hash.
    pub fn ok(&self, who: &SigningKey, body: Body) -> Id {
        self.submit(who, body, None).unwrap_or_else(|e| panic!("refused: {} ({e})", e.code())).0
    }

    /// Submits and returns the refusal code.
    pub fn refused(&self, who: &SigningKey, body: Body) -> &'static str {
        match self.submit(who, body, None) {
            Ok(_) => panic!("accepted, expected a refusal"),
            Err(e) => e.code(),
        }
    }

    pub fn enrol(&self, k: &SigningKey, role: Role, name: &str) -> Id {
        self.ok(
            &self.operator,
            Body::Enrol(EnrolBody { key: pk(k), role: role.code(), name: name.into(), action: ACTION_ENROL }),
        )
    }

    pub fn consultation(&self, by: &SigningKey, title: &str, convenor: &SigningKey, closes: Option<u64>) -> Id {
        self.ok(by, consultation_body(title, convenor, closes))
    }

    /// An idea with its text; `text` is also the seed of its salt so tests are repeatable.
    pub fn idea(&self, by: &SigningKey, body: IdeaBody, text: &str) -> Result<Id, LedgerError> {
        let t = IdeaText { salt: vec![body.tags.len() as u8; 32], text: text.into() };
        let mut body = body;
        body.digest = Id(t.digest());
        self.submit(by, Body::Idea(body), Some(t)).map(|r| r.0)
    }

    /// An idea statement whose digest is `text`'s, signed by `by` and not yet submitted.
    pub fn sign_idea(&self, by: &SigningKey, body: IdeaBody, text: &IdeaText) -> (Vec<u8>, [u8; 64]) {
        self.sign(by, &Body::Idea(IdeaBody { digest: Id(text.digest()), ..body }))
    }

    /// An acknowledgement of a payment: its digest in the body, the amount beside it.
    pub fn paid(&self, by: &SigningKey, body: AcknowledgeBody, p: Payment) -> Result<(Id, Appended), LedgerError> {
        let body = Body::Acknowledge(AcknowledgeBody { payment: Some(Id(p.digest())), ..body });
        let (bytes, sig) = self.sign(by, &body);
        let a = self.ledger.submit_with(&bytes, &sig, Beside::Payment(p))?;
        Ok((Id(statement_hash(&bytes)), a))
    }

    /// The value kept beside the entry of statement `id` (an idea's text and salt, a
    /// payment), unless none was kept or it was erased.
    pub fn beside(&self, id: &Id) -> Option<Vec<u8>> {
        let seq = self.ledger.seq_of(&id.0).expect("seq").expect("the statement is in the log");
        let entry = self.ledger.reads().entry(seq).expect("entry").expect("the entry");
        self.ledger.reads().side(&heard::protocol::entry::entry_hash(&entry)).expect("side")
    }

    /// Makes the value kept beside the entry `a` appended `value` (`None`: as if it was never
    /// written), as a crash between the log and that value leaves it.
    pub fn set_beside(&self, a: &Appended, value: Option<&[u8]>) {
        let Some(pg) = &self.pg else {
            let store = self.ledger.store().expect("an embedded store");
            match value {
                None => store.content_remove(&a.entry_hash),
                Some(v) => store.content_put(&a.entry_hash, v),
            }
            .expect("the store's value beside the entry");
            return;
        };
        let seq = i64::try_from(a.seq).expect("a seq");
        let backend = self.ledger.postgres().expect("a ledger on PostgreSQL");
        backend
            .run(async {
                let c = connect(&pg.url).await;
                match value {
                    None => c.execute("DELETE FROM heard_side WHERE seq = $1", &[&seq]).await,
                    Some(v) => {
                        c.execute(
                            "INSERT INTO heard_side (seq, value) VALUES ($1, $2) \
                             ON CONFLICT (seq) DO UPDATE SET value = EXCLUDED.value",
                            &[&seq, &v],
                        )
                        .await
                    }
                }
            })
            .expect("heard_side");
    }

    /// The world after its server stopped and started again: the embedded ledger closed and
    /// opened again (`Ledger::open` erases what a withdrawal left behind), the ledger on
    /// PostgreSQL opened again as `heard serve --postgres` opens it (which runs
    /// `Ledger::erase_withdrawn`).
    pub fn restart(self) -> World {
        let World { dir, ledger, operator, time, pg } = self;
        let op = operator.verifying_key().to_bytes();
        let signer = NoteSigner::new(ORIGIN, [42; 32]).expect("signer");
        let ledger = match &pg {
            None => {
                ledger.close().expect("closed cleanly");
                drop(ledger);
                Ledger::open(&dir.path().join("db"), signer, LogConfig::new(ORIGIN), op).expect("reopen")
            }
            Some(p) => {
                let old = ledger.postgres().expect("a ledger on PostgreSQL").clone();
                ledger.close().expect("stopped");
                drop(ledger);
                let backend = old
                    .run(PgBackend::open(&p.url, p.bucket.clone(), "", signer, op, PgConfig::default()))
                    .expect("open the log on PostgreSQL again");
                drop(old);
                let ledger = Ledger::on_postgres(Arc::new(backend), op);
                ledger.erase_withdrawn().expect("erase what withdrawals left");
                ledger
            }
        };
        World { dir, ledger, operator, time, pg }
    }

    pub fn snapshot(&self) -> Snapshot {
        let cp = self.ledger.log().latest();
        let rows = self.ledger.reads().rows_under(b"").map(|r| r.expect("row")).collect();
        Snapshot { size: cp.size, root: cp.root, rows }
    }
}

pub fn consultation_body(title: &str, convenor: &SigningKey, closes: Option<u64>) -> Body {
    Body::Consultation(ConsultationBody {
        title: title.into(),
        date: "2026-03-14".into(),
        place: "Riverside Community Centre".into(),
        topic: "mental health support".into(),
        convenor: pk(convenor),
        recorders: vec![],
        closes,
        lang: None,
    })
}

pub fn idea_body(consultation: Id, consent: Consent, name: Option<&str>, claim_hash: Option<[u8; 32]>) -> IdeaBody {
    IdeaBody {
        consultation,
        digest: Id([0; 32]),
        tags: vec!["mental-health".into()],
        co_contributors: vec![],
        builds_on: vec![],
        consent: consent.code(),
        name: name.map(String::from),
        claim_hash: claim_hash.map(Id),
        given: None,
    }
}

/// Runs each named test on both backends, as `<name>::embedded` and `<name>::postgres`: the
/// function `<name>(on: On)` is the test's body. `async` ones run on the test's runtime, the
/// PostgreSQL one multi-threaded (a ledger on PostgreSQL blocks in place, which a
/// current-thread runtime does not allow).
macro_rules! on_both {
    (async: $($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn embedded() {
                super::$name($crate::world::On::Embedded).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::world::On::Postgres).await
            }
        }
    )+};
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[test]
            fn embedded() {
                super::$name($crate::world::On::Embedded)
            }
            #[test]
            fn postgres() {
                super::$name($crate::world::On::Postgres)
            }
        }
    )+};
}
pub(crate) use on_both;
