//! `patrolsim report DIR`: the self-contained HTML page of a finished
//! `--out` directory (run, compare or a whole sweep), drawn from its files
//! alone; a directory that is not a whole result is refused and nothing is
//! written.

use crate::args::ReportArgs;
use crate::error::CliError;
use crate::output::{command_line, write_html};

pub fn report(a: ReportArgs) -> Result<(), CliError> {
    let out = a.out.unwrap_or_else(|| a.dir.join("report.html"));
    write_html(
        &out,
        patrolsim::report::html::from_dir(&a.dir, &command_line()),
    )
}
