//! The key registry: every key of every scenario table, listed once by the
//! table's own file — its type or allowed values, its default, its unit and
//! what it means. The readers take defaults and ranges from here
//! ([`Reader::num`] and its siblings), a reader asking for a key its table
//! does not list panics (a bug, caught by any test that reads a scenario),
//! and `docs/reference/scenario-keys.md` is generated from it
//! ([`markdown`]; `cargo run --example gen_reference`).

use super::read::{Check, Reader, Tbl};
use super::types::Dist;

/// What values a key takes.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Num(Check),
    Int(i64, i64),
    Bool,
    Text,
    Choice(&'static [&'static str]),
    /// A duration: a number or a distribution table (unit in the key's name).
    Dist,
    Node,
    Nodes,
    /// A list of numbers (`Some(n)`: exactly n).
    Numbers(Option<usize>, Check),
    /// The name of a thing defined elsewhere in the scenario.
    Name(&'static str),
    /// A list of such names.
    Names(&'static str),
    /// A table (or tables) described under the given path.
    Table(&'static str),
    /// Anything else, described in words.
    Other(&'static str),
}

/// A key's default.
#[derive(Debug, Clone, Copy)]
pub enum Def {
    Num(f64),
    Int(i64),
    Bool(bool),
    Text(&'static str),
    /// Index into the key's `Kind::Choice` list.
    Choice(usize),
    Dist(Dist),
    Numbers(&'static [f64]),
    Names(&'static [&'static str]),
    Required,
    /// Computed from other keys, or absent with a meaning: in words.
    Note(&'static str),
}

/// One key of a table.
#[derive(Debug, Clone, Copy)]
pub struct KeyDoc {
    pub name: &'static str,
    pub kind: Kind,
    pub default: Def,
    pub unit: &'static str,
    pub meaning: &'static str,
}

/// One table: its path as a scenario writes it (`crime.types.NAME`,
/// `units[]`), a sentence about it, and its keys.
#[derive(Debug)]
pub struct TableDoc {
    pub path: &'static str,
    pub about: &'static str,
    pub keys: &'static [KeyDoc],
    /// More reference text (built-in records), generated from the code.
    pub extra: Option<fn() -> String>,
}

pub const fn num(
    name: &'static str,
    default: f64,
    check: Check,
    unit: &'static str,
    meaning: &'static str,
) -> KeyDoc {
    KeyDoc {
        name,
        kind: Kind::Num(check),
        default: Def::Num(default),
        unit,
        meaning,
    }
}

pub const fn int(
    name: &'static str,
    default: i64,
    lo: i64,
    hi: i64,
    unit: &'static str,
    meaning: &'static str,
) -> KeyDoc {
    KeyDoc {
        name,
        kind: Kind::Int(lo, hi),
        default: Def::Int(default),
        unit,
        meaning,
    }
}

pub const fn flag(name: &'static str, default: bool, meaning: &'static str) -> KeyDoc {
    KeyDoc {
        name,
        kind: Kind::Bool,
        default: Def::Bool(default),
        unit: "",
        meaning,
    }
}

pub const fn choice(
    name: &'static str,
    default: usize,
    allowed: &'static [&'static str],
    meaning: &'static str,
) -> KeyDoc {
    KeyDoc {
        name,
        kind: Kind::Choice(allowed),
        default: Def::Choice(default),
        unit: "",
        meaning,
    }
}

pub const fn dist(
    name: &'static str,
    default: Dist,
    unit: &'static str,
    meaning: &'static str,
) -> KeyDoc {
    KeyDoc {
        name,
        kind: Kind::Dist,
        default: Def::Dist(default),
        unit,
        meaning,
    }
}

pub const fn key(
    name: &'static str,
    kind: Kind,
    default: Def,
    unit: &'static str,
    meaning: &'static str,
) -> KeyDoc {
    KeyDoc {
        name,
        kind,
        default,
        unit,
        meaning,
    }
}

impl TableDoc {
    /// The key `name`; a key not listed is a bug in the reader.
    pub fn key(&self, name: &str) -> &'static KeyDoc {
        let keys: &'static [KeyDoc] = self.keys;
        keys.iter().find(|k| k.name == name).unwrap_or_else(|| {
            panic!(
                "the reader asks for `{name}` in `[{}]`, which the key registry does not list: \
                 add it to the table's TableDoc (src/scenario/)",
                self.path
            )
        })
    }

    /// The default of a number key.
    pub fn num(&self, name: &str) -> f64 {
        match self.key(name).default {
            Def::Num(x) => x,
            d => panic!(
                "`{name}` of `[{}]` has no number default ({d:?})",
                self.path
            ),
        }
    }

    pub fn int(&self, name: &str) -> i64 {
        match self.key(name).default {
            Def::Int(x) => x,
            d => panic!(
                "`{name}` of `[{}]` has no integer default ({d:?})",
                self.path
            ),
        }
    }

    pub fn flag(&self, name: &str) -> bool {
        match self.key(name).default {
            Def::Bool(x) => x,
            d => panic!(
                "`{name}` of `[{}]` has no true/false default ({d:?})",
                self.path
            ),
        }
    }

    pub fn choice(&self, name: &str) -> usize {
        match self.key(name).default {
            Def::Choice(x) => x,
            d => panic!(
                "`{name}` of `[{}]` has no choice default ({d:?})",
                self.path
            ),
        }
    }

    pub fn text(&self, name: &str) -> &'static str {
        match self.key(name).default {
            Def::Text(x) => x,
            d => panic!("`{name}` of `[{}]` has no text default ({d:?})", self.path),
        }
    }

    pub fn dist(&self, name: &str) -> Dist {
        match self.key(name).default {
            Def::Dist(x) => x,
            d => panic!(
                "`{name}` of `[{}]` has no duration default ({d:?})",
                self.path
            ),
        }
    }

    pub fn numbers(&self, name: &str) -> &'static [f64] {
        match self.key(name).default {
            Def::Numbers(x) => x,
            d => panic!("`{name}` of `[{}]` has no list default ({d:?})", self.path),
        }
    }
}

fn doc_of(t: &Tbl, key: &str) -> &'static KeyDoc {
    match t.doc {
        Some(d) => d.key(key),
        None => panic!(
            "`{}` is read from a table without a key registry",
            t.key_path(key)
        ),
    }
}

fn check_of(k: &KeyDoc) -> Check {
    match k.kind {
        Kind::Num(c) => c,
        _ => panic!("`{}` is not a number key ({:?})", k.name, k.kind),
    }
}

/// Typed reads whose default and range are the registry's.
impl Reader<'_> {
    /// A number: the registry's default and range (or required).
    pub fn num(&mut self, t: &mut Tbl, key: &str) -> f64 {
        let k = doc_of(t, key);
        match k.default {
            Def::Num(d) => self.f64(t, key, d, check_of(k)),
            Def::Required => self.f64_req(t, key, check_of(k)),
            d => panic!("`{key}`: no number default ({d:?})"),
        }
    }

    /// A number with the registry's range and another default (a built-in
    /// record's value, another key's value).
    pub fn num_or(&mut self, t: &mut Tbl, key: &str, default: f64) -> f64 {
        let c = check_of(doc_of(t, key));
        self.f64(t, key, default, c)
    }

    /// A number required here (whatever the registry's default says, e.g.
    /// a distribution's `mean`, required by its kind), with its range.
    pub fn num_req(&mut self, t: &mut Tbl, key: &str) -> f64 {
        let c = check_of(doc_of(t, key));
        self.f64_req(t, key, c)
    }

    /// A number that may be absent, with the registry's range.
    pub fn num_opt(&mut self, t: &mut Tbl, key: &str) -> Option<f64> {
        let c = check_of(doc_of(t, key));
        self.f64_opt(t, key, c)
    }

    fn bounds(k: &KeyDoc) -> (i64, i64) {
        match k.kind {
            Kind::Int(lo, hi) => (lo, hi),
            _ => panic!("`{}` is not a whole-number key ({:?})", k.name, k.kind),
        }
    }

    /// A whole number: the registry's default and range (or required).
    pub fn whole(&mut self, t: &mut Tbl, key: &str) -> i64 {
        let k = doc_of(t, key);
        let (lo, hi) = Self::bounds(k);
        match k.default {
            Def::Int(d) => self.int(t, key, d, lo, hi),
            Def::Required => self.int_req(t, key, lo, hi),
            d => panic!("`{key}`: no whole-number default ({d:?})"),
        }
    }

    pub fn whole_or(&mut self, t: &mut Tbl, key: &str, default: i64) -> i64 {
        let (lo, hi) = Self::bounds(doc_of(t, key));
        self.int(t, key, default, lo, hi)
    }

    pub fn flag(&mut self, t: &mut Tbl, key: &str) -> bool {
        let d = match doc_of(t, key).default {
            Def::Bool(b) => b,
            d => panic!("`{key}`: no true/false default ({d:?})"),
        };
        self.bool(t, key, d)
    }

    pub fn flag_or(&mut self, t: &mut Tbl, key: &str, default: bool) -> bool {
        let _ = doc_of(t, key);
        self.bool(t, key, default)
    }

    fn allowed(k: &KeyDoc) -> &'static [&'static str] {
        match k.kind {
            Kind::Choice(a) => a,
            _ => panic!("`{}` is not a choice key ({:?})", k.name, k.kind),
        }
    }

    /// One of the registry's words; returns its index.
    pub fn pick(&mut self, t: &mut Tbl, key: &str) -> usize {
        let k = doc_of(t, key);
        match k.default {
            Def::Choice(d) => self.choice(t, key, d, Self::allowed(k)),
            d => panic!("`{key}`: no choice default ({d:?})"),
        }
    }

    pub fn pick_or(&mut self, t: &mut Tbl, key: &str, default: usize) -> usize {
        let a = Self::allowed(doc_of(t, key));
        self.choice(t, key, default, a)
    }

    /// A string with the registry's default.
    pub fn text(&mut self, t: &mut Tbl, key: &str) -> String {
        match doc_of(t, key).default {
            Def::Text(d) => self.string(t, key, || d.to_string()),
            d => panic!("`{key}`: no text default ({d:?})"),
        }
    }

    /// A table of the registry (absent: an empty one, every key its default).
    pub fn table<'n>(&mut self, t: &mut Tbl<'n>, key: &str, doc: &'static TableDoc) -> Tbl<'n> {
        let path = t.key_path(key);
        self.sub(t, key)
            .unwrap_or_else(|| Tbl::empty(path))
            .with_doc(doc)
    }
}

mod render;
pub use render::{fmt_dist, markdown, reference};

#[cfg(test)]
thread_local! {
    /// Keys asked for by the reader on this thread, while a test records them.
    static ASKED: std::cell::RefCell<Option<Vec<(&'static str, String)>>> =
        const { std::cell::RefCell::new(None) };
}

#[cfg(test)]
pub(crate) fn note_asked(table: &'static str, key: &str) {
    ASKED.with(|a| {
        if let Some(v) = a.borrow_mut().as_mut() {
            v.push((table, key.to_string()));
        }
    });
}

#[cfg(test)]
mod tests;
