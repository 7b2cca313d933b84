//! One file per lever table: its type, defaults, reader, its key at the top
//! level, the reference tables it documents, its prices (keys of
//! `[economics]` with their value in every price set) and example settings
//! that switch it on. The lists here are the levers' registry on the
//! scenario side: [`lever_tables!`] makes each table a field of
//! [`Scenario`](crate::scenario::Scenario), its key in `ROOT`, its entries
//! in `TABLES` and its read (`scenario/assemble.rs`); [`PRICES`] places the
//! prices in `[economics]`.

pub mod cameras;
pub mod checkpoints;
pub mod community;
pub mod enforcement;
pub mod investigation;
pub mod programmes;
pub mod regional;
pub mod volunteers;

use super::economics::Price;
use super::keys::{KeyDoc, TableDoc};
use super::read::{Reader, Tbl};

/// The lever tables, listed once, in the order of the scenario's fields,
/// of their keys at the top level, of the reference page and of reading:
/// the field of `Scenario` and its type (which implements [`LeverTable`]).
/// `lever_tables!(m)` calls the macro `m` with the list (its first tokens
/// in brackets: what the caller passed after `m`).
macro_rules! lever_tables {
    ($m:ident $($pass:tt)*) => {
        $m! {
            [$($pass)*]
            programmes: Vec<$crate::scenario::levers::programmes::ProgrammeSpec>,
            cameras: $crate::scenario::levers::cameras::CamerasSpec,
            checkpoints: Vec<$crate::scenario::levers::checkpoints::CheckpointSpec>,
            investigation: $crate::scenario::levers::investigation::InvestigationSpec,
            enforcement: $crate::scenario::levers::enforcement::EnforcementSpec,
            regional: $crate::scenario::levers::regional::RegionalSpec,
            informants: $crate::scenario::levers::community::InformantSpec,
            community: $crate::scenario::levers::community::CommunitySpec,
        }
    };
}
pub(crate) use lever_tables;

/// The levers' prices, keys of `[economics]` in this order (after
/// `vehicle_cost_per_year`), each declared in its lever's file with its
/// value in every price set.
pub static PRICES: &[&[&Price]] = &[
    programmes::PRICES,
    cameras::PRICES,
    investigation::PRICES,
    volunteers::PRICES,
    community::PRICES,
    regional::PRICES,
];

/// What a lever table's reader may need besides its own table.
pub(crate) struct Context<'a> {
    /// The jurisdictions' names, in order.
    pub jurisdictions: &'a [String],
}

/// A lever's table: what the registry ([`lever_tables!`]) needs of it.
pub(crate) trait LeverTable: Sized {
    /// Its key at the top level of a scenario (`ROOT`).
    const ROOT_KEY: KeyDoc;
    /// The reference tables of its keys, in the reference page's order.
    const TABLES: &'static [&'static TableDoc];
    /// Settings (`--set` form) that switch it on in the shipped county:
    /// the fixture that checks every priced item is costed when used.
    const EXAMPLE: &'static [&'static str] = &[];
    /// Read it from the top-level table.
    fn read(r: &mut Reader, top: &mut Tbl, cx: &Context) -> Self;
}

/// A lever table's key at the top level: `path` is the table's path in the
/// reference (`checkpoints[]`), `about` what it holds.
pub(crate) const fn root_key(
    name: &'static str,
    path: &'static str,
    default: super::keys::Def,
    about: &'static str,
) -> KeyDoc {
    super::keys::key(name, super::keys::Kind::Table(path), default, "", about)
}

/// "see the table": the default of a table that is always read.
pub(crate) const SEE: super::keys::Def = super::keys::Def::Note("see the table");
