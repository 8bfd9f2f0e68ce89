//! Printable claim cards (`heard cards`): one card per contributor on the A4 print sheet
//! that the staff page prints too ([`crate::sheet`]: QR code of the claim URL, the code to
//! type, the ideas' words, 8 cards a page). All text is HTML-escaped.
//!
//! The log holds only each card's hash, so the cards are recomputed from the facilitator's
//! secret key and the consultation id: for a Pol.is import with each idea's
//! `polis:participant=` tag ([`super::polis::card_for`]); for a CSV import with each distinct
//! contributor value of the same file and mapping ([`super::table::card_for`]; the values are
//! not in the public log). A card is kept only when the ledger knows it (its hash was recorded)
//! and it is not yet claimed.

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;

use super::ImportError;
use super::polis::card_for;
use crate::attribution::kinds::Id;
use crate::ledger::Ledger;
use crate::sheet::{Sheet, SheetCard, public_words};

/// One card to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintCard {
    /// Who it is for, as printed (`Participant 23`).
    pub name: String,
    /// The code.
    pub code: String,
    /// The claim URL (in the QR code).
    pub url: String,
    /// The ideas on it, in log order: their words when the public idea page shows them
    /// ([`crate::sheet::public_words`]), else `None`.
    pub ideas: Vec<Option<String>>,
}

/// The unclaimed cards of a Pol.is-imported consultation, by participant number; also
/// returns how many cards were already claimed.
pub fn polis_cards(
    ledger: &Ledger,
    facilitator: &SigningKey,
    consultation: &Id,
    base_url: &str,
) -> Result<(Vec<PrintCard>, u64), ImportError> {
    let mut participants: BTreeMap<u64, ()> = BTreeMap::new();
    for idea in ledger.ideas_of_consultation(consultation)? {
        for t in &idea.tags {
            if let Some(n) = t.strip_prefix("polis:participant=").and_then(|n| n.parse::<u64>().ok()) {
                participants.insert(n, ());
            }
        }
    }
    let (mut out, mut claimed) = (Vec::new(), 0);
    for n in participants.into_keys() {
        let card = card_for(facilitator, consultation, n);
        let view = match ledger.card(&card.code) {
            Ok(v) => v,
            Err(e) if e.code() == "unknown_card" => continue, // recorded by another facilitator key
            Err(e) => return Err(e.into()),
        };
        if view.claimed {
            claimed += 1;
            continue;
        }
        out.push(PrintCard {
            name: format!("Participant {n}"),
            url: card.url(base_url),
            code: card.code,
            ideas: view.ideas.iter().map(public_words).collect(),
        });
    }
    Ok((out, claimed))
}

/// The unclaimed cards of a consultation that `heard import csv` filled from `csv` with
/// `map`, one per distinct contributor value in order of first appearance (printed under that
/// value, which only the organiser's file holds); also returns how many were already claimed.
/// Rows the import would refuse are ignored here (they were never imported).
pub fn csv_cards(
    ledger: &Ledger,
    facilitator: &SigningKey,
    consultation: &Id,
    csv: &[u8],
    map: &super::table::Mapping,
    base_url: &str,
) -> Result<(Vec<PrintCard>, u64), ImportError> {
    let (rows, _) = super::table::read(csv, map)?;
    let mut seen = std::collections::BTreeSet::new();
    let (mut out, mut claimed) = (Vec::new(), 0);
    for row in rows {
        if !seen.insert(row.contributor.clone()) {
            continue;
        }
        let card = super::table::card_for(facilitator, consultation, &row.contributor);
        let view = match ledger.card(&card.code) {
            Ok(v) => v,
            Err(e) if e.code() == "unknown_card" => continue, // not imported with this key here
            Err(e) => return Err(e.into()),
        };
        if view.claimed {
            claimed += 1;
            continue;
        }
        out.push(PrintCard {
            name: row.contributor,
            url: card.url(base_url),
            code: card.code,
            ideas: view.ideas.iter().map(public_words).collect(),
        });
    }
    Ok((out, claimed))
}

/// The print sheet of `cards` for consultation `consultation` ([`crate::sheet`], the same A4
/// sheet the staff page prints): `claimed` cards were left out; `public_url_explicit` says
/// whether the claim links' base was given (else the screen warns that the cards point at
/// this computer only).
pub fn sheet(
    consultation: &crate::attribution::state::ConsultationRec,
    cards: &[PrintCard],
    claimed: u64,
    public_url: &str,
    public_url_explicit: bool,
) -> Sheet {
    Sheet {
        title: consultation.title.clone(),
        date: consultation.date.clone(),
        public_url: public_url.to_string(),
        public_url_explicit,
        cards: cards
            .iter()
            .map(|c| SheetCard { for_whom: Some(c.name.clone()), code: c.code.clone(), ideas: c.ideas.clone() })
            .collect(),
        claimed_left_out: usize::try_from(claimed).unwrap_or(usize::MAX),
        repeated: 0,
        lang: consultation.lang.as_deref().and_then(crate::i18n::Lang::from_code).unwrap_or_default(),
    }
}

/// The printable page (`heard cards`): [`sheet`] as a whole HTML document with its
/// stylesheet inlined.
pub fn html(sheet: &Sheet) -> Result<String, ImportError> {
    sheet.document().map_err(|e| ImportError::Invalid(e.to_string()))
}
