//! The scenario: the only layer that reads TOML. Text becomes a checked,
//! fully resolved [`Scenario`] in two stages — the document tree (syntax,
//! with locations) and the typed read (shape, types, ranges, unknown keys).
//! Checks that need the road graph (connectivity, stations inside their
//! jurisdictions) belong to `world`, which reports them by the key paths and
//! locations recorded here. A library user may also build a `Scenario` in
//! code.

pub mod doc;
pub mod error;
pub mod read;
mod schema;

pub use error::{Location, Problem, ScenarioError};
pub use schema::*;

use doc::Source;
use std::collections::HashMap;

/// A warning about a legal but suspicious setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "`{}`: {}", self.path, self.message)
        }
    }
}

/// Locations of the keys read, for problems found after reading.
#[derive(Debug, Clone, Default)]
pub struct Origins(pub HashMap<String, Location>);

impl Origins {
    pub fn problem(&self, path: &str, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_string(),
            location: self.0.get(path).cloned(),
            message: message.into(),
        }
    }
}

/// Read a scenario from TOML text. `file` names it in messages; `overrides`
/// are `dotted.key=value` strings applied before reading.
pub fn from_str(file: &str, text: &str, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    let src = Source {
        file: file.to_string(),
        text: text.to_string(),
        overrides: overrides.to_vec(),
    };
    let mut root = doc::parse(&src)?;
    let mut problems = Vec::new();
    for (i, o) in overrides.iter().enumerate() {
        if let Err(p) = doc::apply_override(&mut root, i, o) {
            problems.push(p);
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError { problems });
    }
    schema::read_scenario(&src, &root)
}

/// Read a scenario file.
pub fn load(path: &std::path::Path, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    let text = std::fs::read_to_string(path).map_err(|e| Problem {
        path: String::new(),
        location: None,
        message: format!("cannot read scenario file {}: {e}", path.display()),
    })?;
    from_str(&path.display().to_string(), &text, overrides)
}

/// The county scenario shipped inside the binary.
pub const BUILTIN_COUNTY: &str = include_str!("../../scenarios/county.toml");
