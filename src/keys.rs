//! Key files on disk and the data folder's first-run set-up.
//!
//! Every Heard key file holds one line: the signed-note signer key text
//! `PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 ‖ 32-byte seed)>` (the form Go's
//! `sumdb/note` reads). Files are created readable by the owner only, and a key file that
//! others can read is refused.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use ed25519_dalek::SigningKey;

use crate::protocol::note::NoteSigner;

/// 32 bytes from the operating system's random source.
pub fn random_seed() -> anyhow::Result<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no randomness from the OS: {e}"))?;
    Ok(seed)
}

/// A new random key named `name`.
pub fn generate(name: &str) -> anyhow::Result<NoteSigner> {
    NoteSigner::new(name, random_seed()?).with_context(|| format!("making a key named {name:?}"))
}

/// Writes `key` to a new file at `path` with mode 0600. Never overwrites.
pub fn write_key_file(path: &Path, key: &NoteSigner) -> anyhow::Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).with_context(|| format!("creating key file {}", path.display()))?;
    writeln!(f, "{}", key.to_text()).with_context(|| format!("writing key file {}", path.display()))?;
    f.sync_all().with_context(|| format!("syncing key file {}", path.display()))?;
    Ok(())
}

/// Reads a key file, refusing one that users other than the owner can read.
pub fn read_key_file(path: &Path) -> anyhow::Result<NoteSigner> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = fs::metadata(path).with_context(|| format!("reading key file {}", path.display()))?;
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 {
            bail!(
                "key file {} can be read by other users (mode {:o}); run `chmod 600 {}` first",
                path.display(),
                mode & 0o777,
                path.display()
            );
        }
    }
    let text = fs::read_to_string(path).with_context(|| format!("reading key file {}", path.display()))?;
    NoteSigner::from_text(text.trim_end()).with_context(|| format!("key file {} is not a Heard key", path.display()))
}

/// The Ed25519 signing key inside a note signer, for signing statements.
pub fn statement_key(signer: &NoteSigner) -> SigningKey {
    signer.signing_key().clone()
}

/// The keys of a data folder: the log's checkpoint key and the operator's enrolment key.
pub struct DataKeys {
    /// Signs checkpoints; named after the origin.
    pub log: NoteSigner,
    /// Signs `enrol` statements; kept apart from the log key.
    pub operator: NoteSigner,
}

/// Paths of the files in a data folder.
pub struct DataDir {
    /// The folder.
    pub root: PathBuf,
}

impl DataDir {
    /// The data folder at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }
    /// The log key file.
    pub fn log_key(&self) -> PathBuf {
        self.root.join("log.key")
    }
    /// The operator key file.
    pub fn operator_key(&self) -> PathBuf {
        self.root.join("operator.key")
    }
    /// The sled database folder.
    pub fn db(&self) -> PathBuf {
        self.root.join("db")
    }

    /// Loads the keys, creating the folder and both keys on first run. Returns whether they
    /// were created now.
    pub fn init_keys(&self, origin: &str) -> anyhow::Result<(DataKeys, bool)> {
        let created = !self.log_key().exists();
        if created {
            if self.operator_key().exists() {
                bail!("{} exists but {} does not", self.operator_key().display(), self.log_key().display());
            }
            fs::create_dir_all(&self.root).with_context(|| format!("creating data folder {}", self.root.display()))?;
            write_key_file(&self.log_key(), &generate(origin)?)?;
            write_key_file(&self.operator_key(), &generate("operator")?)?;
        }
        let log = read_key_file(&self.log_key())?;
        let operator = read_key_file(&self.operator_key())?;
        Ok((DataKeys { log, operator }, created))
    }
}
