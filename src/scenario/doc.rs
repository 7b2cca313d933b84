//! A TOML document as a tree that remembers where every key and value came
//! from (file span or a `--set` override), so every later check can name the
//! file, line, column and key path of a problem.

use super::error::{Location, Problem};
use toml::de::{DeTable, DeValue};

/// Where a key or value came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// Byte span in file `0` (the scenario) or a file it extends.
    Span(u16, usize, usize),
    /// The n-th `--set` override (0-based) and its text.
    Override(usize),
    /// Created by the program (defaults, a path created by an override).
    Builtin,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Datetime(String),
    Array(Vec<Node>),
    Table(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub val: Val,
    pub origin: Origin,
}

impl Node {
    /// The value as plain text for tables: numbers as written back by Rust
    /// (shortest round trip), strings without quotes, arrays and tables
    /// in TOML-like brackets.
    pub fn to_text(&self) -> String {
        match &self.val {
            Val::Str(s) | Val::Datetime(s) => s.clone(),
            Val::Int(i) => i.to_string(),
            Val::Float(f) => f.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::Array(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|n| n.to_text())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Val::Table(e) => format!(
                "{{{}}}",
                e.iter()
                    .map(|(k, v)| format!("{} = {}", k.name, v.to_text()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// A key created by the program.
pub fn key(name: &str) -> Key {
    Key {
        name: name.to_string(),
        origin: Origin::Builtin,
    }
}

/// A value created by the program.
pub fn builtin(val: Val) -> Node {
    Node {
        val,
        origin: Origin::Builtin,
    }
}

impl Val {
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Str(_) => "a string",
            Val::Int(_) => "an integer",
            Val::Float(_) => "a float",
            Val::Bool(_) => "a boolean",
            Val::Datetime(_) => "a date-time",
            Val::Array(_) => "an array",
            Val::Table(_) => "a table",
        }
    }
}

/// The source texts of a scenario (the file, then any files it extends),
/// for turning spans into line and column. Files are only ever added
/// (`add_file`), each with the offsets where its lines start: every key
/// read is located, and a city's scenario of thousands of lines would
/// otherwise be scanned from its start once per key.
#[derive(Debug, Clone, Default)]
pub struct Source {
    files: Vec<(String, String)>,
    line_starts: Vec<Vec<usize>>,
    pub overrides: Vec<String>,
}

impl Source {
    /// Adds a file's text; returns its index (for [`parse`] and spans).
    pub fn add_file(&mut self, name: impl Into<String>, text: impl Into<String>) -> u16 {
        let text = text.into();
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|b| b.1 == b'\n')
                    .map(|b| b.0 + 1),
            )
            .collect();
        self.files.push((name.into(), text));
        self.line_starts.push(starts);
        (self.files.len() - 1) as u16
    }

    /// The files as (name, text), in the order added.
    pub fn files(&self) -> &[(String, String)] {
        &self.files
    }

    /// A problem at key `path`, located where `origin` is.
    pub fn problem(
        &self,
        path: impl Into<String>,
        origin: &Origin,
        message: impl Into<String>,
    ) -> super::Problem {
        super::Problem {
            path: path.into(),
            location: self.locate(origin),
            message: message.into(),
        }
    }

    pub fn locate(&self, origin: &Origin) -> Option<Location> {
        match origin {
            Origin::Span(f, start, _) => {
                let (file, text) = self.files.get(*f as usize)?;
                let start = (*start).min(text.len());
                // Line: how many line starts are at or before `start`;
                // column: characters from the line's start, plus one.
                let starts = &self.line_starts[*f as usize];
                let line = starts.partition_point(|&s| s <= start);
                let col = text[starts[line - 1]..start].chars().count() + 1;
                Some(Location::File {
                    file: file.clone(),
                    line,
                    col,
                })
            }
            Origin::Override(i) => Some(Location::Override(
                self.overrides.get(*i).cloned().unwrap_or_default(),
            )),
            Origin::Builtin => None,
        }
    }
}

fn convert(f: u16, v: &toml::Spanned<DeValue<'_>>) -> Result<Node, String> {
    let span = v.span();
    let origin = Origin::Span(f, span.start, span.end);
    let val = match v.get_ref() {
        DeValue::String(s) => Val::Str(s.to_string()),
        DeValue::Integer(i) => Val::Int(
            i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .map_err(|_| format!("integer {} is out of range", i.as_str()))?,
        ),
        DeValue::Float(f) => Val::Float(
            f.as_str()
                .replace('_', "")
                .parse::<f64>()
                .map_err(|_| format!("float {} cannot be read", f.as_str()))?,
        ),
        DeValue::Boolean(b) => Val::Bool(*b),
        DeValue::Datetime(d) => Val::Datetime(d.to_string()),
        DeValue::Array(a) => Val::Array(a.iter().map(|x| convert(f, x)).collect::<Result<_, _>>()?),
        DeValue::Table(t) => Val::Table(convert_table(f, t)?),
    };
    Ok(Node { val, origin })
}

fn convert_table(f: u16, t: &DeTable<'_>) -> Result<Vec<(Key, Node)>, String> {
    t.iter()
        .map(|(k, v)| {
            let ks = k.span();
            Ok((
                Key {
                    name: k.get_ref().to_string(),
                    origin: Origin::Span(f, ks.start, ks.end),
                },
                convert(f, v)?,
            ))
        })
        .collect()
}

/// Parse file `f` of the source into a tree; a syntax error becomes a
/// located problem.
pub fn parse(src: &Source, f: u16) -> Result<Node, Problem> {
    let located = |msg: String, span: Option<std::ops::Range<usize>>| Problem {
        path: String::new(),
        location: span.and_then(|s| src.locate(&Origin::Span(f, s.start, s.end))),
        message: msg,
    };
    let table = DeTable::parse(&src.files[f as usize].1)
        .map_err(|e| located(format!("not valid TOML: {}", e.message().trim()), e.span()))?;
    let span = table.span();
    let t = convert_table(f, table.get_ref()).map_err(|m| located(m, Some(span.clone())))?;
    Ok(Node {
        val: Val::Table(t),
        origin: Origin::Span(f, span.start, span.end),
    })
}

/// Lay `over` on `base`: tables merge key by key (recursively), anything
/// else in `over` replaces what `base` had.
pub fn merge(base: &mut Node, over: Node) {
    match (&mut base.val, over.val) {
        (Val::Table(b), Val::Table(o)) => {
            for (k, v) in o {
                match b.iter_mut().find(|(bk, _)| bk.name == k.name) {
                    Some((bk, bv)) => {
                        *bk = k;
                        merge(bv, v);
                    }
                    None => b.push((k, v)),
                }
            }
        }
        (_, val) => {
            base.val = val;
            base.origin = over.origin;
        }
    }
}

/// Apply `dotted.key=value` to the tree. The value is read as a TOML value
/// (`3`, `0.9`, `"text"`, `[1, 2]`, `true`); anything that is not valid TOML is
/// taken as a bare string. Numeric path parts index arrays (`units.0.count`).
pub fn apply_override(root: &mut Node, index: usize, text: &str) -> Result<(), Problem> {
    let here = Location::Override(text.to_string());
    let bad = |msg: String| Problem {
        path: String::new(),
        location: Some(here.clone()),
        message: msg,
    };
    let (path, value) = text
        .split_once('=')
        .ok_or_else(|| bad("expected KEY=VALUE, e.g. --set deployment.patrol_share=0.9".into()))?;
    let origin = Origin::Override(index);
    let value = value.trim();
    let parsed = match DeValue::parse(value) {
        Ok(v) => convert(0, &v).map_err(bad)?,
        Err(_) => Node {
            val: Val::Str(value.to_string()),
            origin: origin.clone(),
        },
    };
    set_path(root, path.trim(), retag(parsed, &origin), Some(here))
}

/// Set the value at a dotted key path (creating tables as needed; numeric
/// parts index arrays). `location` names the source of the change in errors.
pub fn set_path(
    root: &mut Node,
    path: &str,
    value: Node,
    location: Option<Location>,
) -> Result<(), Problem> {
    let bad = |msg: String| Problem {
        path: path.to_string(),
        location: location.clone(),
        message: msg,
    };
    if path.is_empty() || path.split('.').any(|p| p.trim().is_empty()) {
        return Err(bad(format!("`{path}` is not a dotted key path")));
    }
    let origin = value.origin.clone();
    let mut cur = root;
    let parts: Vec<&str> = path.split('.').map(str::trim).collect();
    for (i, part) in parts.iter().enumerate() {
        let here = parts[..=i].join(".");
        cur = match &mut cur.val {
            Val::Table(entries) => {
                let pos = match entries.iter().position(|(k, _)| k.name == *part) {
                    Some(p) => p,
                    None => {
                        entries.push((
                            Key {
                                name: part.to_string(),
                                origin: origin.clone(),
                            },
                            Node {
                                val: Val::Table(Vec::new()),
                                origin: origin.clone(),
                            },
                        ));
                        entries.len() - 1
                    }
                };
                &mut entries[pos].1
            }
            Val::Array(items) => {
                let idx: usize = part.parse().map_err(|_| {
                    bad(format!(
                        "`{}` is an array: index it with a number (0..{}), not `{part}`",
                        parts[..i].join("."),
                        items.len()
                    ))
                })?;
                let n = items.len();
                items.get_mut(idx).ok_or_else(|| {
                    bad(format!(
                        "`{here}`: index {idx} is out of range (the array has {n} items)"
                    ))
                })?
            }
            other => {
                return Err(bad(format!(
                    "`{}` is {}, not a table: cannot set `{path}`",
                    parts[..i].join("."),
                    other.type_name()
                )));
            }
        };
    }
    *cur = value;
    Ok(())
}

/// Put `value` at `path` unless something is there already, creating the
/// tables on the way (array items must exist).
pub fn insert_absent(root: &mut Node, path: &[super::read::Seg], value: Node) {
    use super::read::Seg;
    let Some((last, steps)) = path.split_last() else {
        return;
    };
    let mut cur = root;
    for s in steps {
        cur = match (s, &mut cur.val) {
            (Seg::Key(k), Val::Table(entries)) => {
                let i = match entries.iter().position(|(e, _)| e.name == *k) {
                    Some(i) => i,
                    None => {
                        entries.push((key(k), builtin(Val::Table(vec![]))));
                        entries.len() - 1
                    }
                };
                &mut entries[i].1
            }
            (Seg::Index(i), Val::Array(items)) if *i < items.len() => &mut items[*i],
            _ => return,
        };
    }
    match (last, &mut cur.val) {
        (Seg::Key(k), Val::Table(entries)) if !entries.iter().any(|(e, _)| e.name == *k) => {
            entries.push((key(k), value))
        }
        _ => {}
    }
}

fn toml_value(n: &Node) -> toml::Value {
    match &n.val {
        Val::Str(s) => toml::Value::String(s.clone()),
        Val::Int(i) => toml::Value::Integer(*i),
        Val::Float(f) => toml::Value::Float(*f),
        Val::Bool(b) => toml::Value::Boolean(*b),
        Val::Datetime(d) => d
            .parse()
            .map(toml::Value::Datetime)
            .unwrap_or_else(|_| toml::Value::String(d.clone())),
        Val::Array(items) => toml::Value::Array(items.iter().map(toml_value).collect()),
        Val::Table(entries) => toml::Value::Table(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), toml_value(v)))
                .collect(),
        ),
    }
}

/// The tree as TOML text, keys in the tree's order: plain values first in
/// each table, small tables of plain values inline (`{ dist = "lognormal",
/// mean = 45, sd = 30 }`), then sub-tables (`[a.b]`) and arrays of tables
/// (`[[a.c]]`).
pub fn to_toml(root: &Node) -> String {
    let mut out = String::new();
    match &root.val {
        Val::Table(entries) => write_table(&mut out, &[], entries),
        _ => out.push_str(&toml_value(root).to_string()),
    }
    out
}

/// A key as TOML writes it: bare if it can be, else quoted.
fn toml_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}

fn is_plain(n: &Node) -> bool {
    match &n.val {
        Val::Table(_) => false,
        Val::Array(items) => items.iter().all(is_plain),
        _ => true,
    }
}

/// Written inline: not a table, or a small table of plain values.
fn inline(n: &Node) -> bool {
    match &n.val {
        Val::Table(e) => e.len() <= 6 && e.iter().all(|(_, v)| is_plain(v)),
        Val::Array(items) => items.iter().all(inline),
        _ => true,
    }
}

fn write_table(out: &mut String, path: &[String], entries: &[(Key, Node)]) {
    use std::fmt::Write as _;
    let here = |k: &str| {
        let mut p = path.to_vec();
        p.push(toml_key(k));
        p
    };
    fn tables_of(n: &Node) -> Option<&[Node]> {
        match &n.val {
            Val::Array(items) if !items.is_empty() && !inline(n) => items
                .iter()
                .all(|i| matches!(i.val, Val::Table(_)))
                .then_some(items.as_slice()),
            _ => None,
        }
    }
    for (k, v) in entries {
        let top_table = path.is_empty() && matches!(v.val, Val::Table(_));
        if inline(v) && !top_table && tables_of(v).is_none() {
            let _ = writeln!(out, "{} = {}", toml_key(&k.name), toml_value(v));
        }
    }
    for (k, v) in entries {
        let top_table = path.is_empty() && matches!(v.val, Val::Table(_));
        match &v.val {
            Val::Table(sub) if top_table || !inline(v) => {
                let p = here(&k.name);
                // A header only where it holds values of its own (or none
                // at all): `[a.b]` implies `[a]`.
                let own =
                    sub.is_empty() || sub.iter().any(|(_, x)| inline(x) && tables_of(x).is_none());
                if own {
                    let _ = writeln!(out, "\n[{}]", p.join("."));
                }
                write_table(out, &p, sub);
            }
            _ => {
                if let Some(items) = tables_of(v) {
                    let p = here(&k.name);
                    for it in items {
                        let _ = writeln!(out, "\n[[{}]]", p.join("."));
                        if let Val::Table(sub) = &it.val {
                            write_table(out, &p, sub);
                        }
                    }
                }
            }
        }
    }
}

fn retag(mut n: Node, origin: &Origin) -> Node {
    n.origin = origin.clone();
    match &mut n.val {
        Val::Array(items) => {
            for it in items.iter_mut() {
                *it = retag(it.clone(), origin);
            }
        }
        Val::Table(entries) => {
            for (k, v) in entries.iter_mut() {
                k.origin = origin.clone();
                *v = retag(v.clone(), origin);
            }
        }
        _ => {}
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        let mut s = Source::default();
        s.add_file("t.toml", text);
        s
    }

    /// The line index gives every offset the line and column a scan from
    /// the file's start gives (characters, not bytes, for the column).
    #[test]
    fn line_index_locates_as_a_scan_does() {
        let scan = |text: &str, start: usize| {
            let before = &text[..start];
            let line = before.matches('\n').count() + 1;
            let col = before.chars().count()
                - before
                    .rfind('\n')
                    .map_or(0, |i| before[..=i].chars().count())
                + 1;
            (line, col)
        };
        for text in ["", "\n\n", "a = 1\n# 北京 é\nb = \"街道\"\n\nc = 2", "x\ny"] {
            let mut s = src("first file\n");
            assert_eq!(s.add_file("second.toml", text), 1);
            for (start, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let got = match s.locate(&Origin::Span(1, start, start)) {
                    Some(Location::File { line, col, .. }) => (line, col),
                    other => panic!("{other:?}"),
                };
                assert_eq!(got, scan(text, start), "{text:?} at {start}");
            }
        }
    }

    #[test]
    fn parses_values_with_locations() {
        let s = src("a = 1_000\n[b]\nc = 0.5\nd = [1, 2]\n");
        let root = parse(&s, 0).unwrap();
        let Val::Table(t) = &root.val else { panic!() };
        assert_eq!(t[0].1.val, Val::Int(1000));
        let Val::Table(b) = &t[1].1.val else { panic!() };
        assert_eq!(b[0].1.val, Val::Float(0.5));
        match s.locate(&b[0].1.origin) {
            Some(Location::File { line, col, .. }) => assert_eq!((line, col), (3, 5)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn to_toml_reads_back_to_the_same_tree() {
        let text = r#"
top = "a \"quoted\" string"
list = [1, 2.5, -3]
[plain]
x = 1
"key with space" = true
"a.b" = { c = 1, d = [1, 2] }
empty = {}
[[arr]]
n = 1
sub = { dist = "fixed", value = 2 }
[[arr.inner]]
k = "v"
deep = { one = 1, two = 2, three = 3, four = 4, five = 5, six = 6, seven = 7 }
[[arr]]
n = 2
[t.u.v]
w = 1
[e]
"#;
        let a = parse(&src(text), 0).unwrap();
        let out = to_toml(&a);
        let b = parse(&src(&out), 0).unwrap_or_else(|e| panic!("{e:?}\n{out}"));
        assert_eq!(a.to_text(), b.to_text(), "{out}");
        // Small tables of plain values are inline; large ones are not.
        assert!(
            out.contains("sub = { dist = \"fixed\", value = 2 }"),
            "{out}"
        );
        assert!(out.contains("[arr.inner.deep]"), "{out}");
        assert!(out.contains("[e]"), "{out}");
    }

    #[test]
    fn syntax_error_is_located() {
        let e = parse(&src("a = 1\nb = = 2\n"), 0).unwrap_err();
        match e.location {
            Some(Location::File { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn overrides_set_create_and_index() {
        let s = src("[x]\ny = 1\n[[u]]\nn = 2\n");
        let mut root = parse(&s, 0).unwrap();
        apply_override(&mut root, 0, "x.y=3").unwrap();
        apply_override(&mut root, 1, "u.0.n = 0.5").unwrap();
        apply_override(&mut root, 2, "x.name=plain words").unwrap();
        let Val::Table(t) = &root.val else { panic!() };
        let x = &t.iter().find(|(k, _)| k.name == "x").unwrap().1;
        let Val::Table(x) = &x.val else { panic!() };
        assert_eq!(x[0].1.val, Val::Int(3));
        assert_eq!(x[0].1.origin, Origin::Override(0));
        assert_eq!(x[1].1.val, Val::Str("plain words".into()));
        assert!(apply_override(&mut root, 3, "u.5.n=1").is_err());
        assert!(apply_override(&mut root, 3, "x.y.z=1").is_err());
        assert!(apply_override(&mut root, 3, "novalue").is_err());
    }
}
