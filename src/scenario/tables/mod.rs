//! One file per scenario table: its type, defaults and reader.

pub mod calls;
pub mod crime;
pub mod crime_types;
pub mod deployment;
pub mod dispatch;
pub mod intake;
pub mod jurisdictions;
pub mod network;
pub mod network_map;
pub mod place_tags;
pub mod places;
pub mod roles;
pub mod roster;
pub mod run;
pub mod sanctions;
pub mod shifts;
pub mod unit_types;
pub mod units;
