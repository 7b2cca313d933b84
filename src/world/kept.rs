//! Contraction hierarchies kept on disk between runs (`TableCache::keeping_in`).
//! Above the full-table limit a world's build is mostly contraction: at
//! 58k nodes about 9–12 s of it, against 0.3 s taken from here
//! (docs/performance.md, "Kept hierarchies"). A planner who
//! runs the same town again, or the tasks of a cluster array, can take the
//! network's canonical order and each speed's hierarchy from a directory
//! instead. An entry holds the whole input it was made from (node count,
//! every edge and its time, the order, the witness setting, the engine and
//! this format's version) and is used only when that input equals the
//! current one exactly, so a kept hierarchy is the one a build would make,
//! bit for bit. The engine is named by the pinned versions of fast_paths
//! and its priority queue, and by a probe: small hierarchies prepared by
//! this binary, all of whose paths tie, so a change in how ties are broken
//! that shows there (fast_paths, its priority queue, the standard
//! library's heap) gives another name, and that binary neither takes nor
//! overwrites another's entries. A checksum over the file catches a damaged entry,
//! which is rebuilt. The directory is trusted as a scenario file is: the
//! checksum catches accidents, not a hierarchy altered on purpose.
//! Nothing here changes a result: only the time to build.

use crate::files::{Fnv, write_atomic};
use fast_paths::FastGraph;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Bumped whenever an entry's layout or meaning changes.
const FORMAT: u32 = 1;
/// The engine that prepared the entry: `fast_paths` and the priority queue
/// its node ordering breaks ties through are pinned to these versions in
/// Cargo.toml; change both together. [`engine`] adds the probe.
const ENGINE: &str = "fast_paths 1.0.0, priority-queue 2.7.0";

/// The engine's name and the fingerprint of a probe: hierarchies of a
/// 12 × 12 grid whose streets all take one time (every path ties), one
/// in fast_paths' own order and one in a fixed order with a witness search
/// that stops after 3 settled nodes. Any change in how ties are broken
/// (fast_paths, its priority queue, the standard library's heap) changes
/// them. Computed once per process (about a millisecond).
fn engine() -> &'static str {
    static ENGINE_PROBE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ENGINE_PROBE.get_or_init(|| {
        let side = 12;
        let mut g = fast_paths::InputGraph::new();
        for r in 0..side {
            for c in 0..side {
                let v = r * side + c;
                if c + 1 < side {
                    g.add_edge_bidir(v, v + 1, 7);
                }
                if r + 1 < side {
                    g.add_edge_bidir(v, v + side, 7);
                }
            }
        }
        g.freeze();
        let own = fast_paths::prepare(&g);
        let order: Vec<usize> = (0..side * side).map(|i| (i * 37) % (side * side)).collect();
        let fixed = fast_paths::prepare_with_order_with_params(
            &g,
            &order,
            &fast_paths::ParamsWithOrder::new(3),
        )
        .expect("a permutation: 37 is prime to 144");
        let mut h = Fnv::default();
        for fg in [&own, &fixed] {
            h.add(&postcard::to_stdvec(fg).expect("a hierarchy serialises"));
        }
        format!("{ENGINE}, probe {:016x}", h.0)
    })
}
const MAGIC: &[u8] = b"patrolsim kept hierarchy\n";

type Edge = (u32, u32, u32);

/// What an entry is made from (see [`Entry`]).
struct Input<'a> {
    kind: &'a str,
    settle: usize,
    nodes: usize,
    edges: &'a [Edge],
    order: &'a [u64],
}

/// What an entry is made from, and what was made.
#[derive(Serialize, Deserialize)]
struct Entry<'a> {
    format: u32,
    engine: Cow<'a, str>,
    /// "order" (the canonical order) or "hierarchy".
    kind: Cow<'a, str>,
    /// Witness search's settled-node limit (0 for the canonical order,
    /// which uses fast_paths' own parameters).
    settle: u64,
    nodes: u64,
    edges: Cow<'a, [Edge]>,
    /// The contraction order given (a hierarchy's).
    order: Cow<'a, [u64]>,
    /// What was made: the canonical order, or the hierarchy.
    made_order: Vec<u64>,
    made_graph: Option<Cow<'a, FastGraph>>,
}

/// How the kept entries served one or more builds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeptCounts {
    /// Orders and hierarchies read from the directory.
    pub loaded: u32,
    /// Built here and written to the directory.
    pub built: u32,
    /// What went wrong (a damaged entry, a directory that cannot be
    /// written): the build went on without it.
    pub problems: Vec<String>,
}

/// A directory of kept orders and hierarchies.
#[derive(Debug)]
pub struct Keep {
    dir: PathBuf,
    counts: Mutex<KeptCounts>,
}

impl Keep {
    /// Keep entries in `dir` (made when the first is written). Temporary
    /// files of writers killed more than a day ago are removed.
    pub fn new(dir: &Path) -> Keep {
        if let Ok(rd) = std::fs::read_dir(dir) {
            let day = std::time::Duration::from_secs(86_400);
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let old = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t.elapsed().is_ok_and(|a| a > day));
                if is_leftover(&name) && old {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        Keep {
            dir: dir.to_path_buf(),
            counts: Mutex::default(),
        }
    }

    pub fn counts(&self) -> KeptCounts {
        self.counts.lock().expect("kept counts").clone()
    }

    /// The network's canonical order, kept or built by `build`.
    pub(super) fn order(
        &self,
        nodes: usize,
        edges: &[Edge],
        build: impl FnOnce() -> Vec<usize>,
    ) -> Vec<usize> {
        let input = Input {
            kind: "order",
            settle: 0,
            nodes,
            edges,
            order: &[],
        };
        let entry = self.serve(&input, |e| {
            e.made_graph.is_none() && is_permutation(&e.made_order, nodes)
        });
        if let Some(e) = entry {
            return e.made_order.iter().map(|&x| x as usize).collect();
        }
        let made = build();
        let made_order = made.iter().map(|&x| x as u64).collect();
        self.store(&input, made_order, None);
        made
    }

    /// The hierarchy contracted in `order`, kept or built by `build`.
    pub(super) fn hierarchy(
        &self,
        nodes: usize,
        edges: &[Edge],
        order: &[usize],
        settle: usize,
        build: impl FnOnce() -> FastGraph,
    ) -> FastGraph {
        let order: Vec<u64> = order.iter().map(|&x| x as u64).collect();
        let input = Input {
            kind: "hierarchy",
            settle,
            nodes,
            edges,
            order: &order,
        };
        let entry = self.serve(&input, |e| {
            e.made_graph
                .as_ref()
                .is_some_and(|g| g.get_num_nodes() == nodes)
        });
        if let Some(e) = entry {
            return e.made_graph.expect("checked").into_owned();
        }
        let made = build();
        self.store(&input, Vec::new(), Some(&made));
        made
    }

    /// The entry's file: named by the kind, the node count and a
    /// fingerprint of the input (the entry itself holds the input).
    fn path(&self, i: &Input) -> PathBuf {
        let mut h = Fnv::default();
        h.add(&FORMAT.to_le_bytes());
        h.add(engine().as_bytes());
        h.add(i.kind.as_bytes());
        h.add(&(i.settle as u64).to_le_bytes());
        h.add(&(i.nodes as u64).to_le_bytes());
        for &(u, v, ms) in i.edges {
            for x in [u, v, ms] {
                h.add(&x.to_le_bytes());
            }
        }
        for x in i.order {
            h.add(&x.to_le_bytes());
        }
        self.dir
            .join(format!("{}-{}-{:016x}.ch", i.kind, i.nodes, h.0))
    }

    /// The kept entry for this input, if there is one whose input equals
    /// it and `fits`; a damaged one is noted and ignored.
    fn serve(&self, i: &Input, fits: impl Fn(&Entry) -> bool) -> Option<Entry<'static>> {
        let path = self.path(i);
        let bytes = std::fs::read(&path).ok()?;
        let entry = match decode(&bytes) {
            Ok(e) => e,
            Err(why) => {
                self.note(format!("{}: {why}; rebuilt", path.display()));
                return None;
            }
        };
        let same = entry.format == FORMAT
            && entry.engine == engine()
            && entry.kind == i.kind
            && entry.settle == i.settle as u64
            && entry.nodes == i.nodes as u64
            && *entry.edges == *i.edges
            && *entry.order == *i.order
            && fits(&entry);
        if !same {
            // Another input with the same fingerprint, or an older format:
            // replaced by this one.
            return None;
        }
        self.counts.lock().expect("kept counts").loaded += 1;
        Some(entry)
    }

    /// Write the entry made from `i` (atomically: a reader in another
    /// process sees the whole entry or none).
    fn store(&self, i: &Input, made_order: Vec<u64>, made_graph: Option<&FastGraph>) {
        let entry = Entry {
            format: FORMAT,
            engine: Cow::Borrowed(engine()),
            kind: Cow::Borrowed(i.kind),
            settle: i.settle as u64,
            nodes: i.nodes as u64,
            edges: Cow::Borrowed(i.edges),
            order: Cow::Borrowed(i.order),
            made_order,
            made_graph: made_graph.map(Cow::Borrowed),
        };
        let path = self.path(i);
        let res = encode(&entry).and_then(|bytes| {
            std::fs::create_dir_all(&self.dir)
                .and_then(|()| write_atomic(&path, &bytes))
                .map_err(|e| e.to_string())
        });
        match res {
            Ok(()) => self.counts.lock().expect("kept counts").built += 1,
            Err(e) => self.note(format!("cannot keep {}: {e}", path.display())),
        }
    }

    fn note(&self, problem: String) {
        self.counts
            .lock()
            .expect("kept counts")
            .problems
            .push(problem);
    }
}

/// The magic line, the entry (postcard) and its checksum (FNV-1a, 64
/// bits, over the magic line and the entry).
fn encode(entry: &Entry) -> Result<Vec<u8>, String> {
    let body = postcard::to_stdvec(entry).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(MAGIC.len() + body.len() + 8);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&body);
    let mut h = Fnv::default();
    h.add(&bytes);
    bytes.extend_from_slice(&h.0.to_le_bytes());
    Ok(bytes)
}

fn decode(bytes: &[u8]) -> Result<Entry<'static>, String> {
    let Some(body) = bytes
        .strip_prefix(MAGIC)
        .and_then(|b| b.len().checked_sub(8).map(|k| b.split_at(k)))
    else {
        return Err("not a kept hierarchy (too short or no magic line)".into());
    };
    let (body, sum) = body;
    let mut h = Fnv::default();
    h.add(&bytes[..MAGIC.len() + body.len()]);
    if h.0.to_le_bytes() != sum {
        return Err("checksum does not match (damaged)".into());
    }
    postcard::from_bytes::<Entry<'static>>(body).map_err(|e| format!("cannot be read ({e})"))
}

/// Is `order` a permutation of `0..n`?
fn is_permutation(order: &[u64], n: usize) -> bool {
    let mut seen = vec![false; n];
    order.len() == n
        && order.iter().all(|&x| {
            let fresh = (x as usize) < n && !seen[x as usize];
            if fresh {
                seen[x as usize] = true;
            }
            fresh
        })
}

/// A temporary file of ours (`files::write_atomic` of an entry):
/// `.order-…ch.tmp-PID-N-NANOS` or `.hierarchy-…`.
fn is_leftover(name: &str) -> bool {
    (name.starts_with(".order-") || name.starts_with(".hierarchy-"))
        && name.contains(".ch.tmp-")
        && name
            .rsplit('-')
            .next()
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_must_be_permutations() {
        assert!(is_permutation(&[2, 0, 1], 3));
        assert!(is_permutation(&[], 0));
        assert!(!is_permutation(&[0, 0, 1], 3), "a repeat");
        assert!(!is_permutation(&[0, 1, 3], 3), "out of range");
        assert!(!is_permutation(&[0, 1], 3), "short");
    }

    /// An entry at the right place is taken only when its engine is this
    /// one and its order a permutation; else it is rebuilt and replaced.
    #[test]
    fn entries_of_another_engine_or_with_a_bad_order_are_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let keep = Keep::new(dir.path());
        let edges = [(0, 1, 5), (1, 2, 5), (2, 0, 5)];
        let made = || vec![2, 0, 1];
        assert_eq!(keep.order(3, &edges, made), vec![2, 0, 1]);
        assert_eq!(keep.order(3, &edges, || unreachable!()), vec![2, 0, 1]);
        let input = Input {
            kind: "order",
            settle: 0,
            nodes: 3,
            edges: &edges,
            order: &[],
        };
        let path = keep.path(&input);
        let spoil = |f: &dyn Fn(&mut Entry)| {
            let mut e = decode(&std::fs::read(&path).unwrap()).unwrap();
            f(&mut e);
            std::fs::write(&path, encode(&e).unwrap()).unwrap();
        };
        spoil(&|e| e.engine = Cow::Borrowed("fast_paths 0.9"));
        assert_eq!(keep.order(3, &edges, made), vec![2, 0, 1]);
        spoil(&|e| e.made_order = vec![2, 2, 1]);
        assert_eq!(keep.order(3, &edges, made), vec![2, 0, 1]);
        assert_eq!(keep.order(3, &edges, || unreachable!()), vec![2, 0, 1]);
        let c = keep.counts();
        assert_eq!((c.loaded, c.built, c.problems.len()), (2, 3, 0), "{c:?}");
    }

    /// Temporary files of ours left over a day ago are removed when the
    /// directory is next used; newer ones, entries and others' files stay.
    #[test]
    fn old_leftovers_of_ours_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86_400);
        let names = [
            (".order-3-00ff.ch.tmp-17-0-123", true, false),
            (".hierarchy-3-00ff.ch.tmp-17-1-456", true, false),
            (".hierarchy-3-00ff.ch.tmp-18-0-789", false, true),
            (".hierarchy-3-00ff.ch.tmp-x", true, true),
            (".notes.ch.tmp-17-0-123", true, true),
            ("order-3-00ff.ch", true, true),
        ];
        for (n, aged, _) in names {
            let f = std::fs::File::create(dir.path().join(n)).unwrap();
            if aged {
                f.set_modified(old).unwrap();
            }
        }
        let _ = Keep::new(dir.path());
        for (n, _, stays) in names {
            assert_eq!(dir.path().join(n).exists(), stays, "{n}");
        }
    }
}
