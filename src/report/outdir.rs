//! Output directories: what a directory holds before we write into it, an
//! exclusive advisory lock while one process writes it, staged writing of a
//! set of files (all or nothing), and the removal of what a killed process
//! left half-written. Nothing here knows what the files mean.
//!
//! The lock is `flock(2)` on `DIR/.patrolsim.lock` (through `std::fs::File::lock`):
//! the kernel releases it when the holder exits or is killed, so a `--resume`
//! after `kill -9` is never blocked by a stale lock. The file itself stays in
//! the directory; it holds the holder's process id and command for the
//! message a second process prints.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

/// The lock file every writing command takes in its output directory.
pub const LOCK_FILE: &str = ".patrolsim.lock";

/// An exclusive lock on an output directory, released when dropped or when
/// the process dies.
#[derive(Debug)]
pub struct DirLock {
    _file: File,
}

/// Why a directory could not be locked.
#[derive(Debug)]
pub enum LockError {
    /// Another live process holds the lock; its own description.
    Held(String),
    Io(std::io::Error),
}

/// Create `dir` if needed and take its lock, without waiting: a second
/// process gets [`LockError::Held`] with the holder's description.
pub fn lock(dir: &Path) -> Result<DirLock, LockError> {
    std::fs::create_dir_all(dir).map_err(LockError::Io)?;
    let path = dir.join(LOCK_FILE);
    // Opened without truncation: the holder's description must survive a
    // failed attempt.
    let mut f = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(LockError::Io)?;
    match f.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = f.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(LockError::Held(if holder.is_empty() {
                "another patrolsim process".into()
            } else {
                holder.to_string()
            }));
        }
        Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
    }
    let me = format!(
        "process {} ({})",
        std::process::id(),
        std::env::args().collect::<Vec<_>>().join(" ")
    );
    f.set_len(0)
        .and_then(|_| f.seek(SeekFrom::Start(0)))
        .and_then(|_| f.write_all(me.as_bytes()))
        .and_then(|_| f.flush())
        .map_err(LockError::Io)?;
    Ok(DirLock { _file: f })
}

/// Lock `dir` for a command, as a message for the user on failure.
pub fn lock_for(dir: &Path) -> Result<DirLock, String> {
    lock(dir).map_err(|e| match e {
        LockError::Held(who) => format!(
            "{} is in use by {who}; wait for it to finish or choose another --out",
            dir.display()
        ),
        LockError::Io(e) => format!("cannot lock {}: {e}", dir.display()),
    })
}

/// Is this a file a killed writer of ours left behind: `.NAME.tmp-PID-…`
/// of an atomic write (`files::write_atomic`) or a `.staging-PID` directory?
pub fn is_leftover(name: &str) -> bool {
    name.starts_with('.')
        && (name.contains(".tmp-") || name.starts_with(".staging-"))
        && name
            .rsplit('-')
            .next()
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// The entries of `dir` other than the lock file and leftovers of killed
/// writers, sorted; an absent directory has none.
pub fn entries(dir: &Path) -> std::io::Result<Vec<String>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for e in rd {
        let name = e?.file_name().to_string_lossy().into_owned();
        if name != LOCK_FILE && !is_leftover(&name) {
            out.push(name);
        }
    }
    out.sort();
    Ok(out)
}

/// A short list of names for a message: the first few, then "…".
pub fn name_list(names: &[String]) -> String {
    let mut s = names.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        s += &format!(", … ({} in all)", names.len());
    }
    s
}

/// Remove what killed writers left in `dir` and in `dir/SUB` for each
/// `subdirs`: temporary files of atomic writes and staging directories.
/// Call it only while holding the directory's lock (no live writer then).
/// Returns how many were removed.
pub fn remove_leftovers(dir: &Path, subdirs: &[&str]) -> std::io::Result<usize> {
    let mut n = 0;
    for d in std::iter::once(dir.to_path_buf()).chain(subdirs.iter().map(|s| dir.join(s))) {
        let rd = match std::fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for e in rd {
            let e = e?;
            let name = e.file_name().to_string_lossy().into_owned();
            if !is_leftover(&name) {
                continue;
            }
            if e.file_type()?.is_dir() {
                std::fs::remove_dir_all(e.path())?;
            } else {
                std::fs::remove_file(e.path())?;
            }
            n += 1;
        }
    }
    Ok(n)
}

/// Write a set of files into `dir` all or nothing: every file is first
/// written and synced in a staging directory inside `dir`; only when all of
/// them are there are they renamed into place (renames within one file
/// system need no space and do not fail for a full disk). On an error the
/// files already in `dir` are left as they were, and the staging directory
/// is removed. Other files in `dir` are not touched.
pub fn write_set(dir: &Path, files: &[(&str, &[u8])]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let staging: PathBuf = dir.join(format!(".staging-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let res = (|| {
        std::fs::create_dir(&staging)?;
        for (name, bytes) in files {
            let mut f = File::create(staging.join(name))?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        for (name, _) in files {
            std::fs::rename(staging.join(name), dir.join(name))?;
        }
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_recognised_by_name() {
        assert!(is_leftover(".p000001-r00002.json.tmp-4242"));
        assert!(is_leftover(".plan.json.tmp-17"));
        assert!(is_leftover(".plan.json.tmp-17-3-123456789"));
        assert!(is_leftover(".staging-99"));
        assert!(!is_leftover("p000001-r00002.json"));
        assert!(!is_leftover(".staging-"));
        assert!(!is_leftover(".notes.tmp-x"));
        assert!(!is_leftover("results.tmp-3"));
    }

    #[test]
    fn a_second_lock_on_the_same_directory_is_refused_and_names_the_holder() {
        let d = tempfile::tempdir().unwrap();
        let first = lock(d.path()).unwrap();
        match lock(d.path()) {
            Err(LockError::Held(who)) => {
                assert!(who.contains(&std::process::id().to_string()), "{who}")
            }
            other => panic!("expected the lock to be held, got {other:?}"),
        }
        drop(first);
        assert!(lock(d.path()).is_ok(), "a released lock can be taken again");
    }

    #[test]
    fn write_set_leaves_the_old_files_when_a_file_cannot_be_written() {
        let d = tempfile::tempdir().unwrap();
        write_set(d.path(), &[("a.txt", b"old a"), ("b.txt", b"old b")]).unwrap();
        // A name that cannot be created (a path into a missing directory)
        // fails after a.txt was staged: nothing may change.
        let err = write_set(
            d.path(),
            &[("a.txt", b"new a"), ("missing/b.txt", b"new b")],
        );
        assert!(err.is_err());
        assert_eq!(std::fs::read(d.path().join("a.txt")).unwrap(), b"old a");
        assert_eq!(std::fs::read(d.path().join("b.txt")).unwrap(), b"old b");
        assert_eq!(entries(d.path()).unwrap(), vec!["a.txt", "b.txt"]);
    }
}
