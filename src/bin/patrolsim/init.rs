//! `patrolsim init`: write the built-in county scenario, fully commented,
//! to a file to edit (never over an existing file without `--force`).

use crate::args::InitArgs;
use crate::error::CliError;
use patrolsim::{report, scenario};

pub fn init(a: InitArgs) -> Result<(), CliError> {
    let file = &a.file;
    if file.exists() && !a.force {
        return Err(CliError::usage(format!(
            "{} exists; pass --force to overwrite it",
            file.display()
        )));
    }
    report::write_atomic(file, scenario::BUILTIN_COUNTY.as_bytes())
        .map_err(|e| CliError::output(format!("cannot write {}: {e}", file.display())))?;
    eprintln!(
        "wrote {}; run it with: patrolsim run {}",
        file.display(),
        file.display()
    );
    Ok(())
}
