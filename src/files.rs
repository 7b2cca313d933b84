//! Writing files so that no reader ever sees half of one (every output
//! file, a sweep's finished runs and the kept contraction hierarchies go
//! through [`write_atomic`]), and the fingerprint that names and checks
//! them ([`Fnv`]).

use std::io::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Write `contents` to `path` atomically: a temporary file in the same
/// directory, flushed, then renamed over the target. The temporary file is
/// created new (never one that exists, nor through a link planted in its
/// place): its name is unique to the process, the call and the moment, and
/// a name taken anyway (another host or container with the same process
/// id) is passed over for the next.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut tries = 0;
    let (tmp, mut f) = loop {
        let tmp = dir.join(format!(
            ".{name}.tmp-{}-{}-{nanos}",
            std::process::id(),
            CALLS.fetch_add(1, Ordering::Relaxed)
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            // (A file system that says every name exists: give up.)
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 100 => {
                tries += 1;
            }
            Err(e) => return Err(e),
        }
    };
    let res = (|| {
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

/// FNV-1a, 64 bits: a stable fingerprint (not a defence against tampering).
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
}
