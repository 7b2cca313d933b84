//! The one error type of the command line. Every command returns
//! `Result<(), CliError>`; `main` prints the error once ([`CliError::report`])
//! and exits with its code ([`CliError::exit_code`]): 0 ok, 2 bad input
//! (scenario or arguments), 3 output could not be written, 70 internal error.

use patrolsim::scenario::ScenarioError;
use std::fmt::Display;
use std::process::ExitCode;

/// Bad input: a scenario, sweep file or argument that cannot be used.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Results could not be written.
pub const EXIT_OUTPUT: u8 = 3;
/// A bug of ours (a panic).
pub const EXIT_INTERNAL: u8 = 70;

/// Why a command stopped.
#[derive(Debug)]
pub enum CliError {
    /// clap rejected the arguments, or printed `--help` / `--version`.
    Args(clap::Error),
    /// A scenario or sweep file that cannot be read, with where it was met
    /// (`in strategy "x"`, `sweep point 3`) when that is not in the error.
    BadInput {
        context: Option<String>,
        error: ScenarioError,
    },
    /// An argument or directory that cannot be used; the message says why.
    Usage(String),
    /// Results could not be written; the message says where and why.
    Output(String),
    /// A panic; the panic hook has printed it.
    Internal,
}

impl CliError {
    pub fn usage(msg: impl Display) -> CliError {
        CliError::Usage(msg.to_string())
    }

    pub fn output(msg: impl Display) -> CliError {
        CliError::Output(msg.to_string())
    }

    /// A scenario error met in `context` (printed on a line of its own before it).
    pub fn bad_input_in(context: impl Display) -> impl FnOnce(ScenarioError) -> CliError {
        move |error| CliError::BadInput {
            context: Some(context.to_string()),
            error,
        }
    }

    /// The process exit code: the one place codes are chosen.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Args(e) if !e.use_stderr() => 0,
            CliError::Args(_) | CliError::BadInput { .. } | CliError::Usage(_) => EXIT_BAD_INPUT,
            CliError::Output(_) => EXIT_OUTPUT,
            CliError::Internal => EXIT_INTERNAL,
        }
    }

    /// Print the error on standard error (clap's help and version on
    /// standard output): the one place errors are printed.
    pub fn report(&self) {
        match self {
            CliError::Args(e) => {
                let _ = e.print();
            }
            CliError::BadInput { context, error } => {
                if let Some(c) = context {
                    eprintln!("error: {c}:");
                }
                // A scenario error's text ends with its own newline.
                eprint!("error: {error}");
            }
            CliError::Usage(msg) | CliError::Output(msg) => eprintln!("error: {msg}"),
            CliError::Internal => {}
        }
    }
}

impl From<ScenarioError> for CliError {
    fn from(error: ScenarioError) -> CliError {
        CliError::BadInput {
            context: None,
            error,
        }
    }
}

impl From<clap::Error> for CliError {
    fn from(e: clap::Error) -> CliError {
        CliError::Args(e)
    }
}

/// Run `body`; print its error, if any, and turn the outcome into the exit
/// code. A panic is a bug of ours, not bad input: the hook says so and the
/// exit code is 70.
pub fn exit_with(body: impl FnOnce() -> Result<(), CliError> + std::panic::UnwindSafe) -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("internal error (a bug in patrolsim, please report it): {info}");
    }));
    let outcome = std::panic::catch_unwind(body).unwrap_or(Err(CliError::Internal));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            e.report();
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_error_has_its_exit_code() {
        let scen = patrolsim::scenario::from_str("t.toml", "[scenario]\nnope = 1\n", &[])
            .expect_err("an unknown key is bad input");
        assert_eq!(CliError::from(scen).exit_code(), 2);
        assert_eq!(CliError::usage("x").exit_code(), 2);
        assert_eq!(CliError::output("x").exit_code(), 3);
        assert_eq!(CliError::Internal.exit_code(), 70);
        use clap::error::ErrorKind;
        let help = clap::Error::new(ErrorKind::DisplayHelp);
        assert_eq!(CliError::from(help).exit_code(), 0);
        let bad = clap::Error::new(ErrorKind::UnknownArgument);
        assert_eq!(CliError::from(bad).exit_code(), 2);
    }

    #[test]
    fn exit_with_turns_a_panic_into_70_and_an_error_into_its_code() {
        assert_eq!(
            exit_with(|| panic!("a panic on purpose")),
            ExitCode::from(70)
        );
        let _ = std::panic::take_hook(); // back to the default hook
        assert_eq!(exit_with(|| Err(CliError::output("x"))), ExitCode::from(3));
        assert_eq!(exit_with(|| Ok(())), ExitCode::SUCCESS);
        let _ = std::panic::take_hook();
    }
}
