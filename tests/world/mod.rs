//! A ledger in a temporary folder with named keys, for the domain tests.
#![allow(dead_code)]

use std::cell::Cell;

use ed25519_dalek::SigningKey;
use heard::attribution::kinds::*;
use heard::attribution::payment::Payment;
use heard::ledger::{Beside, IdeaText, Ledger, LedgerError};
use heard::log::{Appended, LogConfig};
use heard::protocol::note::NoteSigner;
use heard::protocol::statement::{Statement, statement_hash};

pub const ORIGIN: &str = "test.heard/log";

pub fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}

pub fn pk(k: &SigningKey) -> Id {
    Id(k.verifying_key().to_bytes())
}

pub struct World {
    pub dir: tempfile::TempDir,
    pub ledger: Ledger,
    pub operator: SigningKey,
    time: Cell<u64>,
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
        World { dir, ledger, operator, time: Cell::new(1_700_000_000_000) }
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

    /// An acknowledgement of a payment: its digest in the body, the amount beside it.
    pub fn paid(&self, by: &SigningKey, body: AcknowledgeBody, p: Payment) -> Result<(Id, Appended), LedgerError> {
        let body = Body::Acknowledge(AcknowledgeBody { payment: Some(Id(p.digest())), ..body });
        let (bytes, sig) = self.sign(by, &body);
        let a = self.ledger.submit_with(&bytes, &sig, Beside::Payment(p))?;
        Ok((Id(statement_hash(&bytes)), a))
    }

    pub fn snapshot(&self) -> Snapshot {
        let cp = self.ledger.log().latest();
        let rows = self.ledger.store().unwrap().domain_scan(b"").map(|r| r.expect("row")).collect();
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
