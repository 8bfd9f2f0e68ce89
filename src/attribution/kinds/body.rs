//! A body decoded by its statement's kind ([`Body`]): canonical CBOR in and out, and the
//! range checks each kind's fields must pass (`malformed_body`, `non_canonical`).

use super::*;

/// A decoded body, by kind.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Body {
    /// `enrol`.
    Enrol(EnrolBody),
    /// `consultation`.
    Consultation(ConsultationBody),
    /// `idea`.
    Idea(IdeaBody),
    /// `claim`.
    Claim(ClaimBody),
    /// `endorse`.
    Endorse(EndorseBody),
    /// `cite`.
    Cite(CiteBody),
    /// `respond`.
    Respond(RespondBody),
    /// `withdraw`.
    Withdraw(WithdrawBody),
    /// `rotate`.
    Rotate(RotateBody),
    /// `acknowledge`.
    Acknowledge(AcknowledgeBody),
    /// `close`.
    Close(CloseBody),
    /// `recover` (see [`crate::attribution::recovery`]).
    Recover(RecoverBody),
    /// `cancel_recovery`.
    CancelRecovery(CancelRecoveryBody),
}

fn dec<T: Serialize + serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, AttributionError> {
    cbor::decode_canonical(bytes).map_err(|e| match e {
        CborError::NonCanonical => AttributionError::NonCanonical,
        other => AttributionError::MalformedBody(other.to_string()),
    })
}

fn bad(why: impl Into<String>) -> AttributionError {
    AttributionError::MalformedBody(why.into())
}

fn check_code<T>(v: u8, parse: fn(u8) -> Option<T>, what: &str) -> Result<(), AttributionError> {
    parse(v).map(|_| ()).ok_or_else(|| bad(format!("{what} code {v} is not defined")))
}

impl Body {
    /// Decodes `bytes` as the body of a statement of `kind`, checking canonical form and
    /// the value ranges the CDDL states.
    pub fn decode(kind: Kind, bytes: &[u8]) -> Result<Body, AttributionError> {
        let body = match kind {
            Kind::Enrol => Body::Enrol(dec(bytes)?),
            Kind::Consultation => Body::Consultation(dec(bytes)?),
            Kind::Idea => Body::Idea(dec(bytes)?),
            Kind::Claim => Body::Claim(dec(bytes)?),
            Kind::Endorse => Body::Endorse(dec(bytes)?),
            Kind::Cite => Body::Cite(dec(bytes)?),
            Kind::Respond => Body::Respond(dec(bytes)?),
            Kind::Withdraw => Body::Withdraw(dec(bytes)?),
            Kind::Rotate => Body::Rotate(dec(bytes)?),
            Kind::Acknowledge => Body::Acknowledge(dec(bytes)?),
            Kind::Close => Body::Close(dec(bytes)?),
            Kind::Recover => Body::Recover(dec(bytes)?),
            Kind::CancelRecovery => Body::CancelRecovery(dec(bytes)?),
            #[allow(unreachable_patterns)]
            _ => return Err(bad(format!("kind {} has no body definition", kind.name()))),
        };
        body.check()?;
        Ok(body)
    }

    /// The body's canonical bytes.
    pub fn encode(&self) -> Result<Vec<u8>, AttributionError> {
        let r = match self {
            Body::Enrol(b) => cbor::encode(b),
            Body::Consultation(b) => cbor::encode(b),
            Body::Idea(b) => cbor::encode(b),
            Body::Claim(b) => cbor::encode(b),
            Body::Endorse(b) => cbor::encode(b),
            Body::Cite(b) => cbor::encode(b),
            Body::Respond(b) => cbor::encode(b),
            Body::Withdraw(b) => cbor::encode(b),
            Body::Rotate(b) => cbor::encode(b),
            Body::Acknowledge(b) => cbor::encode(b),
            Body::Close(b) => cbor::encode(b),
            Body::Recover(b) => cbor::encode(b),
            Body::CancelRecovery(b) => cbor::encode(b),
        };
        r.map_err(|e| bad(e.to_string()))
    }

    /// The statement kind this body belongs to.
    pub fn kind(&self) -> Kind {
        match self {
            Body::Enrol(_) => Kind::Enrol,
            Body::Consultation(_) => Kind::Consultation,
            Body::Idea(_) => Kind::Idea,
            Body::Claim(_) => Kind::Claim,
            Body::Endorse(_) => Kind::Endorse,
            Body::Cite(_) => Kind::Cite,
            Body::Respond(_) => Kind::Respond,
            Body::Withdraw(_) => Kind::Withdraw,
            Body::Rotate(_) => Kind::Rotate,
            Body::Acknowledge(_) => Kind::Acknowledge,
            Body::Close(_) => Kind::Close,
            Body::Recover(_) => Kind::Recover,
            Body::CancelRecovery(_) => Kind::CancelRecovery,
        }
    }

    fn check(&self) -> Result<(), AttributionError> {
        match self {
            Body::Enrol(b) => {
                check_code(b.role, Role::from_code, "role")?;
                if b.action > ACTION_REVOKE {
                    return Err(bad(format!("enrol action code {} is not defined", b.action)));
                }
            }
            Body::Consultation(b) => {
                if b.title.is_empty() {
                    return Err(bad("a consultation needs a title"));
                }
                let d = b.date.as_bytes();
                let shape = d.len() == 10
                    && d.iter()
                        .enumerate()
                        .all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
                if !shape {
                    return Err(bad("the consultation date is written YYYY-MM-DD"));
                }
                if let Some(l) = &b.lang
                    && !CONSULTATION_LANGS.contains(&l.as_str())
                {
                    return Err(bad(format!(
                        "a consultation's language is \"en\" or \"cy\" (got \"{}\")",
                        l.chars().take(20).collect::<String>().escape_default()
                    )));
                }
            }
            Body::Idea(b) => {
                check_code(b.consent, Consent::from_code, "consent")?;
                check_name(b.consent, &b.name)?;
            }
            Body::Claim(b) => {
                check_code(b.consent, Consent::from_code, "consent")?;
                check_name(b.consent, &b.name)?;
                if b.ideas.is_empty() {
                    return Err(bad("a claim names at least one idea"));
                }
                if let Some(s) = &b.secret
                    && s.len() != crate::attribution::claim::SECRET_BYTES
                {
                    return Err(bad(format!("a claim secret is {} bytes", crate::attribution::claim::SECRET_BYTES)));
                }
            }
            Body::Cite(b) => {
                if b.uses.is_empty() {
                    return Err(bad("a citation uses at least one idea"));
                }
                for u in &b.uses {
                    check_code(u.how, Usage::from_code, "usage")?;
                }
            }
            Body::Respond(b) => {
                check_code(b.outcome, Outcome::from_code, "outcome")?;
                if b.outcome == Outcome::NotAdopted.code() && b.reason.as_deref().is_none_or(str::is_empty) {
                    return Err(bad("a response that does not adopt an idea must give the reason"));
                }
                if b.outcome == Outcome::Delivered.code()
                    && b.reason.as_deref().is_none_or(|r| r.trim().is_empty())
                    && b.links.is_empty()
                {
                    return Err(bad("a delivered answer says what was done: a short note or a link"));
                }
                if b.also.len() > MAX_GROUPED {
                    return Err(bad(format!("one answer covers at most {} ideas", MAX_GROUPED + 1)));
                }
                let mut seen = std::collections::BTreeSet::from([b.idea]);
                if !b.also.iter().all(|i| seen.insert(*i)) {
                    return Err(bad("an answer names each idea once"));
                }
            }
            Body::Acknowledge(b) => {
                check_code(b.recognition, Recognition::from_code, "recognition")?;
                if b.ideas.is_empty() {
                    return Err(bad("an acknowledgement names at least one idea"));
                }
                if b.status > ACK_DECLINED {
                    return Err(bad(format!("acknowledgement status {} is not defined", b.status)));
                }
                if b.status == ACK_DECLINED && (b.amount.is_some() || b.currency.is_some() || b.payment.is_some()) {
                    return Err(bad("a declined acknowledgement carries no amount"));
                }
                if b.payment.is_some() && (b.amount.is_some() || b.currency.is_some()) {
                    return Err(bad(
                        "an acknowledgement carries its amount as a payment digest or in the open, not both",
                    ));
                }
                if b.amount.is_some() != b.currency.is_some() {
                    return Err(bad("an amount needs its currency and a currency its amount"));
                }
                if let Some(c) = &b.currency
                    && (c.len() != 3 || !c.bytes().all(|x| x.is_ascii_uppercase()))
                {
                    return Err(bad("the currency is a three-letter ISO 4217 code"));
                }
            }
            Body::Recover(b) => {
                if b.binding.len() != 64 {
                    return Err(bad("a recovery's binding is a 64-byte signature"));
                }
                if b.wait_days > crate::attribution::recovery::MAX_WAIT_DAYS {
                    return Err(bad(format!(
                        "a recovery waits at most {} days",
                        crate::attribution::recovery::MAX_WAIT_DAYS
                    )));
                }
            }
            Body::Endorse(_) | Body::Withdraw(_) | Body::Rotate(_) | Body::Close(_) | Body::CancelRecovery(_) => {}
        }
        Ok(())
    }
}

fn check_name(consent: u8, name: &Option<String>) -> Result<(), AttributionError> {
    let anonymous = consent == Consent::Anonymous.code();
    match name {
        Some(n) if anonymous => Err(bad(format!("an anonymous contribution carries no name (got {} bytes)", n.len()))),
        Some(n) if n.trim().is_empty() => Err(bad("a name is not empty")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_round_trip_and_refuse_other_kinds() {
        let b = Body::Endorse(EndorseBody { idea: Id([7; 32]) });
        let bytes = b.encode().unwrap();
        assert_eq!(Body::decode(Kind::Endorse, &bytes).unwrap(), b);
        // {0: h'07..'} is not a rotate... it is (same shape); but not an idea.
        assert_eq!(Body::decode(Kind::Idea, &bytes).unwrap_err().code(), "malformed_body");
    }

    #[test]
    fn a_consultation_has_an_optional_language() {
        let with = |lang: Option<&str>| {
            Body::Consultation(ConsultationBody {
                title: "Drop-in".into(),
                date: "2026-03-14".into(),
                place: "Aberystwyth".into(),
                topic: "iechyd".into(),
                convenor: Id([1; 32]),
                recorders: vec![],
                closes: None,
                lang: lang.map(String::from),
            })
        };
        for ok in [None, Some("en"), Some("cy")] {
            let bytes = with(ok).encode().unwrap();
            assert_eq!(Body::decode(Kind::Consultation, &bytes).unwrap(), with(ok));
        }
        // Absent, the body is byte for byte what it was before the field existed.
        assert!(!with(None).encode().unwrap().windows(2).any(|w| w == [0x07, 0x62]));
        for bad in ["fr", "CY", "cy-GB", ""] {
            let r = with(Some(bad)).encode().and_then(|b| Body::decode(Kind::Consultation, &b));
            assert_eq!(r.unwrap_err().code(), "malformed_body", "{bad}");
        }
    }

    #[test]
    fn non_canonical_body_is_named() {
        // {0: h'..'} with a two-byte length head for the byte string.
        let mut bytes = vec![0xa1, 0x00, 0x59, 0x00, 0x20];
        bytes.extend_from_slice(&[1; 32]);
        assert_eq!(Body::decode(Kind::Withdraw, &bytes).unwrap_err().code(), "non_canonical");
    }

    proptest::proptest! {
        #[test]
        fn idea_bodies_round_trip(
            tags in proptest::collection::vec("[a-z-]{0,12}", 0..4),
            consent in 0u8..3,
            name in proptest::option::of("[A-Za-z ]{1,20}"),
            card in proptest::option::of(proptest::array::uniform32(0u8..)),
            builds_on in proptest::collection::vec(proptest::array::uniform32(0u8..), 0..3),
            given in proptest::option::of("[0-9]{4}-[0-9]{2}-[0-9]{2}"),
        ) {
            let name = if consent == 2 { None } else { name.filter(|n| !n.trim().is_empty()) };
            let b = Body::Idea(IdeaBody {
                consultation: Id([1; 32]),
                digest: Id([2; 32]),
                tags,
                co_contributors: vec![],
                builds_on: builds_on.into_iter().map(Id).collect(),
                consent,
                name,
                claim_hash: card.map(Id),
                given,
            });
            let bytes = b.encode().unwrap();
            proptest::prop_assert_eq!(Body::decode(Kind::Idea, &bytes).unwrap(), b);
        }

        #[test]
        fn any_accepted_body_is_its_own_encoding(bytes in proptest::collection::vec(0u8.., 0..80), kind in 1u64..=13) {
            let kind = Kind::from_code(kind).unwrap();
            if let Ok(body) = Body::decode(kind, &bytes) {
                proptest::prop_assert_eq!(body.encode().unwrap(), bytes);
            }
        }
    }

    /// An idea without `given` is the same bytes as before the field existed, so older logs
    /// keep their statement hashes; with it, key 8 follows key 7.
    #[test]
    fn an_idea_without_a_given_date_encodes_as_before() {
        let mut b = IdeaBody {
            consultation: Id([1; 32]),
            digest: Id([2; 32]),
            tags: vec![],
            co_contributors: vec![],
            builds_on: vec![],
            consent: 2,
            name: None,
            claim_hash: None,
            given: None,
        };
        // {0: h'01..', 1: h'02..', 2: [], 3: [], 4: [], 5: 2}
        let mut old = vec![0xa6, 0x00, 0x58, 0x20];
        old.extend_from_slice(&[1; 32]);
        old.extend_from_slice(&[0x01, 0x58, 0x20]);
        old.extend_from_slice(&[2; 32]);
        old.extend_from_slice(&[0x02, 0x80, 0x03, 0x80, 0x04, 0x80, 0x05, 0x02]);
        assert_eq!(cbor::encode(&b).unwrap(), old);
        b.given = Some("2026-03-14".into());
        let mut new = old.clone();
        new[0] = 0xa7;
        new.extend_from_slice(&[0x08, 0x6a]);
        new.extend_from_slice(b"2026-03-14");
        assert_eq!(cbor::encode(&b).unwrap(), new);
        assert_eq!(Body::decode(Kind::Idea, &new).unwrap(), Body::Idea(b));
    }

    #[test]
    fn ranges_are_checked() {
        let b = RespondBody { idea: Id([1; 32]), outcome: 3, reason: None, links: vec![], also: vec![] };
        assert_eq!(Body::decode(Kind::Respond, &cbor::encode(&b).unwrap()).unwrap_err().code(), "malformed_body");
        let b = WithdrawBody { idea: Id([1; 32]) };
        assert!(Body::decode(Kind::Withdraw, &cbor::encode(&b).unwrap()).is_ok());
    }
}
