//! Problems found in a scenario: where (file, line, column or `--set`), which
//! key, and what is allowed. Errors stop a run; warnings are printed and the
//! run goes on.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    File {
        file: String,
        line: usize,
        col: usize,
    },
    Override(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File { file, line, col } => write!(f, "{file}:{line}:{col}"),
            Location::Override(text) => write!(f, "--set {text}"),
        }
    }
}

/// One problem with a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Dotted key path (`dispatch.intake_delay_min`, `units[2].count`); empty
    /// for the whole file.
    pub path: String,
    pub location: Option<Location>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        if !self.path.is_empty() {
            write!(f, "`{}`: ", self.path)?;
        }
        write!(f, "{}", self.message)
    }
}

/// All the problems that stop a scenario from running.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "the scenario has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            writeln!(f, "  error: {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScenarioError {}

impl From<Problem> for ScenarioError {
    fn from(p: Problem) -> Self {
        ScenarioError { problems: vec![p] }
    }
}
