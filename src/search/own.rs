//! `OwnDir`: a folder of one process's own under a folder that processes share, for a search
//! index that follows a log other processes append to (`Search::open_shared`). Tantivy lets one
//! writer have an index, and several `heard serve --postgres` may share a data folder.
//!
//! Each process makes `<parent>/index-<random>/` and holds an exclusive lock on
//! `<parent>/index-<random>.lock` while it runs; both are removed when the `OwnDir` is dropped.
//! A process that was killed cannot remove its folder, but its lock went with it: the next
//! process to make a folder under the same parent removes every folder whose lock it can take
//! (and whose lock file is older than `STALE_AFTER`, so that a folder whose maker has made
//! its lock file but not yet locked it is left alone).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How old a lock file nobody holds must be before its folder counts as left behind.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// A folder only this process uses; removed when dropped.
#[derive(Debug)]
pub(super) struct OwnDir {
    dir: PathBuf,
    lock_path: PathBuf,
    /// Holds the lock for as long as the folder is this process's.
    _lock: File,
}

impl OwnDir {
    /// Removes the folders under `parent` left by processes that stopped without removing
    /// them, then makes a new one for this process (empty, created).
    pub(super) fn make(parent: &Path) -> io::Result<OwnDir> {
        std::fs::create_dir_all(parent)?;
        sweep(parent);
        let (lock, lock_path) = tempfile::Builder::new()
            .prefix("index-")
            .suffix(".lock")
            .tempfile_in(parent)?
            .keep()
            .map_err(|e| e.error)?;
        lock.lock()?;
        let dir = lock_path.with_extension("");
        std::fs::create_dir(&dir)?;
        Ok(OwnDir { dir, lock_path, _lock: lock })
    }

    /// The folder.
    pub(super) fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for OwnDir {
    fn drop(&mut self) {
        // The folder first: a lock file without its folder is harmless, a folder without its
        // lock file is never swept. A merge tantivy had under way may still be writing a file
        // for a moment: try again, then leave the folder (and its lock file) to a later sweep.
        let mut tries = 0;
        while let Err(e) = std::fs::remove_dir_all(&self.dir) {
            tries += 1;
            if e.kind() == io::ErrorKind::NotFound {
                break;
            }
            if tries == 5 {
                tracing::warn!(dir = %self.dir.display(), error = %e, "removing the search index's folder");
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// Removes each `index-*` folder under `parent` whose lock file is old and held by nobody.
fn sweep(parent: &Path) {
    let Ok(listing) = std::fs::read_dir(parent) else { return };
    for item in listing.flatten() {
        let path = item.path();
        let is_lock = path.extension().is_some_and(|e| e == "lock")
            && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("index-"));
        if !is_lock {
            continue;
        }
        let old = item
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !old {
            continue;
        }
        let Ok(file) = File::options().read(true).write(true).open(&path) else { continue };
        if file.try_lock().is_err() {
            // Its process is running (or the lock cannot be taken: leave it).
            continue;
        }
        let dir = path.with_extension("");
        match std::fs::remove_dir_all(&dir) {
            Ok(()) => tracing::info!(dir = %dir.display(), "removed a search index left by a stopped process"),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                tracing::warn!(dir = %dir.display(), error = %e, "removing a search index left by a stopped process");
                continue;
            }
        }
        let _ = std::fs::remove_file(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(parent: &Path) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(parent).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    }

    #[test]
    fn each_process_has_its_own_folder_removed_when_dropped() {
        let parent = tempfile::tempdir().unwrap();
        let a = OwnDir::make(parent.path()).unwrap();
        let b = OwnDir::make(parent.path()).unwrap();
        assert_ne!(a.path(), b.path());
        assert!(a.path().is_dir() && b.path().is_dir());
        std::fs::write(a.path().join("x"), b"x").unwrap();
        // A lock held is not swept, however old its file.
        File::options().write(true).open(&a.lock_path).unwrap().set_modified(SystemTime::UNIX_EPOCH).unwrap();
        let c = OwnDir::make(parent.path()).unwrap();
        assert!(a.path().join("x").exists(), "a running process's folder is kept");
        drop((a, b, c));
        assert_eq!(entries(parent.path()), Vec::<String>::new());
    }

    #[test]
    fn a_folder_left_by_a_stopped_process_is_removed_once_its_lock_is_old() {
        let parent = tempfile::tempdir().unwrap();
        let left = |name: &str, age: Duration| {
            std::fs::create_dir_all(parent.path().join(name).join("segment")).unwrap();
            let lock = File::create(parent.path().join(format!("{name}.lock"))).unwrap();
            lock.set_modified(SystemTime::now() - age).unwrap();
        };
        left("index-old", STALE_AFTER * 2);
        left("index-new", Duration::ZERO);
        std::fs::create_dir(parent.path().join("other")).unwrap();
        let mine = OwnDir::make(parent.path()).unwrap();
        let mut want = vec!["index-new".to_string(), "index-new.lock".into(), "other".into()];
        let name = mine.path().file_name().unwrap().to_string_lossy().into_owned();
        want.push(name.clone());
        want.push(format!("{name}.lock"));
        want.sort();
        assert_eq!(entries(parent.path()), want);
    }
}
