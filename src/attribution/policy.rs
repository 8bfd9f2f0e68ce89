//! Who may sign what: the rules, enforced at append time ([`PolicyGate`]) and re-checked
//! by the audit ([`super::replay`]) with the same code.
//!
//! The rules see the state the earlier entries built (see [`super::state`]) and decide one
//! statement at a time, in seq order. A refusal names the rule by a stable code (the list
//! is [`RULES`]) and writes nothing.

use super::AttributionError;
use super::claim::claim_hash;
use super::kinds::*;
use super::rows::*;
use super::state::*;
use crate::log::Refusal;
use crate::protocol::statement::Statement;

/// Every refusal code the rules use, with the rule it names.
pub const RULES: &[(&str, &str)] = &[
    ("malformed_body", "the body does not have its kind's shape, or a value is out of range"),
    ("non_canonical", "the body is not in canonical CBOR form"),
    ("key_revoked", "a revoked key signs nothing after its revocation"),
    ("key_rotated_out", "a rotated-out key signs nothing after the rotation"),
    ("not_operator", "only the operator key enrols and revokes"),
    (
        "key_in_use",
        "a key is enrolled, rotated to or made a recovery's new key only if it is not the operator's and was never enrolled, revoked or rotated (a recovery's new key also has no credit and was never named by a recovery)",
    ),
    ("unknown_key", "only an enrolled, active key can be revoked"),
    ("not_enrolled", "consultations, endorsements by non-co-contributors and acknowledgements need an enrolled key"),
    (
        "wrong_role",
        "consultations are opened by organisations or facilitators; the convenor is an organisation; recorders are facilitators",
    ),
    (
        "not_convenor",
        "only the convening organisation responds or acknowledges (and an organisation opens only its own consultations); only the convening organisation or the party that opened a consultation closes it",
    ),
    (
        "bad_given_date",
        "an idea's given date is a real date written YYYY-MM-DD, from 1900-01-01 to the day after its author time (UTC)",
    ),
    ("unknown_consultation", "an idea names a consultation that is in the log"),
    ("consultation_closed", "no ideas after the consultation closes (its `closes` time, or a `close` statement)"),
    ("already_closed", "a consultation is closed once, and not after its `closes` time has passed"),
    ("not_facilitator_of_consultation", "only a facilitator of the consultation records ideas on someone's behalf"),
    ("claim_card_reused", "one claim card belongs to one consultation"),
    ("unknown_idea", "a statement refers only to ideas in the log"),
    ("not_claimable", "only ideas recorded with a claim card can be claimed"),
    ("bad_claim_secret", "the claim secret must hash to the card the ideas were recorded with"),
    ("already_claimed", "a claim card is claimed once"),
    ("not_contributor", "only the idea's contributor (or, to withdraw, its recording facilitator) may do this"),
    ("idea_withdrawn", "a withdrawn idea cannot be cited, endorsed or changed"),
    ("already_withdrawn", "an idea is withdrawn once"),
    ("already_endorsed", "a party endorses an idea once"),
    ("not_policy_team", "only policy teams cite"),
    (
        "stage_out_of_order",
        "an answer is delivered only after it was adopted or adapted, and after delivered only another delivered note follows",
    ),
    (
        "public_amount",
        "a new acknowledgement carries its amount as a payment digest with the amount beside the log, never in the open (older entries with an amount still audit)",
    ),
    ("not_facilitator", "only an enrolled facilitator starts a recovery"),
    ("recovery_same_key", "a recovery moves credit to a key other than the old one"),
    ("recovery_wait_too_short", "a recovery waits at least the protocol's minimum (7 days); a server may ask for more"),
    ("bad_recovery_binding", "the new key signs the binding of the old and the new key"),
    (
        "nothing_to_recover",
        "a recovery names an active contributor's key with credit that has not already moved to another key",
    ),
    ("recovery_open", "an old key has at most one open recovery"),
    ("unknown_recovery", "a cancel names a recovery in the log"),
    ("not_old_key", "only the old key (or another key of its party, never the new key) cancels a recovery"),
    ("already_cancelled", "a recovery is cancelled once"),
    ("recovery_in_effect", "a recovery is cancelled only before it takes effect"),
    ("key_recovered", "a key whose credit moved by a recovery signs nothing once the recovery is in effect"),
    ("storage", "the domain's state could not be read"),
];

pub mod batch;
mod gate;
mod recovery;
mod tx;

pub use gate::PolicyGate;
pub(in crate::attribution) use tx::{Base, Tx};

fn refuse(code: &'static str, detail: impl Into<String>) -> Refusal {
    Refusal { code, detail: detail.into() }
}

fn storage(e: AttributionError) -> Refusal {
    refuse("storage", e.to_string())
}

/// The context of one statement.
struct Ctx<'s> {
    seq: u64,
    log_time: u64,
    id: Id,
    author: Id,
    st: &'s Statement,
}

impl Ctx<'_> {
    fn event(&self, what: impl Into<String>) -> EventRec {
        EventRec { seq: self.seq, log_time: self.log_time, kind: self.st.kind.code(), what: what.into() }
    }
}

/// Decides one statement against the state in `tx`, adding its writes to `tx`.
pub(super) fn apply(
    tx: &mut Tx<'_>,
    operator0: &Id,
    seq: u64,
    log_time: u64,
    hash: [u8; 32],
    st: &Statement,
) -> Result<(), Refusal> {
    let body = Body::decode(st.kind, &st.body).map_err(|e| refuse(e.code(), e.to_string()))?;
    let author = Id(st.author);
    let ctx = Ctx { seq, log_time, id: Id(hash), author, st };
    let author_rec = tx.key_rec(&author)?;
    if let Some(r) = &author_rec {
        match r.status {
            STATUS_REVOKED => return Err(refuse("key_revoked", format!("this key was revoked at entry {}", r.since))),
            STATUS_ROTATED => {
                return Err(refuse("key_rotated_out", format!("this key was replaced at entry {}", r.since)));
            }
            _ => {}
        }
    }
    let author_rec = recovery::author(tx, &ctx, author_rec)?;
    let operator = tx.operator(operator0)?;
    let party = author_rec.as_ref().map(|r| r.party).unwrap_or(author);
    let role = author_rec.as_ref().and_then(|r| r.role).and_then(Role::from_code);
    match body {
        Body::Enrol(b) => enrol(tx, &ctx, &operator, b),
        Body::Consultation(b) => consultation(tx, &ctx, party, role, b),
        Body::Idea(b) => idea(tx, &ctx, party, b),
        Body::Claim(b) => claim(tx, &ctx, party, b),
        Body::Endorse(b) => endorse(tx, &ctx, party, role, b),
        Body::Cite(b) => cite(tx, &ctx, party, role, b),
        Body::Respond(b) => respond(tx, &ctx, party, b),
        Body::Withdraw(b) => withdraw(tx, &ctx, party, b),
        Body::Rotate(b) => rotate(tx, &ctx, &operator, author_rec, b),
        Body::Acknowledge(b) => acknowledge(tx, &ctx, party, b),
        Body::Close(b) => close(tx, &ctx, party, b),
        Body::Recover(b) => recovery::recover(tx, &ctx, &operator, party, role, b),
        Body::CancelRecovery(b) => recovery::cancel(tx, &ctx, party, b),
    }
}

fn enrol(tx: &mut Tx<'_>, ctx: &Ctx<'_>, operator: &Id, b: EnrolBody) -> Result<(), Refusal> {
    if ctx.author != *operator {
        return Err(refuse("not_operator", "only the operator key enrols or revokes keys"));
    }
    let existing = tx.key_rec(&b.key)?;
    if b.action == ACTION_ENROL {
        if b.key == *operator || existing.is_some() {
            return Err(refuse("key_in_use", format!("key {} is already known to the log", b.key.hex())));
        }
        let rec =
            KeyRec { party: b.key, role: Some(b.role), name: Some(b.name), status: STATUS_ACTIVE, since: ctx.seq };
        tx.put(key(b'K', &[&b.key.0]), &rec)
    } else {
        match existing {
            Some(mut r) if r.role.is_some() && r.status == STATUS_ACTIVE => {
                r.status = STATUS_REVOKED;
                r.since = ctx.seq;
                tx.put(key(b'K', &[&b.key.0]), &r)
            }
            Some(r) if r.status == STATUS_REVOKED => Err(refuse("key_revoked", "this key is already revoked")),
            _ => Err(refuse("unknown_key", format!("key {} is not an enrolled, active key", b.key.hex()))),
        }
    }
}

fn enrolled_in(tx: &Tx<'_>, k: &Id, want: Role) -> Result<bool, Refusal> {
    Ok(tx.key_rec(k)?.is_some_and(|r| r.status == STATUS_ACTIVE && r.role == Some(want.code())))
}

fn consultation(
    tx: &mut Tx<'_>,
    ctx: &Ctx<'_>,
    party: Id,
    role: Option<Role>,
    b: ConsultationBody,
) -> Result<(), Refusal> {
    match role {
        None => {
            return Err(refuse("not_enrolled", "consultations are opened by enrolled organisations or facilitators"));
        }
        Some(Role::Organisation) | Some(Role::Facilitator) => {}
        Some(r) => return Err(refuse("wrong_role", format!("a {} does not open consultations", r.name()))),
    }
    if !enrolled_in(tx, &b.convenor, Role::Organisation)? {
        return Err(refuse("wrong_role", "the convenor must be an enrolled organisation"));
    }
    let convenor = tx.party_of(&b.convenor)?;
    if role == Some(Role::Organisation) && convenor != party {
        return Err(refuse("not_convenor", "an organisation opens consultations it convenes itself"));
    }
    let mut recorders = Vec::new();
    if role == Some(Role::Facilitator) {
        recorders.push(party);
    }
    for r in &b.recorders {
        if !enrolled_in(tx, r, Role::Facilitator)? {
            return Err(refuse("wrong_role", format!("recorder {} is not an enrolled facilitator", r.hex())));
        }
        let p = tx.party_of(r)?;
        if !recorders.contains(&p) {
            recorders.push(p);
        }
    }
    let rec = ConsultationRec {
        seq: ctx.seq,
        log_time: ctx.log_time,
        author: party,
        convenor,
        recorders,
        closes: b.closes,
        title: b.title,
        date: b.date,
        place: b.place,
        topic: b.topic,
        closed: None,
        lang: b.lang,
    };
    tx.put(key(b'C', &[&ctx.id.0]), &rec)?;
    tx.put_raw(key(b'O', &[&convenor.0, &ctx.id.0]), Vec::new());
    tx.put_raw(key(b'N', &[&ctx.seq.to_be_bytes()]), ctx.id.0.to_vec());
    Ok(())
}

fn idea(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, b: IdeaBody) -> Result<(), Refusal> {
    if let Some(given) = &b.given {
        super::dates::check_given(given, ctx.st.time).map_err(|why| refuse("bad_given_date", why))?;
    }
    let c: ConsultationRec = tx.get(&key(b'C', &[&b.consultation.0]))?.ok_or_else(|| {
        refuse("unknown_consultation", format!("no consultation {} is in the log", b.consultation.hex()))
    })?;
    if let Some(closed) = &c.closed {
        return Err(refuse(
            "consultation_closed",
            format!("consultation \"{}\" was closed at entry {}", c.title, closed.seq),
        ));
    }
    if c.closes.is_some_and(|t| ctx.log_time > t) {
        return Err(refuse("consultation_closed", format!("consultation \"{}\" is closed", c.title)));
    }
    for src in &b.builds_on {
        tx.idea(src)?;
    }
    let seq8 = ctx.seq.to_be_bytes();
    let (owner, recorder, what) = match &b.claim_hash {
        Some(card) => {
            if !c.recorders.contains(&party) {
                return Err(refuse(
                    "not_facilitator_of_consultation",
                    "only a facilitator of this consultation records ideas on someone's behalf",
                ));
            }
            let mut rec = tx.card(card)?.unwrap_or(CardHead { consultation: b.consultation, recorded: 0, owner: None });
            if rec.consultation != b.consultation {
                return Err(refuse("claim_card_reused", "this claim card belongs to another consultation"));
            }
            if rec.owner.is_some() {
                return Err(refuse("already_claimed", "this claim card is already claimed"));
            }
            tx.push(CARD_IDEA, card, &mut rec.recorded, &ctx.id)?;
            tx.put(key(b'Q', &[&card.0]), &rec)?;
            (None, Some(party), "recorded by a facilitator on the contributor's behalf")
        }
        None => {
            tx.put_raw(key(b'P', &[&party.0, &seq8]), ctx.id.0.to_vec());
            (Some(party), None, "contributed by its contributor")
        }
    };
    let mut rec = IdeaHead {
        seq: ctx.seq,
        log_time: ctx.log_time,
        consultation: b.consultation,
        digest: b.digest,
        recorder,
        owner,
        card: b.claim_hash,
        consent: b.consent,
        name: b.name,
        tags: b.tags,
        co_contributors: b.co_contributors,
        builds_on: b.builds_on,
        withdrawn: None,
        given: b.given,
        cited: 0,
        answered: 0,
        acked: 0,
        events: 0,
        confirmed: 0,
        endorsed: 0,
        latest_outcome: None,
        decision: None,
    };
    tx.event(&ctx.id, &mut rec, ctx.event(format!("{what} in consultation \"{}\"", c.title)))?;
    tx.put_idea(&ctx.id, &rec)?;
    tx.put_raw(key(b'L', &[&b.consultation.0, &seq8]), ctx.id.0.to_vec());
    Ok(())
}

fn claim(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, b: ClaimBody) -> Result<(), Refusal> {
    let mut ideas = Vec::new();
    for id in &b.ideas {
        ideas.push((*id, tx.idea(id)?));
    }
    let targets: Vec<Id> = match &b.secret {
        Some(secret) => {
            let h = Id(claim_hash(secret));
            let mut card_id = None;
            for (id, rec) in &ideas {
                let card = rec.card.ok_or_else(|| {
                    refuse("not_claimable", format!("idea {} was not recorded with a claim card", id.hex()))
                })?;
                if card != h {
                    return Err(refuse(
                        "bad_claim_secret",
                        "this claim code is not the one the idea was recorded with",
                    ));
                }
                card_id = Some(card);
            }
            let card_id = card_id.ok_or_else(|| refuse("malformed_body", "a claim names at least one idea"))?;
            let mut card = tx.card(&card_id)?.ok_or_else(|| refuse("storage", "a claim card's record is missing"))?;
            if card.owner.is_some() {
                return Err(refuse("already_claimed", "this claim card has already been claimed"));
            }
            card.owner = Some(party);
            tx.put(key(b'Q', &[&card_id.0]), &card)?;
            let mut ideas = Vec::with_capacity(card.recorded as usize);
            for n in 0..card.recorded {
                let idea: Id = tx
                    .get(&list_key(CARD_IDEA, &card_id, n))?
                    .ok_or_else(|| refuse("storage", "a claim card's idea row is missing"))?;
                ideas.push(idea);
            }
            ideas
        }
        None => {
            for (id, rec) in &ideas {
                if rec.owner != Some(party) {
                    return Err(refuse(
                        "not_contributor",
                        format!("only its contributor changes consent for idea {}", id.hex()),
                    ));
                }
                if rec.withdrawn.is_some() {
                    return Err(refuse("idea_withdrawn", format!("idea {} is withdrawn", id.hex())));
                }
            }
            b.ideas.clone()
        }
    };
    let consent = Consent::from_code(b.consent).map(Consent::name).unwrap_or("anonymous");
    for id in targets {
        let mut rec = tx.idea(&id)?;
        let what = if b.secret.is_some() {
            tx.put_raw(key(b'P', &[&party.0, &rec.seq.to_be_bytes()]), id.0.to_vec());
            rec.owner = Some(party);
            format!("claimed by its contributor, who chose to be {consent}")
        } else {
            format!("consent changed by its contributor to {consent}")
        };
        rec.consent = b.consent;
        rec.name = b.name.clone();
        tx.event(&id, &mut rec, ctx.event(what))?;
        tx.put_idea(&id, &rec)?;
    }
    Ok(())
}

fn endorse(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, role: Option<Role>, b: EndorseBody) -> Result<(), Refusal> {
    let mut rec = tx.idea(&b.idea)?;
    if rec.withdrawn.is_some() {
        return Err(refuse("idea_withdrawn", "this idea is withdrawn"));
    }
    let mut co = false;
    for k in &rec.co_contributors {
        if tx.party_of(k)? == party {
            co = true;
        }
    }
    if co {
        let ek = endorsement_key(&b.idea, true, &party);
        if tx.get_raw(&ek)?.is_some() {
            return Err(refuse("already_endorsed", "this co-contributor already endorsed the idea"));
        }
        tx.put(ek, &rec.confirmed)?;
        rec.confirmed += 1;
        tx.put_raw(key(b'P', &[&party.0, &rec.seq.to_be_bytes()]), b.idea.0.to_vec());
        tx.event(&b.idea, &mut rec, ctx.event("confirmed by a co-contributor"))?;
    } else if let Some(r) = role {
        let ek = endorsement_key(&b.idea, false, &party);
        if tx.get_raw(&ek)?.is_some() {
            return Err(refuse("already_endorsed", "this party already endorsed the idea"));
        }
        tx.put(ek, &rec.endorsed)?;
        rec.endorsed += 1;
        tx.event(&b.idea, &mut rec, ctx.event(format!("endorsed by a {}", r.name())))?;
    } else {
        return Err(refuse("not_enrolled", "only enrolled parties and listed co-contributors endorse an idea"));
    }
    tx.put_idea(&b.idea, &rec)
}

fn cite(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, role: Option<Role>, b: CiteBody) -> Result<(), Refusal> {
    if role != Some(Role::PolicyTeam) {
        return Err(refuse("not_policy_team", "only policy teams cite ideas"));
    }
    let rid = report_id(&party, &b.report.title, &b.report.version);
    let mut report = tx.report(&rid)?.unwrap_or(ReportHead {
        author: party,
        title: b.report.title.clone(),
        version: b.report.version.clone(),
        url: None,
        digest: None,
        used: 0,
        last_seq: 0,
    });
    report.last_seq = ctx.seq;
    if b.report.url.is_some() {
        report.url = b.report.url.clone();
    }
    if b.report.digest.is_some() {
        report.digest = b.report.digest;
    }
    for u in b.uses {
        let mut rec = tx.idea(&u.idea)?;
        if rec.withdrawn.is_some() {
            return Err(refuse("idea_withdrawn", format!("idea {} is withdrawn and cannot be cited", u.idea.hex())));
        }
        let citation =
            CitationRec { report: rid, locator: u.locator.clone(), how: u.how, seq: ctx.seq, log_time: ctx.log_time };
        tx.push(CITATION, &u.idea, &mut rec.cited, &citation)?;
        let how = Usage::from_code(u.how).map(Usage::name).unwrap_or("used");
        let what = format!("{how} in report \"{} {}\" at {}", b.report.title, b.report.version, u.locator);
        tx.event(&u.idea, &mut rec, ctx.event(what))?;
        tx.put_idea(&u.idea, &rec)?;
        let used = ReportUse { idea: u.idea, locator: u.locator, how: u.how, seq: ctx.seq };
        tx.push(REPORT_USE, &rid, &mut report.used, &used)?;
    }
    tx.put(key(b'R', &[&rid.0]), &report)
}

fn convenor_of(tx: &Tx<'_>, rec: &IdeaHead) -> Result<Id, Refusal> {
    let c: ConsultationRec = tx
        .get(&key(b'C', &[&rec.consultation.0]))?
        .ok_or_else(|| refuse("storage", "an idea's consultation record is missing"))?;
    Ok(c.convenor)
}

fn respond(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, b: RespondBody) -> Result<(), Refusal> {
    // A grouped answer is all or nothing: every idea is checked before any is changed.
    let ids: Vec<Id> = std::iter::once(b.idea).chain(b.also.iter().copied()).collect();
    let mut recs = Vec::with_capacity(ids.len());
    for id in &ids {
        let rec = tx.idea(id)?;
        if convenor_of(tx, &rec)? != party {
            return Err(refuse("not_convenor", "only the convening organisation responds to an idea"));
        }
        if b.outcome == Outcome::Delivered.code() {
            if !matches!(
                rec.decision.and_then(Outcome::from_code),
                Some(Outcome::Adopted | Outcome::Adapted | Outcome::Delivered)
            ) {
                return Err(refuse(
                    "stage_out_of_order",
                    format!("idea {} cannot be delivered before it is adopted or adapted", id.hex()),
                ));
            }
        } else if rec.latest_outcome == Some(Outcome::Delivered.code()) {
            return Err(refuse(
                "stage_out_of_order",
                format!("idea {} is already delivered; only another delivered note may follow", id.hex()),
            ));
        }
        recs.push(rec);
    }
    let outcome = Outcome::from_code(b.outcome).map(Outcome::name).unwrap_or("responded");
    let together = if ids.len() > 1 { format!(" (one answer for {} ideas)", ids.len()) } else { String::new() };
    for (id, mut rec) in ids.iter().zip(recs) {
        tx.event(id, &mut rec, ctx.event(format!("response from the convening organisation: {outcome}{together}")))?;
        let response = ResponseRec {
            seq: ctx.seq,
            log_time: ctx.log_time,
            outcome: b.outcome,
            reason: b.reason.clone(),
            links: b.links.clone(),
        };
        tx.push(RESPONSE, id, &mut rec.answered, &response)?;
        rec.latest_outcome = Some(b.outcome);
        if b.outcome != Outcome::UnderConsideration.code() {
            rec.decision = Some(b.outcome);
        }
        tx.put_idea(id, &rec)?;
    }
    Ok(())
}

fn withdraw(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, b: WithdrawBody) -> Result<(), Refusal> {
    let mut rec = tx.idea(&b.idea)?;
    if rec.withdrawn.is_some() {
        return Err(refuse("already_withdrawn", "this idea is already withdrawn"));
    }
    if rec.owner != Some(party) && rec.recorder != Some(party) {
        return Err(refuse("not_contributor", "only the idea's contributor or its recording facilitator withdraws it"));
    }
    rec.withdrawn = Some(ctx.seq);
    tx.event(&b.idea, &mut rec, ctx.event("withdrawn by the contributor; its text was erased"))?;
    tx.put_idea(&b.idea, &rec)?;
    tx.put_raw(key(b'W', &[&b.idea.0]), Vec::new());
    Ok(())
}

fn rotate(tx: &mut Tx<'_>, ctx: &Ctx<'_>, operator: &Id, old: Option<KeyRec>, b: RotateBody) -> Result<(), Refusal> {
    if b.new_key == *operator || b.new_key == ctx.author || tx.key_rec(&b.new_key)?.is_some() {
        return Err(refuse("key_in_use", format!("key {} is already known to the log", b.new_key.hex())));
    }
    let old =
        old.unwrap_or(KeyRec { party: ctx.author, role: None, name: None, status: STATUS_ACTIVE, since: ctx.seq });
    let new = KeyRec { status: STATUS_ACTIVE, since: ctx.seq, ..old.clone() };
    tx.put(key(b'K', &[&b.new_key.0]), &new)?;
    tx.put(key(b'K', &[&ctx.author.0]), &KeyRec { status: STATUS_ROTATED, since: ctx.seq, ..old })?;
    if ctx.author == *operator {
        tx.put(b"Z".to_vec(), &b.new_key)?;
    }
    Ok(())
}

fn acknowledge(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, b: AcknowledgeBody) -> Result<(), Refusal> {
    let status = if b.status == ACK_DECLINED { "declined" } else { "given" };
    let kind = Recognition::from_code(b.recognition).map(Recognition::name).unwrap_or("recognition");
    for id in &b.ideas {
        let mut rec = tx.idea(id)?;
        if convenor_of(tx, &rec)? != party {
            return Err(refuse("not_convenor", "only the convening organisation records acknowledgements"));
        }
        tx.push(ACK, id, &mut rec.acked, &ctx.seq)?;
        tx.event(id, &mut rec, ctx.event(format!("acknowledged: {kind} {status}")))?;
        tx.put_idea(id, &rec)?;
    }
    let rec = AckRec {
        seq: ctx.seq,
        log_time: ctx.log_time,
        author: party,
        ideas: b.ideas,
        recognition: b.recognition,
        status: b.status,
        amount: b.amount,
        currency: b.currency,
        note: b.note,
        payment: b.payment,
    };
    tx.put(key(b'A', &[&ctx.seq.to_be_bytes()]), &rec)
}

fn close(tx: &mut Tx<'_>, ctx: &Ctx<'_>, party: Id, b: CloseBody) -> Result<(), Refusal> {
    let ck = key(b'C', &[&b.consultation.0]);
    let mut c: ConsultationRec = tx.get(&ck)?.ok_or_else(|| {
        refuse("unknown_consultation", format!("no consultation {} is in the log", b.consultation.hex()))
    })?;
    if party != c.convenor && party != c.author {
        return Err(refuse(
            "not_convenor",
            "only the convening organisation or the party that opened the consultation closes it",
        ));
    }
    if let Some(closed) = &c.closed {
        return Err(refuse(
            "already_closed",
            format!("consultation \"{}\" was closed at entry {}", c.title, closed.seq),
        ));
    }
    if c.closes.is_some_and(|t| ctx.log_time > t) {
        return Err(refuse("already_closed", format!("consultation \"{}\" closed at its closing time", c.title)));
    }
    c.closed = Some(ClosedRec { seq: ctx.seq, log_time: ctx.log_time, by: party });
    tx.put(ck, &c)
}
