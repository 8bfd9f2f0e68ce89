//! What the rules read and write: committed rows behind [`Base`] (the store, or a replay's
//! own state), and one statement's reads and writes ([`Tx`]), its own writes seen first.

use std::collections::BTreeMap;

use serde::{Serialize, de::DeserializeOwned};

use super::{refuse, storage};
use crate::attribution::AttributionError;
use crate::attribution::kinds::Id;
use crate::attribution::rows::*;
use crate::attribution::state::*;
use crate::log::Refusal;
use crate::log::store::Store;

/// Reads committed domain rows.
pub(in crate::attribution) trait Base {
    fn read(&self, k: &[u8]) -> Result<Option<Vec<u8>>, AttributionError>;
    /// Whether any row's key starts with `prefix` (rows the domain never removes: `P`).
    fn any_under(&self, prefix: &[u8]) -> Result<bool, AttributionError>;
}

impl Base for Store {
    fn read(&self, k: &[u8]) -> Result<Option<Vec<u8>>, AttributionError> {
        Ok(self.domain_get(k)?)
    }
    fn any_under(&self, prefix: &[u8]) -> Result<bool, AttributionError> {
        Ok(self.domain_scan(prefix).next().transpose()?.is_some())
    }
}

impl Base for BTreeMap<Vec<u8>, Vec<u8>> {
    fn read(&self, k: &[u8]) -> Result<Option<Vec<u8>>, AttributionError> {
        Ok(self.get(k).cloned())
    }
    fn any_under(&self, prefix: &[u8]) -> Result<bool, AttributionError> {
        Ok(self.range(prefix.to_vec()..).next().is_some_and(|(k, _)| k.starts_with(prefix)))
    }
}

/// One statement's reads and writes: reads see its own writes first.
pub(in crate::attribution) struct Tx<'a> {
    pub(in crate::attribution) base: &'a dyn Base,
    pub(in crate::attribution) writes: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
}

impl Tx<'_> {
    pub(super) fn get<T: Serialize + DeserializeOwned>(&self, k: &[u8]) -> Result<Option<T>, Refusal> {
        let raw = match self.writes.get(k) {
            Some(v) => v.clone(),
            None => self.base.read(k).map_err(storage)?,
        };
        raw.map(|b| dec(&b)).transpose().map_err(storage)
    }
    pub(super) fn put<T: Serialize>(&mut self, k: Vec<u8>, v: &T) -> Result<(), Refusal> {
        self.writes.insert(k, Some(enc(v).map_err(storage)?));
        Ok(())
    }
    pub(super) fn put_raw(&mut self, k: Vec<u8>, v: Vec<u8>) {
        self.writes.insert(k, Some(v));
    }
    pub(super) fn get_raw(&self, k: &[u8]) -> Result<Option<Vec<u8>>, Refusal> {
        match self.writes.get(k) {
            Some(v) => Ok(v.clone()),
            None => self.base.read(k).map_err(storage),
        }
    }
    /// An idea's record; one an older build stored whole is rewritten as its record and
    /// rows in this statement's writes (the rows a replay writes).
    pub(super) fn idea(&mut self, id: &Id) -> Result<IdeaHead, Refusal> {
        let k = key(b'I', &[&id.0]);
        let raw =
            self.get_raw(&k)?.ok_or_else(|| refuse("unknown_idea", format!("no idea {} is in the log", id.hex())))?;
        match decode_idea(&raw).map_err(storage)? {
            StoredIdea::Head(h) => Ok(h),
            StoredIdea::Whole(rec) => {
                let (head, rows) = split_idea(id, rec);
                self.put_rows(rows);
                self.put(k, &head)?;
                Ok(head)
            }
        }
    }
    pub(super) fn put_idea(&mut self, id: &Id, rec: &IdeaHead) -> Result<(), Refusal> {
        self.put(key(b'I', &[&id.0]), rec)
    }
    /// A report's record, if it has one (rewritten like [`Tx::idea`]).
    pub(super) fn report(&mut self, id: &Id) -> Result<Option<ReportHead>, Refusal> {
        let k = key(b'R', &[&id.0]);
        let Some(raw) = self.get_raw(&k)? else { return Ok(None) };
        match decode_report(&raw).map_err(storage)? {
            StoredReport::Head(h) => Ok(Some(h)),
            StoredReport::Whole(rec) => {
                let (head, rows) = split_report(id, rec);
                self.put_rows(rows);
                self.put(k, &head)?;
                Ok(Some(head))
            }
        }
    }
    /// A claim card's record, if it has one (rewritten like [`Tx::idea`]).
    pub(super) fn card(&mut self, hash: &Id) -> Result<Option<CardHead>, Refusal> {
        let k = key(b'Q', &[&hash.0]);
        let Some(raw) = self.get_raw(&k)? else { return Ok(None) };
        match decode_card(&raw).map_err(storage)? {
            StoredCard::Head(h) => Ok(Some(h)),
            StoredCard::Whole(rec) => {
                let (head, rows) = split_card(hash, rec);
                self.put_rows(rows);
                self.put(k, &head)?;
                Ok(Some(head))
            }
        }
    }
    pub(super) fn put_rows(&mut self, rows: Rows) {
        for (k, v) in rows {
            self.put_raw(k, v);
        }
    }
    /// Adds `v` as the next row of list `tag` of `owner`, whose record counts `n` rows.
    pub(super) fn push<T: Serialize>(&mut self, tag: u8, owner: &Id, n: &mut u64, v: &T) -> Result<(), Refusal> {
        self.put(list_key(tag, owner, *n), v)?;
        *n += 1;
        Ok(())
    }
    pub(super) fn event(&mut self, id: &Id, rec: &mut IdeaHead, ev: EventRec) -> Result<(), Refusal> {
        self.push(EVENT, id, &mut rec.events, &ev)
    }
    pub(super) fn key_rec(&self, k: &Id) -> Result<Option<KeyRec>, Refusal> {
        self.get(&key(b'K', &[&k.0]))
    }
    pub(super) fn party_of(&self, k: &Id) -> Result<Id, Refusal> {
        Ok(self.key_rec(k)?.map(|r| r.party).unwrap_or(*k))
    }
    pub(super) fn operator(&self, initial: &Id) -> Result<Id, Refusal> {
        Ok(self.get::<Id>(b"Z")?.unwrap_or(*initial))
    }
}
