//! Where results go: standard output (a closed pipe is not an error) and
//! the `--out` directory of `run` and `compare` (claimed against sweeps and
//! second writers, written all or nothing).

use crate::error::CliError;
use patrolsim::report;
use std::path::Path;

/// Write to standard output; a closed pipe (`| head`) is not an error.
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// Before `run` or `compare` simulates: `--out` must not hold a sweep, and
/// is locked against a second writer until the files are in place.
pub fn claim_out(out: Option<&Path>) -> Result<Option<report::outdir::DirLock>, CliError> {
    let Some(dir) = out else { return Ok(None) };
    match report::sweep::read_plan(dir) {
        Ok(None) => {}
        Ok(Some(_)) | Err(_) => {
            return Err(CliError::usage(format!(
                "--out {} holds a sweep; choose another directory",
                dir.display()
            )));
        }
    }
    let lock = report::outdir::lock_for(dir).map_err(CliError::Usage)?;
    Ok(Some(lock))
}

/// Write a result set into `--out` all or nothing (see `outdir::write_set`):
/// on failure the files already there stay as they were.
pub fn write_result_set(dir: &Path, files: &[(&str, String)]) -> Result<(), CliError> {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    report::outdir::write_set(dir, &files).map_err(|e| {
        CliError::output(format!(
            "cannot write results to {} ({e}); the files there were left as they were",
            dir.display()
        ))
    })
}

/// The end of `run` and `compare`: store `files` in `out` (all or
/// nothing), release `lock`, print `text` even when storing failed, then,
/// with `--html`, write the page `page` builds (only then is it built).
pub fn deliver(
    out: Option<&Path>,
    files: Vec<(&str, String)>,
    lock: Option<report::outdir::DirLock>,
    text: &str,
    html: Option<&Path>,
    page: impl FnOnce() -> Result<String, String>,
) -> Result<(), CliError> {
    let written = match out {
        Some(dir) => write_result_set(dir, &files),
        None => Ok(()),
    };
    drop(lock);
    // The results are printed even when they could not be stored.
    emit(text);
    written?;
    if let Some(file) = html {
        write_html(file, page())?;
    }
    Ok(())
}

/// Write an HTML report atomically (the page is built before this is called).
pub fn write_html(path: &Path, page: Result<String, String>) -> Result<(), CliError> {
    let page = page.map_err(CliError::usage)?;
    report::write_atomic(path, page.as_bytes()).map_err(|e| {
        CliError::output(format!("cannot write the report {}: {e}", path.display()))
    })?;
    eprintln!(
        "report: {} ({} KB)",
        path.display(),
        page.len().div_ceil(1024)
    );
    Ok(())
}

/// The command line, for the header of a report.
pub fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
}
