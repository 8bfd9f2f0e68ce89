//! One-time invitations for staff, kept as files: `<sha256(secret) hex>.json` holds the
//! invitation, and `<sha256(secret) hex>.used` is created (exclusively) by the one
//! redemption that wins; it then records the key enrolled.
//!
//! The secret is 32 random bytes, written in links as unpadded base64url (43 characters),
//! in the link's fragment so that browsers never send it in a request line or `Referer`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::attribution::kinds::{Id, Role};

/// How long an invitation lasts unless the operator says otherwise: 7 days.
pub const DEFAULT_DAYS: u64 = 7;

/// Why an invitation could not be issued, read or redeemed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StaffError {
    /// The invitation text is not the form a link carries.
    #[error("this invitation link is not complete: copy the whole link from the message you were sent")]
    BadInvitation,
    /// No invitation has this secret (never issued, or altered on the way).
    #[error("this invitation was not issued here, or the link was changed on the way; ask for a new invitation")]
    UnknownInvitation,
    /// The invitation's time is over.
    #[error("this invitation has expired; ask for a new one")]
    Expired,
    /// The invitation was already used (each works once).
    #[error("this invitation has already been used; each invitation works once, so ask for a new one")]
    Used,
    /// An argument of a new invitation is not acceptable.
    #[error("{0}")]
    BadRequest(String),
    /// Reading or writing the invitation files failed.
    #[error("invitation store {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// An invitation file does not read.
    #[error("invitation file {0} is damaged")]
    Damaged(PathBuf),
}

impl StaffError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StaffError::BadInvitation => "bad_invitation",
            StaffError::UnknownInvitation => "unknown_invitation",
            StaffError::Expired => "invitation_expired",
            StaffError::Used => "invitation_used",
            StaffError::BadRequest(_) => "bad_invitation_request",
            StaffError::Io { .. } | StaffError::Damaged(_) => "storage",
        }
    }
}

/// An invitation as the operator issued it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    /// The role code the key will be enrolled with ([`Role::code`]).
    pub role: u8,
    /// The person's name, as enrolled.
    pub name: String,
    /// The organisation they work for, as the operator wrote it (shown, not enrolled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// When issued, Unix seconds.
    pub issued: u64,
    /// When it stops working, Unix seconds.
    pub expires: u64,
    /// For another device of someone already enrolled: their existing key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_of: Option<String>,
}

impl Invitation {
    /// The role, if the code is one staff may hold.
    pub fn role(&self) -> Option<Role> {
        Role::from_code(self.role).filter(|r| *r != Role::Witness)
    }
}

/// The redemption that won: which key was enrolled, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redeemed {
    /// The enrolled public key, hex.
    pub key: String,
    /// When, Unix seconds.
    pub at: u64,
    /// When the operator revoked it with `heard staff revoke`, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<u64>,
}

/// The invitation files of a data folder.
#[derive(Clone, Debug)]
pub struct Invitations {
    dir: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StaffError + '_ {
    move |source| StaffError::Io { path: path.to_path_buf(), source }
}

/// Writes `bytes` to `path` through a synced temporary file and a rename.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StaffError> {
    let tmp = path.with_extension("tmp");
    let mut f = fs::File::create(&tmp).map_err(io(&tmp))?;
    f.write_all(bytes).map_err(io(&tmp))?;
    f.sync_all().map_err(io(&tmp))?;
    fs::rename(&tmp, path).map_err(io(path))?;
    if let Some(dir) = path.parent()
        && let Ok(d) = fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The secret's hash, hex: the invitation's file name.
fn hash_hex(secret: &[u8; 32]) -> String {
    hex::encode(Sha256::digest(secret))
}

/// Reads an invitation secret as links carry it.
pub fn parse_secret(text: &str) -> Result<[u8; 32], StaffError> {
    let t = text.trim();
    if t.len() != 43 {
        return Err(StaffError::BadInvitation);
    }
    B64URL.decode(t).ok().and_then(|b| b.try_into().ok()).ok_or(StaffError::BadInvitation)
}

/// The secret as links carry it.
pub fn secret_text(secret: &[u8; 32]) -> String {
    B64URL.encode(secret)
}

/// Now, Unix seconds.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl Invitations {
    /// The invitations of the data folder `data`.
    pub fn new(data: &Path) -> Self {
        Invitations { dir: data.join("staff").join("invitations") }
    }

    /// Issues an invitation; returns its secret (shown once, never stored).
    pub fn issue(&self, inv: &Invitation) -> Result<[u8; 32], StaffError> {
        if inv.role().is_none() {
            return Err(StaffError::BadRequest("staff are invited as facilitator, organisation or policy-team".into()));
        }
        if inv.name.trim().is_empty() || inv.name.chars().any(char::is_control) || inv.name.chars().count() > 200 {
            return Err(StaffError::BadRequest("write the person's name (up to 200 characters, on one line)".into()));
        }
        if inv.expires <= inv.issued {
            return Err(StaffError::BadRequest("an invitation must last at least a moment".into()));
        }
        fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| StaffError::Io { path: self.dir.clone(), source: std::io::Error::other(e.to_string()) })?;
        let path = self.dir.join(format!("{}.json", hash_hex(&secret)));
        let bytes = serde_json::to_vec_pretty(inv).map_err(|_| StaffError::Damaged(path.clone()))?;
        write_atomically(&path, &bytes)?;
        Ok(secret)
    }

    fn load(&self, hash: &str) -> Result<Invitation, StaffError> {
        let path = self.dir.join(format!("{hash}.json"));
        match fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|_| StaffError::Damaged(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(StaffError::UnknownInvitation),
            Err(e) => Err(io(&path)(e)),
        }
    }

    fn redeemed(&self, hash: &str) -> Result<Option<Redeemed>, StaffError> {
        let path = self.dir.join(format!("{hash}.used"));
        match fs::read(&path) {
            // A marker still empty is a redemption under way: used all the same.
            Ok(b) if b.is_empty() => Ok(Some(Redeemed { key: String::new(), at: 0, revoked: None })),
            Ok(b) => serde_json::from_slice(&b).map(Some).map_err(|_| StaffError::Damaged(path)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    /// The invitation a secret opens, if it is still open at `now` (Unix seconds).
    pub fn open(&self, secret_text: &str, now: u64) -> Result<Invitation, StaffError> {
        let secret = parse_secret(secret_text)?;
        let hash = hash_hex(&secret);
        let inv = self.load(&hash)?;
        if self.redeemed(&hash)?.is_some() {
            return Err(StaffError::Used);
        }
        if now >= inv.expires {
            return Err(StaffError::Expired);
        }
        Ok(inv)
    }

    /// Redeems the invitation for `key`: exactly one of any concurrent redemptions gets to
    /// run `enrol`; if `enrol` fails, the invitation stays open and its error is returned.
    pub fn redeem<T, E: From<StaffError>>(
        &self,
        secret_text: &str,
        key: &Id,
        now: u64,
        enrol: impl FnOnce(&Invitation) -> Result<T, E>,
    ) -> Result<T, E> {
        let inv = self.open(secret_text, now)?;
        let hash = hash_hex(&parse_secret(secret_text)?);
        let marker = self.dir.join(format!("{hash}.used"));
        match fs::OpenOptions::new().write(true).create_new(true).open(&marker) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(StaffError::Used.into()),
            Err(e) => return Err(io(&marker)(e).into()),
        }
        match enrol(&inv) {
            Ok(t) => {
                let r = Redeemed { key: key.hex(), at: now, revoked: None };
                let bytes = serde_json::to_vec(&r).map_err(|_| StaffError::Damaged(marker.clone()))?;
                write_atomically(&marker, &bytes)?;
                Ok(t)
            }
            Err(e) => {
                let _ = fs::remove_file(&marker);
                Err(e)
            }
        }
    }

    /// Every invitation: its file's hash, the invitation, and who redeemed it.
    pub fn list(&self) -> Result<Vec<(String, Invitation, Option<Redeemed>)>, StaffError> {
        let rd = match fs::read_dir(&self.dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(&self.dir)(e)),
        };
        let mut out = Vec::new();
        for e in rd {
            let e = e.map_err(io(&self.dir))?;
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(hash) = name.strip_suffix(".json") {
                let inv = self.load(hash)?;
                out.push((hash.to_string(), inv.clone(), self.redeemed(hash)?));
            }
        }
        out.sort_by(|a, b| (a.1.issued, &a.0).cmp(&(b.1.issued, &b.0)));
        Ok(out)
    }

    /// The redeemed invitation that enrolled `key` (hex), if any.
    pub fn of_key(&self, key: &str) -> Result<Option<(String, Invitation, Redeemed)>, StaffError> {
        Ok(self.list()?.into_iter().find_map(|(h, i, r)| r.filter(|r| r.key == key).map(|r| (h, i, r))))
    }

    /// Notes that the key of invitation `hash` was revoked at `now`.
    pub fn mark_revoked(&self, hash: &str, now: u64) -> Result<(), StaffError> {
        let marker = self.dir.join(format!("{hash}.used"));
        let Some(mut r) = self.redeemed(hash)? else { return Err(StaffError::UnknownInvitation) };
        r.revoked = Some(now);
        let bytes = serde_json::to_vec(&r).map_err(|_| StaffError::Damaged(marker.clone()))?;
        write_atomically(&marker, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inv(now: u64) -> Invitation {
        Invitation {
            role: Role::Facilitator.code(),
            name: "Amara Okafor".into(),
            organisation: Some("Riverside Council".into()),
            issued: now,
            expires: now + 3600,
            device_of: None,
        }
    }

    #[test]
    fn only_the_hash_is_stored_and_an_invitation_works_once() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Invitations::new(dir.path());
        let secret = store.issue(&inv(1000)).expect("issue");
        let text = secret_text(&secret);
        let everything: Vec<u8> = fs::read_dir(dir.path().join("staff/invitations"))
            .expect("dir")
            .flat_map(|e| {
                let e = e.expect("entry");
                let mut b = e.file_name().to_string_lossy().as_bytes().to_vec();
                b.extend(fs::read(e.path()).expect("read"));
                b
            })
            .collect();
        assert!(!String::from_utf8_lossy(&everything).contains(&text), "the secret is not stored");
        assert!(!everything.windows(32).any(|w| w == secret), "nor its bytes");

        assert_eq!(store.open(&text, 1001).expect("open").name, "Amara Okafor");
        let key = Id([7; 32]);
        store.redeem(&text, &key, 1001, |_| Ok::<_, StaffError>(())).expect("redeem");
        assert_eq!(store.open(&text, 1002).unwrap_err().code(), "invitation_used");
        let again = store.redeem(&text, &Id([8; 32]), 1002, |_| Ok::<_, StaffError>(()));
        assert_eq!(again.unwrap_err().code(), "invitation_used");
        assert_eq!(store.of_key(&key.hex()).expect("list").map(|(_, i, _)| i.name), Some("Amara Okafor".into()));
    }

    #[test]
    fn bad_altered_expired_and_failed_redemptions() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Invitations::new(dir.path());
        let text = secret_text(&store.issue(&inv(1000)).expect("issue"));
        assert_eq!(store.open("abc", 1001).unwrap_err().code(), "bad_invitation");
        assert_eq!(store.open(&format!("{}!", &text[..42]), 1001).unwrap_err().code(), "bad_invitation");
        let mut altered: Vec<char> = text.chars().collect();
        altered[5] = if altered[5] == 'A' { 'B' } else { 'A' };
        let altered: String = altered.into_iter().collect();
        assert_eq!(store.open(&altered, 1001).unwrap_err().code(), "unknown_invitation");
        assert_eq!(store.open(&text, 1000 + 3600).unwrap_err().code(), "invitation_expired");
        // An enrolment that fails leaves the invitation open.
        let failed = store.redeem(&text, &Id([7; 32]), 1001, |_| Err::<(), _>(StaffError::BadRequest("no".into())));
        assert_eq!(failed.unwrap_err().code(), "bad_invitation_request");
        assert!(store.open(&text, 1001).is_ok());
        // Witness is not a staff role; a name is required.
        let witness = Invitation { role: Role::Witness.code(), ..inv(1) };
        assert_eq!(store.issue(&witness).unwrap_err().code(), "bad_invitation_request");
        assert_eq!(
            store.issue(&Invitation { name: " ".into(), ..inv(1) }).unwrap_err().code(),
            "bad_invitation_request"
        );
    }

    #[test]
    fn of_many_concurrent_redemptions_exactly_one_wins() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Invitations::new(dir.path());
        let text = secret_text(&store.issue(&inv(1000)).expect("issue"));
        let wins: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..16u8)
                .map(|i| {
                    let (store, text) = (store.clone(), text.clone());
                    s.spawn(move || store.redeem(&text, &Id([i; 32]), 1001, |_| Ok::<_, StaffError>(())).is_ok())
                })
                .collect();
            handles.into_iter().map(|h| usize::from(h.join().unwrap_or(false))).sum()
        });
        assert_eq!(wins, 1);
    }
}
