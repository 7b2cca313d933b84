//! Reading the document tree into typed values: every accessor records the
//! keys it was asked for, checks type and range, and collects problems
//! instead of stopping at the first, so a file's problems come in one pass.
//! Unknown keys are reported with the allowed keys and a "did you mean".

use super::doc::{Key, Node, Origin, Source, Val};
use super::error::Problem;

/// Allowed range of a number.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    Any,
    NonNeg,
    Positive,
    Share,
    Range(f64, f64),
}

impl Check {
    fn ok(&self, v: f64) -> bool {
        v.is_finite()
            && match *self {
                Check::Any => true,
                Check::NonNeg => v >= 0.0,
                Check::Positive => v > 0.0,
                Check::Share => (0.0..=1.0).contains(&v),
                Check::Range(lo, hi) => (lo..=hi).contains(&v),
            }
    }
    fn describe(&self) -> String {
        match *self {
            Check::Any => "a finite number".into(),
            Check::NonNeg => "a number ≥ 0".into(),
            Check::Positive => "a number > 0".into(),
            Check::Share => "a share between 0 and 1".into(),
            Check::Range(lo, hi) => format!("a number from {lo} to {hi}"),
        }
    }
}

/// The largest value a duration key may have, in the unit its name ends
/// with (`_min`, `_hours`, `_days`, …), for a key or any table it sits in
/// (`on_scene_min.mean`): 100 years, far beyond any horizon and far inside
/// the range of integer milliseconds, so no time in a run can overflow.
pub fn duration_limit(path: &str) -> Option<(f64, &'static str)> {
    const UNITS: [(&str, f64, &str); 6] = [
        ("_ms", 100.0 * 365.0 * 86_400_000.0, "milliseconds"),
        ("_s", 100.0 * 365.0 * 86_400.0, "seconds"),
        ("_min", 100.0 * 365.0 * 1_440.0, "minutes"),
        ("_hours", 100.0 * 365.0 * 24.0, "hours"),
        ("_days", 100.0 * 365.0, "days"),
        ("_years", 100.0, "years"),
    ];
    path.split('.')
        .map(|seg| seg.split('[').next().unwrap_or(seg))
        .filter_map(|seg| {
            UNITS
                .iter()
                .find(|(suffix, _, _)| seg.ends_with(suffix))
                .map(|&(_, limit, unit)| (limit, unit))
        })
        .next_back()
}

/// One step of a key path: a key of a table or an item of an array.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// The steps of a key path as messages write it (`units[0].beat`).
pub fn segs_of(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Seg::Key(key.to_string()));
        }
        while let Some((i, r)) = rest.split_once(']') {
            if let Ok(i) = i.parse() {
                out.push(Seg::Index(i));
            }
            rest = r.trim_start_matches('[');
        }
    }
    out
}

/// A default the reader filled in: the key path and the value it used.
pub type Filled = (Vec<Seg>, Node);

/// A table being read.
pub struct Tbl<'n> {
    entries: &'n [(Key, Node)],
    pub path: String,
    /// The same path as steps (exact for keys of any spelling).
    segs: Vec<Seg>,
    pub origin: Origin,
    used: Vec<bool>,
    asked: Vec<String>,
    /// The table's keys in the registry; with it, asking for a key it does
    /// not list panics (see [`super::keys`]).
    pub doc: Option<&'static super::keys::TableDoc>,
}

impl<'n> Tbl<'n> {
    pub fn empty(path: String) -> Self {
        Tbl {
            entries: &[],
            segs: segs_of(&path),
            path,
            origin: Origin::Builtin,
            used: vec![],
            asked: vec![],
            doc: None,
        }
    }
    /// The same table, its keys checked against `doc`.
    pub fn with_doc(mut self, doc: &'static super::keys::TableDoc) -> Self {
        self.doc = Some(doc);
        self
    }
    fn key_segs(&self, key: &str) -> Vec<Seg> {
        let mut s = self.segs.clone();
        s.push(Seg::Key(key.to_string()));
        s
    }
    pub fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _)| k.name == key)
    }
    /// Keys present in the file, in order.
    pub fn keys(&self) -> impl Iterator<Item = &'n str> {
        self.entries.iter().map(|(k, _)| k.name.as_str())
    }
}

pub struct Reader<'s> {
    pub src: &'s Source,
    pub problems: Vec<Problem>,
    /// Location of every key read, by key path.
    pub origins: std::collections::HashMap<String, super::error::Location>,
    /// With `record`: every key the reader asked for that the document
    /// lacks and the default it used instead, in reading order. The
    /// document with these filled in is the scenario as resolved
    /// (`patrolsim validate`), so the printout cannot drift from the reader.
    pub record: bool,
    pub filled: Vec<Filled>,
    /// With `record`: keys asked for, absent and left without a value (an
    /// optional key whose absence means something, e.g. `network.exits`).
    pub unfilled: Vec<Vec<Seg>>,
    /// While set, defaults are another key's value (a unit group's patrol
    /// share follows `deployment`): they are not filled in, so that a
    /// strategy, phase or sweep changing that key still carries through;
    /// their paths go to `derived`.
    pub deriving: bool,
    pub derived: Vec<Vec<Seg>>,
}

impl<'s> Reader<'s> {
    pub fn new(src: &'s Source) -> Self {
        Reader {
            src,
            problems: vec![],
            origins: Default::default(),
            record: false,
            filled: vec![],
            unfilled: vec![],
            deriving: false,
            derived: vec![],
        }
    }

    /// Run `f` with `deriving` set (defaults read in it are derived).
    pub fn derived<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let was = std::mem::replace(&mut self.deriving, true);
        let out = f(self);
        self.deriving = was;
        out
    }

    /// Record that `key` of `t`, absent, resolved to `val`.
    pub fn fill(&mut self, t: &Tbl, key: &str, val: Val) {
        if self.record && !t.has(key) {
            let path = t.key_segs(key);
            if self.deriving {
                self.derived.push(path);
                return;
            }
            self.unfilled.retain(|p| *p != path);
            self.filled.push((
                path,
                Node {
                    val,
                    origin: Origin::Builtin,
                },
            ));
        }
    }

    /// `fill` with a number (written as a float, as a number key takes it).
    pub fn fill_f64(&mut self, t: &Tbl, key: &str, v: f64) {
        self.fill(t, key, Val::Float(v));
    }

    /// `fill` with a list of numbers.
    pub fn fill_numbers(&mut self, t: &Tbl, key: &str, v: &[f64]) {
        if !self.record {
            return;
        }
        let items = v
            .iter()
            .map(|x| Node {
                val: Val::Float(*x),
                origin: Origin::Builtin,
            })
            .collect();
        self.fill(t, key, Val::Array(items));
    }

    /// Remember where `path` (e.g. an array item, `units[0].beat[2]`) came
    /// from, for problems found after reading (by `world`).
    pub fn note(&mut self, path: &str, origin: &Origin) {
        if let Some(loc) = self.src.locate(origin) {
            self.origins.insert(path.to_string(), loc);
        }
    }

    pub fn error(&mut self, path: &str, origin: &Origin, message: impl Into<String>) {
        self.problems.push(self.src.problem(path, origin, message));
    }

    /// A key that was removed or changed meaning: if the file has it, an
    /// error at it, `message` naming the keys that replace it.
    pub fn removed(&mut self, t: &mut Tbl, key: &str, message: &str) {
        if let Some(i) = t.entries.iter().position(|(k, _)| k.name == key) {
            t.used[i] = true;
            let origin = t.entries[i].0.origin.clone();
            self.error(&t.key_path(key), &origin, message.to_string());
        }
    }

    pub fn as_table<'n>(&mut self, node: &'n Node, path: String) -> Option<Tbl<'n>> {
        match &node.val {
            Val::Table(entries) => Some(Tbl {
                entries,
                segs: segs_of(&path),
                path,
                origin: node.origin.clone(),
                used: vec![false; entries.len()],
                asked: vec![],
                doc: None,
            }),
            other => {
                let msg = format!("expected a table, found {}", other.type_name());
                self.error(&path, &node.origin, msg);
                None
            }
        }
    }

    /// The raw node of `key`, marking it used.
    pub fn get<'n>(&mut self, t: &mut Tbl<'n>, key: &str) -> Option<&'n Node> {
        if let Some(d) = t.doc {
            d.key(key); // a key the registry does not list: a bug, panics
            #[cfg(test)]
            super::keys::note_asked(d.path, key);
        }
        t.asked.push(key.to_string());
        let Some(i) = t.entries.iter().position(|(k, _)| k.name == key) else {
            if self.record {
                let path = t.key_segs(key);
                if !self.unfilled.contains(&path) && !self.filled.iter().any(|(p, _)| *p == path) {
                    self.unfilled.push(path);
                }
            }
            return None;
        };
        t.used[i] = true;
        let n = &t.entries[i].1;
        if let Some(loc) = self.src.locate(&n.origin) {
            self.origins.insert(t.key_path(key), loc);
        }
        Some(n)
    }

    /// A sub-table; an absent key gives an empty table (all defaults).
    pub fn sub<'n>(&mut self, t: &mut Tbl<'n>, key: &str) -> Option<Tbl<'n>> {
        let path = t.key_path(key);
        let segs = t.key_segs(key);
        let mut sub = match self.get(t, key) {
            Some(n) => self.as_table(n, path)?,
            None => {
                // An absent table is no value of its own: its keys are.
                if self.record {
                    self.unfilled.retain(|p| *p != segs);
                }
                Tbl::empty(path)
            }
        };
        sub.segs = segs;
        Some(sub)
    }

    fn number_of(&mut self, path: &str, n: &Node, check: Check) -> Option<f64> {
        let v = match n.val {
            Val::Int(i) => i as f64,
            Val::Float(f) => f,
            ref other => {
                let msg = format!("expected {}, found {}", check.describe(), other.type_name());
                self.error(path, &n.origin, msg);
                return None;
            }
        };
        if !check.ok(v) {
            let msg = format!("must be {} (got {v})", check.describe());
            self.error(path, &n.origin, msg);
            return None;
        }
        if let Some((limit, unit)) = duration_limit(path)
            && v.abs() > limit
        {
            let msg = format!(
                "must be at most {limit} {unit} (100 years: simulated time is counted in whole milliseconds) (got {v})"
            );
            self.error(path, &n.origin, msg);
            return None;
        }
        Some(v)
    }

    /// A number with a default.
    pub fn f64(&mut self, t: &mut Tbl, key: &str, default: f64, check: Check) -> f64 {
        self.fill_f64(t, key, default);
        self.f64_opt(t, key, check).unwrap_or(default)
    }

    /// A number that may be absent.
    pub fn f64_opt(&mut self, t: &mut Tbl, key: &str, check: Check) -> Option<f64> {
        let path = t.key_path(key);
        let n = self.get(t, key)?;
        self.number_of(&path, n, check)
    }

    /// A required number.
    pub fn f64_req(&mut self, t: &mut Tbl, key: &str, check: Check) -> f64 {
        if !t.has(key) {
            self.missing(t, key, &check.describe());
            t.asked.push(key.to_string());
            return f64::NAN;
        }
        self.f64_opt(t, key, check).unwrap_or(f64::NAN)
    }

    pub fn missing(&mut self, t: &Tbl, key: &str, what: &str) {
        let path = t.key_path(key);
        let origin = t.origin.clone();
        self.error(&path, &origin, format!("is required ({what})"));
    }

    fn int_of(&mut self, path: &str, n: &Node, lo: i64, hi: i64) -> Option<i64> {
        match n.val {
            Val::Int(i) if (lo..=hi).contains(&i) => Some(i),
            Val::Int(i) => {
                let msg = format!("must be a whole number from {lo} to {hi} (got {i})");
                self.error(path, &n.origin, msg);
                None
            }
            ref other => {
                let msg = format!(
                    "expected a whole number from {lo} to {hi}, found {}",
                    other.type_name()
                );
                self.error(path, &n.origin, msg);
                None
            }
        }
    }

    /// A whole number in `lo..=hi`, with a default.
    pub fn int(&mut self, t: &mut Tbl, key: &str, default: i64, lo: i64, hi: i64) -> i64 {
        self.fill(t, key, Val::Int(default));
        self.int_opt(t, key, lo, hi).unwrap_or(default)
    }

    pub fn int_opt(&mut self, t: &mut Tbl, key: &str, lo: i64, hi: i64) -> Option<i64> {
        let path = t.key_path(key);
        let n = self.get(t, key)?;
        self.int_of(&path, n, lo, hi)
    }

    pub fn int_req(&mut self, t: &mut Tbl, key: &str, lo: i64, hi: i64) -> i64 {
        if !t.has(key) {
            self.missing(t, key, &format!("a whole number from {lo} to {hi}"));
            t.asked.push(key.to_string());
            return lo;
        }
        self.int_opt(t, key, lo, hi).unwrap_or(lo)
    }

    pub fn bool(&mut self, t: &mut Tbl, key: &str, default: bool) -> bool {
        self.fill(t, key, Val::Bool(default));
        let path = t.key_path(key);
        match self.get(t, key) {
            None => default,
            Some(Node {
                val: Val::Bool(b), ..
            }) => *b,
            Some(n) => {
                let msg = format!("expected true or false, found {}", n.val.type_name());
                self.error(&path, &n.origin, msg);
                default
            }
        }
    }

    /// A string with a default.
    pub fn string(&mut self, t: &mut Tbl, key: &str, default: impl FnOnce() -> String) -> String {
        match self.string_opt(t, key) {
            Some(s) => s,
            None => {
                let d = default();
                self.fill(t, key, Val::Str(d.clone()));
                d
            }
        }
    }

    pub fn string_opt(&mut self, t: &mut Tbl, key: &str) -> Option<String> {
        let path = t.key_path(key);
        match self.get(t, key)? {
            Node {
                val: Val::Str(s), ..
            } => Some(s.clone()),
            n => {
                let msg = format!("expected a string, found {}", n.val.type_name());
                self.error(&path, &n.origin, msg);
                None
            }
        }
    }

    /// One of a fixed set of words; returns its index in `allowed`.
    pub fn choice(&mut self, t: &mut Tbl, key: &str, default: usize, allowed: &[&str]) -> usize {
        self.fill(t, key, Val::Str(allowed[default].to_string()));
        let path = t.key_path(key);
        let Some(n) = self.get(t, key) else {
            return default;
        };
        self.choice_of(&path, n, allowed).unwrap_or(default)
    }

    pub fn choice_of(&mut self, path: &str, n: &Node, allowed: &[&str]) -> Option<usize> {
        let list = allowed
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(", ");
        match &n.val {
            Val::Str(s) => match allowed.iter().position(|a| a == s) {
                Some(i) => Some(i),
                None => {
                    let hint = suggest(s, allowed.iter().copied())
                        .map(|s| format!(" (did you mean \"{s}\"?)"))
                        .unwrap_or_default();
                    self.error(
                        path,
                        &n.origin,
                        format!("\"{s}\" is not allowed{hint}; allowed: {list}"),
                    );
                    None
                }
            },
            other => {
                let msg = format!("expected one of {list}, found {}", other.type_name());
                self.error(path, &n.origin, msg);
                None
            }
        }
    }

    /// An array's items (absent → `None`).
    pub fn array<'n>(&mut self, t: &mut Tbl<'n>, key: &str) -> Option<&'n [Node]> {
        let path = t.key_path(key);
        match self.get(t, key)? {
            Node {
                val: Val::Array(items),
                ..
            } => Some(items),
            n => {
                let msg = format!("expected an array, found {}", n.val.type_name());
                self.error(&path, &n.origin, msg);
                None
            }
        }
    }

    /// A list of strings with where each was written (absent → `None`).
    pub fn strings(&mut self, t: &mut Tbl, key: &str) -> Option<Vec<(String, Origin)>> {
        let path = t.key_path(key);
        let items = self.array(t, key)?;
        let mut out = Vec::new();
        for (i, n) in items.iter().enumerate() {
            match &n.val {
                Val::Str(s) => out.push((s.clone(), n.origin.clone())),
                other => self.error(
                    &format!("{path}[{i}]"),
                    &n.origin,
                    format!("expected a name, found {}", other.type_name()),
                ),
            }
        }
        Some(out)
    }

    /// A list of names of `what`, each one of `allowed`, as indices
    /// (absent → `None`; an unknown name is an error naming the item).
    pub fn names_of(
        &mut self,
        t: &mut Tbl,
        key: &str,
        allowed: &[&str],
        what: &str,
    ) -> Option<Vec<usize>> {
        let path = t.key_path(key);
        let items = self.strings(t, key)?;
        let mut out = Vec::new();
        for (i, (s, o)) in items.iter().enumerate() {
            match allowed.iter().position(|x| x == s) {
                Some(k) => out.push(k),
                None => self.error(
                    &format!("{path}[{i}]"),
                    o,
                    format!(
                        "no {what} is named \"{s}\"; defined: {}",
                        allowed.join(", ")
                    ),
                ),
            }
        }
        Some(out)
    }

    /// An array of `len` numbers (absent → `None`).
    pub fn numbers(
        &mut self,
        t: &mut Tbl,
        key: &str,
        len: Option<usize>,
        check: Check,
    ) -> Option<Vec<f64>> {
        let path = t.key_path(key);
        let origin = t
            .entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, n)| n.origin.clone());
        let items = self.array(t, key)?;
        if let Some(len) = len
            && items.len() != len
        {
            self.error(
                &path,
                &origin.unwrap_or(Origin::Builtin),
                format!("expected {len} numbers, found {}", items.len()),
            );
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, n) in items.iter().enumerate() {
            match self.number_of(&format!("{path}[{i}]"), n, check) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Report keys present in the table that nobody asked for.
    pub fn finish(&mut self, t: Tbl) {
        for (i, (k, _)) in t.entries.iter().enumerate() {
            if t.used[i] {
                continue;
            }
            let mut allowed: Vec<&str> = t.asked.iter().map(String::as_str).collect();
            allowed.sort_unstable();
            allowed.dedup();
            let hint = suggest(&k.name, allowed.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            let list = if allowed.is_empty() {
                "this table takes no keys".to_string()
            } else {
                format!("allowed here: {}", allowed.join(", "))
            };
            self.error(
                &t.key_path(&k.name),
                &k.origin,
                format!("unknown key{hint}; {list}"),
            );
        }
    }
}

/// The tables of an array of tables (`[[units]]`), each with its path.
pub fn tables<'n>(r: &mut Reader, top: &mut Tbl<'n>, key: &str) -> Vec<Tbl<'n>> {
    let path = top.key_path(key);
    let Some(items) = r.array(top, key) else {
        return vec![];
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| r.as_table(n, format!("{path}[{i}]")))
        .collect()
}

/// The closest allowed word, if close enough to be a likely typo.
pub fn suggest<'a>(word: &str, allowed: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    allowed
        .map(|a| (strsim::damerau_levenshtein(word, a), a))
        .filter(|(d, a)| *d <= (a.len().max(word.len()) / 3).max(2) && *d < a.len())
        .min()
        .map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(
            suggest("rate_per_hr", ["rate_per_hour", "types"].into_iter()),
            Some("rate_per_hour")
        );
        assert_eq!(suggest("zzz", ["rate_per_hour"].into_iter()), None);
    }
}
