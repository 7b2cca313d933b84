//! The scenario: the only layer that reads TOML. Text becomes a checked,
//! fully resolved [`Scenario`] in two stages — the document tree (syntax,
//! with locations) and the typed read (shape, types, ranges, unknown keys).
//! Checks that need the road graph (connectivity, stations inside their
//! jurisdictions) belong to `world`, which reports them by the key paths and
//! locations recorded here. A library user may also build a `Scenario` in
//! code.

mod assemble;
pub mod designs;
pub mod doc;
pub mod economics;
pub mod error;
pub mod keys;
pub mod levers;
mod phases;
pub mod price_sets;
pub mod read;
pub mod sweep;
pub mod tables;
pub mod types;
pub mod uncertainty;

pub use assemble::{LEVER_EXAMPLES, Phase, Scenario, TABLES};
pub use error::{Location, Problem, ScenarioError};
pub use levers::cameras::CamerasSpec;
pub use levers::checkpoints::CheckpointSpec;
pub use levers::community::{self, CommunityArea, CommunitySpec, InformantSpec};
pub use levers::enforcement::EnforcementSpec;
pub use levers::investigation::InvestigationSpec;
pub use levers::programmes::ProgrammeSpec;
pub use levers::regional::RegionalSpec;
pub use tables::calls::{CallTypeSpec, CallsSpec};
pub use tables::crime::{self, CrimeSpec, CrimeTypeSpec};
pub use tables::deployment::DeploymentSpec;
pub use tables::dispatch::DispatchSpec;
pub use tables::intake::{DESK_NAMES, DeskSpec, IntakeSpec, POLICE_DESK};
pub use tables::jurisdictions::{Area, JurisdictionSpec};
pub use tables::network::{EdgeSpec, Layout, NetworkSpec, RoadClass};
pub use tables::network_map::{HIGHWAY_CLASSES, MapFormat, MapSpec};
pub use tables::place_tags::{LandUseFrom, PlaceTagsSpec, TagRule, use_of_tags};
pub use tables::places::{LAND_USES, PlacesSpec};
pub use tables::roles::{call_role, first_choice, roles_on};
pub use tables::roster::RosterSpec;
pub use tables::shifts::{ShiftSpec, shift_on_duty, weekly_intervals};
pub use tables::unit_types::{
    COMMUNITY_ROLE, PATROL_ROLE, ROLES, UnitTypeSpec, VisibilitySpec, role_deters,
};
pub use tables::units::UnitGroupSpec;
pub use types::{AREA_TYPES, AfterCall, CrossRule, Dist, NodeRef, PatrolPolicy, QueueRule};

use doc::Source;
use std::collections::HashMap;
use std::path::Path;

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
    /// A problem at `path`, located where that key was read, or else where
    /// its nearest recorded parent was (`a.b[2].c` → `a.b[2]` → `a.b` → `a`).
    pub fn problem(&self, path: &str, message: impl Into<String>) -> Problem {
        let mut p = path;
        let location = loop {
            if let Some(l) = self.0.get(p) {
                break Some(l.clone());
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => break None,
            }
        };
        Problem {
            path: path.to_string(),
            location,
            message: message.into(),
        }
    }
}

/// A scenario document before it is read: its source texts, its tree (with
/// `extends` resolved), and the named strategies it defines.
#[derive(Debug, Clone)]
pub struct Document {
    pub src: Source,
    pub tree: doc::Node,
    /// `[strategies.NAME]` tables, each a set of changes to the base.
    pub strategies: Vec<(String, doc::Node)>,
    /// `baseline = "NAME"`, if the file names a strategy as the baseline.
    pub baseline: Option<(String, doc::Origin)>,
    /// The `[uncertainty]` table, if any (see [`uncertainty`]).
    pub uncertainty: Option<doc::Node>,
}

impl Document {
    /// Parse TOML text (`file` names it in messages and resolves `extends`).
    pub fn from_text(file: &str, text: &str) -> Result<Document, ScenarioError> {
        let mut src = Source::default();
        src.add_file(file, text);
        let mut tree = load_tree(&mut src, 0, 0)?;
        let uncertainty = uncertainty::take(&mut tree);
        let mut strategies = Vec::new();
        let mut baseline = None;
        let mut problems = Vec::new();
        if let doc::Val::Table(entries) = &mut tree.val {
            if let Some(i) = entries.iter().position(|(k, _)| k.name == "strategies") {
                let (_, node) = entries.remove(i);
                match node.val {
                    doc::Val::Table(list) => {
                        for (k, v) in list {
                            if matches!(v.val, doc::Val::Table(_)) {
                                strategies.push((k.name, v));
                            } else {
                                problems.push(src.problem(
                                    format!("strategies.{}", k.name),
                                    &v.origin,
                                    format!("a strategy is a table of changes to the base scenario, found {}", v.val.type_name()),
                                ));
                            }
                        }
                    }
                    other => problems.push(src.problem(
                        "strategies",
                        &node.origin,
                        format!(
                            "expected tables [strategies.NAME], found {}",
                            other.type_name()
                        ),
                    )),
                }
            }
            if let Some(i) = entries.iter().position(|(k, _)| k.name == "baseline") {
                let (_, node) = entries.remove(i);
                match &node.val {
                    doc::Val::Str(name) if strategies.iter().any(|(n, _)| n == name) => {
                        baseline = Some((name.clone(), node.origin.clone()))
                    }
                    doc::Val::Str(name) => {
                        let names: Vec<&str> = strategies.iter().map(|(n, _)| n.as_str()).collect();
                        problems.push(src.problem(
                            "baseline",
                            &node.origin,
                            format!(
                                "no strategy is named \"{name}\"; defined: {}",
                                if names.is_empty() {
                                    "none".to_string()
                                } else {
                                    names.join(", ")
                                }
                            ),
                        ));
                    }
                    other => problems.push(src.problem(
                        "baseline",
                        &node.origin,
                        format!(
                            "expected the name of a strategy, found {}",
                            other.type_name()
                        ),
                    )),
                }
            }
        }
        if !problems.is_empty() {
            return Err(ScenarioError { problems });
        }
        Ok(Document {
            src,
            tree,
            strategies,
            baseline,
            uncertainty,
        })
    }

    /// Read a file.
    pub fn from_file(path: &Path) -> Result<Document, ScenarioError> {
        let text = read_text_file(path, "scenario file").map_err(|message| Problem {
            path: String::new(),
            location: None,
            message,
        })?;
        Document::from_text(&path.display().to_string(), &text)
    }

    /// Add another file's text to the sources (values taken from a sweep
    /// file); returns its index for parsing with [`doc::parse`].
    pub fn add_source(&mut self, name: &str, text: &str) -> u16 {
        self.src.add_file(name, text)
    }

    /// The base scenario with `overrides` applied.
    pub fn read(&self, overrides: &[String]) -> Result<Scenario, ScenarioError> {
        self.read_tree(self.tree.clone(), overrides)
    }

    /// A tree of this document (the base, a strategy, a sweep point) with
    /// `overrides` applied.
    pub fn read_tree(
        &self,
        tree: doc::Node,
        overrides: &[String],
    ) -> Result<Scenario, ScenarioError> {
        let mut src = self.src.clone();
        src.overrides = overrides.to_vec();
        from_tree(&src, tree)
    }

    /// The base scenario with `overrides` applied, and the scenario as
    /// resolved: the document as read (`extends` resolved, overrides
    /// applied) with every default the reader filled in, its phases,
    /// strategies and baseline as written. Written out
    /// ([`doc::to_toml`]) it reads back to the same scenario.
    pub fn resolved(
        &self,
        overrides: &[String],
    ) -> Result<(Scenario, doc::Node, Resolution), ScenarioError> {
        let mut src = self.src.clone();
        src.overrides = overrides.to_vec();
        let (s, mut tree, resolution) = read_tree_with(&src, self.tree.clone(), true)?;
        if let doc::Val::Table(entries) = &mut tree.val {
            if !self.strategies.is_empty() {
                let list = self
                    .strategies
                    .iter()
                    .map(|(n, t)| (doc::key(n), t.clone()))
                    .collect();
                entries.push((doc::key("strategies"), doc::builtin(doc::Val::Table(list))));
            }
            if let Some((b, _)) = &self.baseline {
                // Before the tables, where a top-level key must be.
                entries.insert(
                    0,
                    (doc::key("baseline"), doc::builtin(doc::Val::Str(b.clone()))),
                );
            }
        }
        Ok((s, tree, resolution))
    }

    /// The strategy `name`: the base with the strategy's changes laid on it.
    pub fn strategy_tree(&self, name: &str) -> Option<doc::Node> {
        let (_, changes) = self.strategies.iter().find(|(n, _)| n == name)?;
        let mut tree = self.tree.clone();
        doc::merge(&mut tree, changes.clone());
        Some(tree)
    }
}

/// Read a scenario from TOML text. `file` names it in messages; `overrides`
/// are `dotted.key=value` strings applied before reading. A top-level
/// `extends = "base.toml"` (a path relative to `file`) starts from that
/// scenario and changes only what this file sets; `[strategies.*]` tables
/// are ignored here (see [`Document`]).
pub fn from_str(file: &str, text: &str, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    Document::from_text(file, text)?.read(overrides)
}

/// What the reader filled in reading a scenario (with recording on).
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    /// Keys the document lacks and the defaults the reader used, by key path.
    pub filled: Vec<read::Filled>,
    /// Keys asked for, absent, and left without a value: optional keys
    /// whose absence means something (`network.exits`: the default exits).
    pub unfilled: Vec<Vec<read::Seg>>,
    /// Keys whose default is another key's value, left out (see
    /// [`read::Reader::deriving`]).
    pub derived: Vec<Vec<read::Seg>>,
}

impl Resolution {
    /// The unfilled keys as messages write them (`units[0].posts`).
    pub fn unfilled_paths(&self) -> Vec<String> {
        self.unfilled.iter().map(|p| path_text(p)).collect()
    }

    /// The derived keys left out, as messages write them.
    pub fn derived_paths(&self) -> Vec<String> {
        self.derived.iter().map(|p| path_text(p)).collect()
    }
}

fn path_text(p: &[read::Seg]) -> String {
    let mut out = String::new();
    for s in p {
        match s {
            read::Seg::Key(k) if out.is_empty() => out.push_str(k),
            read::Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            read::Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Apply the overrides to a document tree and read it.
pub(crate) fn from_tree(src: &Source, root: doc::Node) -> Result<Scenario, ScenarioError> {
    read_tree_with(src, root, false).map(|(s, _, _)| s)
}

/// Apply the overrides and read; with `record`, also return the document
/// as read (overrides applied, `extends` resolved) with every default the
/// reader filled in, and what it filled in.
fn read_tree_with(
    src: &Source,
    mut root: doc::Node,
    record: bool,
) -> Result<(Scenario, doc::Node, Resolution), ScenarioError> {
    let mut problems = Vec::new();
    for (i, o) in src.overrides.iter().enumerate() {
        if let Err(p) = doc::apply_override(&mut root, i, o) {
            problems.push(p);
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError { problems });
    }
    let phases = match &mut root.val {
        doc::Val::Table(entries) => entries
            .iter()
            .position(|(k, _)| k.name == "phases")
            .map(|i| entries.remove(i).1),
        _ => None,
    };
    let (mut base, resolution) = assemble::read_scenario_with(src, &root, record)?;
    let raw_phases = if record { phases.clone() } else { None };
    if let Some(node) = phases {
        let (list, warnings) = phases::read_phases(src, &root, node, &base)?;
        base.phases = list;
        base.warnings.extend(warnings);
    }
    if record {
        for (path, value) in &resolution.filled {
            doc::insert_absent(&mut root, path, value.clone());
        }
        // Phases are changes laid on the scenario: written as given.
        if let (doc::Val::Table(entries), Some(p)) = (&mut root.val, raw_phases) {
            entries.push((doc::key("phases"), p));
        }
    }
    Ok((base, root, resolution))
}

const MAX_EXTENDS_DEPTH: usize = 8;

/// Parse file `f` of `src`, following `extends` (its base files are added to `src`).
fn load_tree(src: &mut Source, f: u16, depth: usize) -> Result<doc::Node, ScenarioError> {
    let mut tree = doc::parse(src, f)?;
    let doc::Val::Table(entries) = &mut tree.val else {
        return Ok(tree);
    };
    let Some(pos) = entries.iter().position(|(k, _)| k.name == "extends") else {
        return Ok(tree);
    };
    let (_, node) = entries.remove(pos);
    let fail = |msg: String| -> ScenarioError { src.problem("extends", &node.origin, msg).into() };
    let doc::Val::Str(base) = &node.val else {
        return Err(fail(format!(
            "expected the path of a base scenario, found {}",
            node.val.type_name()
        )));
    };
    if depth >= MAX_EXTENDS_DEPTH {
        return Err(fail(format!(
            "more than {MAX_EXTENDS_DEPTH} levels of `extends` (a cycle?)"
        )));
    }
    let here = Path::new(&src.files()[f as usize].0);
    let path = here.parent().unwrap_or(Path::new("")).join(base);
    let text = read_text_file(&path, "base scenario").map_err(fail)?;
    let bf = src.add_file(path.display().to_string(), text);
    let mut base_tree = load_tree(src, bf, depth + 1)?;
    doc::merge(&mut base_tree, tree);
    Ok(base_tree)
}

/// Largest scenario or sweep file read (a real county's file is a few KB;
/// a road network given as node and edge lists, a few MB).
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The text of a scenario, base scenario or sweep file (`what`): refused
/// unless it is a regular file of at most [`MAX_FILE_BYTES`] (a device such
/// as /dev/zero or a directory is never read).
pub fn read_text_file(path: &Path, what: &str) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {what} {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read {what} {shown}: it is not a regular file"
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "cannot read {what} {shown}: {} bytes, more than the {} MiB a scenario file may have",
            meta.len(),
            MAX_FILE_BYTES >> 20
        ));
    }
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {what} {shown}: {e}"))
}

/// Read a scenario file.
pub fn load(path: &Path, overrides: &[String]) -> Result<Scenario, ScenarioError> {
    Document::from_file(path)?.read(overrides)
}

/// The county scenario shipped inside the binary.
pub const BUILTIN_COUNTY: &str = include_str!("../../scenarios/county.toml");
