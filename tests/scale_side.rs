//! Scale-out (#26): what the embedded store keeps beside the log — idea texts and salts, a
//! payment, erasures, witness cosignatures — kept in PostgreSQL too: sequenced with its entry
//! in one transaction, erased in place, and copied by `heard migrate`, which proves by count
//! and digest that PostgreSQL holds the folder's exact bytes.

use crate::common;
use crate::world::*;

use common::migrate as migrating;
use common::services::{connect, fresh_bucket, fresh_database};
use heard::attribution::kinds::*;
use heard::attribution::payment::Payment;
use heard::log::store::Store;
use heard::protocol::entry::entry_hash;
use heard::protocol::note::{Cosigner, Note, NoteSigner};
use heard::scale::pg::{self, MAX_SIDE, Sequenced, Side, Submission};
use sha2::{Digest, Sha256};

/// The key World signs its log with, as a data folder's `log.key`.
fn world_log_key() -> NoteSigner {
    NoteSigner::new(ORIGIN, [42; 32]).expect("signer")
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

const WITHDRAWN_TEXT: &str = "Withdrawn words: open the library on Sundays.";

/// A data folder whose log holds ideas with their texts, one withdrawn (its text erased), an
/// acknowledgement with its payment beside it, and two witnesses' cosignatures of two
/// checkpoints; closed, so that its last checkpoint covers it all.
pub(crate) fn folder_with_side_data() -> tempfile::TempDir {
    let w = World::new();
    let (council, facilitator, amara, dev) = (key(1), key(3), key(11), key(12));
    w.enrol(&council, Role::Organisation, "Riverside Council");
    w.enrol(&facilitator, Role::Facilitator, "Sam Reed");
    let c = w.consultation(&facilitator, "Drop-in", &council, None);
    let idea = w.idea(&amara, idea_body(c, Consent::Named, Some("Amara Okafor"), None), "Evening opening.").unwrap();
    let gone = w.idea(&dev, idea_body(c, Consent::Named, Some("Dev Patel"), None), WITHDRAWN_TEXT).unwrap();
    let witnesses = [Cosigner::new("w1.example", [101; 32]).unwrap(), Cosigner::new("w2.example", [102; 32]).unwrap()];
    let cosign = |w: &World| {
        let cp = w.ledger.log().latest();
        for (i, witness) in witnesses.iter().enumerate() {
            let line = witness.cosign(&Note::parse(&cp.note).unwrap().text, 1_700_000_000 + i as u64).unwrap();
            w.ledger.log().add_cosignature(&witness.verifier(), &format!("{}{line}", cp.note)).expect("cosigned");
        }
    };
    cosign(&w);
    w.ok(&dev, Body::Withdraw(WithdrawBody { idea: gone }));
    let ack = AcknowledgeBody {
        ideas: vec![idea],
        recognition: Recognition::Payment.code(),
        status: ACK_GIVEN,
        amount: None,
        currency: None,
        note: Some("Thank you".into()),
        payment: None,
    };
    w.paid(&council, ack, Payment { salt: vec![7; 32], amount: 0x0123_4567_89ab, currency: "XTS".into() }).unwrap();
    w.idea(&amara, idea_body(c, Consent::Named, None, None), "Bus passes for carers.").unwrap();
    cosign(&w);
    heard::keys::write_key_file(&w.dir.path().join("log.key"), &world_log_key()).expect("log key");
    let op = NoteSigner::new("operator", w.operator.to_bytes()).expect("operator key");
    heard::keys::write_key_file(&w.dir.path().join("operator.key"), &op).expect("operator key");
    let World { dir, ledger, .. } = w;
    ledger.close().expect("close");
    drop(ledger);
    dir
}

/// A value beside an entry: seq, entry hash, bytes (`None`: erased).
type Value = (u64, [u8; 32], Option<Vec<u8>>);
/// A cosignature: checkpoint size, witness key, line.
type Cosig = (u64, [u8; 32], String);

/// The folder's values beside its entries in seq order, and its cosignatures.
fn folder_side(data: &std::path::Path) -> (Vec<Value>, Vec<Cosig>) {
    let store = Store::open(&data.join("db")).expect("open store");
    let erased = store.content_erased().unwrap();
    let mut values = Vec::new();
    for item in store.entries(0) {
        let (seq, bytes) = item.unwrap();
        let h = entry_hash(&bytes);
        match store.content_get(&h).unwrap() {
            Some(v) => values.push((seq, h, Some(v))),
            None if erased.contains(&h) => values.push((seq, h, None)),
            None => {}
        }
    }
    let cosigs = store.cosignature_rows().unwrap().into_iter().map(|(s, w, l)| (s, w.expect("keyed"), l)).collect();
    (values, cosigs)
}

/// The digests `heard migrate` documents (`scale::migrate::Tally`), computed here on their own.
fn digests(values: &[Value], cosigs: &[Cosig]) -> (String, String) {
    let mut v = Sha256::new();
    for (seq, _, value) in values {
        v.update(seq.to_be_bytes());
        match value {
            Some(b) => {
                v.update([1]);
                v.update((b.len() as u32).to_be_bytes());
                v.update(b);
            }
            None => v.update([0]),
        }
    }
    let mut c = Sha256::new();
    for (size, w, line) in cosigs {
        c.update(size.to_be_bytes());
        c.update(w);
        c.update((line.len() as u32).to_be_bytes());
        c.update(line.as_bytes());
    }
    (
        format!("{} records, sha256 {}", values.len(), hex::encode(v.finalize())),
        format!("{} records, sha256 {}", cosigs.len(), hex::encode(c.finalize())),
    )
}

/// `heard migrate` copies texts, the payment, the erasure and the cosignatures: PostgreSQL
/// holds the folder's exact bytes, none of the withdrawn idea's; the printed proof is the
/// documented digest; a second run copies nothing; a tampered row is named and fails the run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_copies_what_the_folder_keeps_beside_its_log() {
    // On a thread of its own: the ledger's appends block, which the test's runtime forbids.
    let dir = std::thread::spawn(folder_with_side_data).join().expect("the folder was made");
    let data = dir.path();
    let (values, cosigs) = folder_side(data);
    let live = values.iter().filter(|v| v.2.is_some()).count();
    assert_eq!((live, values.len() - live, cosigs.len()), (3, 1, 4), "2 texts and a payment, 1 erased, 2×2 lines");
    let url = fresh_database().await;
    let (name, _bucket) = fresh_bucket();
    let s3 = format!("s3://{name}");
    let out = migrating::migrate(data, &url, &s3, None);
    let said = migrating::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("copied 3 values beside entries, 1 erasures and 4 cosignatures into PostgreSQL"), "{said}");
    let (want_values, want_cosigs) = digests(&values, &cosigs);
    for line in [
        format!("values beside entries:\n  embedded: {want_values}\n  postgres: {want_values}\n"),
        format!("cosignatures:\n  embedded: {want_cosigs}\n  postgres: {want_cosigs}\n"),
    ] {
        assert!(said.contains(&line), "{line}\n{said}");
    }
    assert!(said.contains("migrate passed"), "{said}");

    let c = connect(&url).await;
    for (seq, h, value) in &values {
        let want = value.clone().map_or(Side::Erased, Side::Live);
        assert_eq!(pg::side(&c, h).await.unwrap(), Some(want), "the value beside entry {seq}");
    }
    let rows = c.query("SELECT value FROM heard_side", &[]).await.unwrap();
    assert_eq!(rows.len(), values.len(), "no value beside any other entry");
    assert!(
        rows.iter().filter_map(|r| r.get::<_, Option<Vec<u8>>>(0)).all(|v| !contains(&v, WITHDRAWN_TEXT.as_bytes())),
        "the withdrawn idea's words are in PostgreSQL"
    );
    assert_eq!(pg::cosignature_rows(&c).await.unwrap(), cosigs);

    // Again: nothing to copy, nothing changes.
    let before = migrating::tables(&c).await;
    let out = migrating::migrate(data, &url, &s3, None);
    let said = migrating::said(&out);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("copied 0 values beside entries, 0 erasures and 0 cosignatures"), "{said}");
    assert_eq!(migrating::tables(&c).await, before, "the second run changed PostgreSQL");

    // A value or a cosignature changed in PostgreSQL, or one the folder does not have: each
    // is named, the run fails, and nothing is overwritten.
    let (payment_seq, _, _) = values.iter().find(|v| v.2.as_ref().is_some_and(|b| contains(b, b"XTS"))).unwrap();
    let (erased_seq, _, _) = values.iter().find(|v| v.2.is_none()).unwrap();
    let first_text = values.iter().find(|v| v.2.is_some() && v.0 != *payment_seq).unwrap().0;
    let bare = (0..).find(|s| !values.iter().any(|v| v.0 == *s)).unwrap();
    let (size, w1) = (cosigs[0].0, hex::encode(cosigs[0].1));
    let kept = migrating::tables(&c).await;
    for (tamper, named) in [
        (
            format!("UPDATE heard_side SET value = 'forged' WHERE seq = {payment_seq}"),
            format!("the value beside entry {payment_seq} in PostgreSQL (6 bytes) is not the embedded folder's"),
        ),
        (
            format!("UPDATE heard_side SET value = NULL WHERE seq = {first_text}"),
            format!("the value beside entry {first_text} in PostgreSQL (erased) is not the embedded folder's"),
        ),
        (
            format!("INSERT INTO heard_side VALUES ({bare}, 'extra')"),
            format!("the value beside entry {bare} in PostgreSQL (5 bytes) is not the embedded folder's (none)"),
        ),
        (
            format!("UPDATE heard_cosignatures SET line = 'forged' || line WHERE size = {size}"),
            format!("another line as the cosignature of witness {w1} for the checkpoint of {size} entries"),
        ),
        (
            format!("INSERT INTO heard_cosignatures VALUES (1, '\\x{}', 'extra\n')", "07".repeat(32)),
            format!(
                "a line the folder does not have as the cosignature of witness {} for the checkpoint of 1 entries",
                "07".repeat(32)
            ),
        ),
    ] {
        c.batch_execute(&tamper).await.unwrap();
        let tampered = migrating::tables(&c).await;
        let out = migrating::migrate(data, &url, &s3, None);
        let said = migrating::said(&out);
        assert!(!out.status.success(), "{tamper}: {said}");
        assert!(said.contains("heard: side_mismatch: ") && said.contains(&named), "{tamper}: {said}");
        assert_eq!(migrating::tables(&c).await, tampered, "{tamper}: PostgreSQL was changed");
        // Back to the folder's: emptied, then copied again.
        c.batch_execute("DELETE FROM heard_side; DELETE FROM heard_cosignatures;").await.unwrap();
        let out = migrating::migrate(data, &url, &s3, None);
        assert!(out.status.success(), "{}", migrating::said(&out));
        assert_eq!(migrating::tables(&c).await, kept);
    }

    // An erased value brought back, or an erasure lost, in PostgreSQL: erased again (an
    // erasure in the folder always wins, as one made there after an earlier copy must).
    for tamper in [
        format!("UPDATE heard_side SET value = 'back' WHERE seq = {erased_seq}"),
        format!("DELETE FROM heard_side WHERE seq = {erased_seq}"),
    ] {
        c.batch_execute(&tamper).await.unwrap();
        let out = migrating::migrate(data, &url, &s3, None);
        let said = migrating::said(&out);
        assert!(out.status.success(), "{tamper}: {said}");
        assert!(said.contains("copied 0 values beside entries, 1 erasures and 0 cosignatures"), "{said}");
        assert_eq!(migrating::tables(&c).await, kept, "{tamper}");
    }
}

async fn new_log() -> (String, tokio_postgres::Client) {
    let url = fresh_database().await;
    let client = connect(&url).await;
    pg::migrate(&client).await.expect("migrate");
    (url, client)
}

fn submission(n: u64, side: Option<&[u8]>) -> Submission {
    let statement = format!("statement {n}").into_bytes();
    Submission {
        statement_hash: Sha256::digest(&statement).into(),
        statement,
        signature: [n as u8; 64],
        side: side.map(<[u8]>::to_vec),
    }
}

fn new_hash(s: &Sequenced) -> [u8; 32] {
    match s {
        Sequenced::New { entry_hash, .. } => *entry_hash,
        Sequenced::Duplicate { seq } => panic!("a duplicate of {seq}"),
        Sequenced::Refused(r) => panic!("refused: {r:?}"),
    }
}

/// `pg::sequence` stores a value with its entry in one transaction (a failure after the
/// entry's insert leaves neither), a duplicate brings a missing value but replaces none, and
/// `pg::erase` takes the bytes out for good.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sequence_keeps_values_with_their_entries_and_erase_removes_them() {
    let (_url, mut c) = new_log().await;
    let batch = [submission(0, Some(b"text zero")), submission(1, None), submission(2, Some(b""))];
    let got = pg::sequence(&mut c, &batch, 1_000).await.unwrap();
    let hashes: Vec<[u8; 32]> = got.iter().map(new_hash).collect();
    assert_eq!(pg::side(&c, &hashes[0]).await.unwrap(), Some(Side::Live(b"text zero".to_vec())));
    assert_eq!(pg::side(&c, &hashes[1]).await.unwrap(), None);
    assert_eq!(pg::side(&c, &hashes[2]).await.unwrap(), Some(Side::Live(Vec::new())));

    // Duplicates: one brings the value its entry lacks, one brings another value for an
    // entry that has one (kept as it was); twice in one batch, the first value wins.
    let dups = [submission(1, Some(b"late text")), submission(0, Some(b"other")), submission(1, Some(b"second"))];
    let got = pg::sequence(&mut c, &dups, 2_000).await.unwrap();
    assert_eq!(got, [0, 1, 2].map(|i| Sequenced::Duplicate { seq: [1, 0, 1][i] }));
    assert_eq!(pg::side(&c, &hashes[1]).await.unwrap(), Some(Side::Live(b"late text".to_vec())));
    assert_eq!(pg::side(&c, &hashes[0]).await.unwrap(), Some(Side::Live(b"text zero".to_vec())));

    // Erased: the bytes are gone from the row, and a duplicate cannot bring them back.
    assert_eq!(pg::erase(&c, &hashes[0]).await.unwrap(), 0);
    assert_eq!(pg::side(&c, &hashes[0]).await.unwrap(), Some(Side::Erased));
    let value: Option<Vec<u8>> = c.query_one("SELECT value FROM heard_side WHERE seq = 0", &[]).await.unwrap().get(0);
    assert_eq!(value, None);
    pg::sequence(&mut c, &[submission(0, Some(b"text zero"))], 3_000).await.unwrap();
    assert_eq!(pg::side(&c, &hashes[0]).await.unwrap(), Some(Side::Erased));
    let all: Vec<Vec<u8>> = c
        .query("SELECT value FROM heard_side WHERE value IS NOT NULL", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(all.iter().all(|v| !contains(v, b"text zero")), "{all:?}");
    // An entry with no value, erased, gets an erased row (its withdrawal came first).
    let late = new_hash(&pg::sequence(&mut c, &[submission(3, None)], 4_000).await.unwrap()[0]);
    pg::erase(&c, &late).await.unwrap();
    pg::sequence(&mut c, &[submission(3, Some(b"after the withdrawal"))], 5_000).await.unwrap();
    assert_eq!(pg::side(&c, &late).await.unwrap(), Some(Side::Erased));

    // A failure after the entries were inserted (here the side table refusing a value)
    // rolls back the entries and the head too: never an entry without its value.
    c.batch_execute(
        "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
         IF NEW.value = 'boom' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$; \
         CREATE TRIGGER refuse_boom BEFORE INSERT ON heard_side FOR EACH ROW EXECUTE FUNCTION refuse_boom();",
    )
    .await
    .unwrap();
    let before = migrating::tables(&c).await;
    let err =
        pg::sequence(&mut c, &[submission(10, Some(b"fine")), submission(11, Some(b"boom"))], 6_000).await.unwrap_err();
    assert_eq!(err.code(), "postgres_unavailable", "{err}");
    assert_eq!(migrating::tables(&c).await, before, "a failed batch left an entry or a value");
    assert_eq!(pg::head(&c).await.unwrap().0, 4);
}

/// Each refusal has its code and sentence, and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn side_refusals_have_codes_and_change_nothing() {
    let (_url, mut c) = new_log().await;
    let got = pg::sequence(&mut c, &[submission(0, Some(b"words")), submission(1, None)], 1_000).await.unwrap();
    let h0 = new_hash(&got[0]);
    pg::add_cosignature(&c, 2, &[5; 32], "— w1.example AAAA\n").await.unwrap();
    let before = migrating::tables(&c).await;
    let big = vec![b'x'; MAX_SIDE + 1];

    let mut refusals = Vec::new();
    refusals.push(pg::sequence(&mut c, &[submission(2, None), submission(3, Some(&big))], 2_000).await.unwrap_err());
    refusals.push(pg::sequence(&mut c, &[submission(0, Some(&big))], 2_000).await.unwrap_err());
    refusals.push(pg::erase(&c, &[9; 32]).await.unwrap_err());
    refusals.push(pg::import_sides(&mut c, &[(1, Side::Live(b"ok".to_vec())), (2, Side::Erased)]).await.unwrap_err());
    refusals.push(pg::import_sides(&mut c, &[(1, Side::Live(big.clone()))]).await.unwrap_err());
    for (size, line) in
        [(2, "no newline"), (2, "two\nlines\n"), (2, "\n"), (2, "cr\r\n"), (3, "beyond the log\n"), (0, "size 0\n")]
    {
        refusals.push(pg::add_cosignature(&c, size, &[6; 32], line).await.unwrap_err());
    }
    let codes: Vec<&str> = refusals.iter().map(|e| e.code()).collect();
    assert_eq!(
        codes,
        [
            "side_too_large",
            "side_too_large",
            "unknown_entry",
            "unknown_entry",
            "side_too_large",
            "bad_cosignature",
            "bad_cosignature",
            "bad_cosignature",
            "bad_cosignature",
            "bad_cosignature",
            "bad_cosignature",
        ]
    );
    for e in &refusals {
        assert!(
            e.to_string().ends_with("nothing was changed") || e.to_string().ends_with("nothing was written"),
            "{e}"
        );
    }
    assert!(refusals[0].to_string().starts_with("the value beside submission 1 is 1048577 bytes"), "{}", refusals[0]);
    assert!(refusals[2].to_string().contains(&hex::encode([9; 32])), "{}", refusals[2]);
    assert!(refusals[3].to_string().contains("at seq 2"), "{}", refusals[3]);
    assert_eq!(migrating::tables(&c).await, before, "a refusal changed PostgreSQL");
    assert_eq!(pg::side(&c, &h0).await.unwrap(), Some(Side::Live(b"words".to_vec())));
    assert_eq!(pg::cosignatures(&c, 2).await.unwrap(), ["— w1.example AAAA\n"]);
}
