//! One file per lever table: its type, defaults and reader.

pub mod cameras;
pub mod checkpoints;
pub mod community;
pub mod enforcement;
pub mod investigation;
pub mod programmes;
pub mod regional;
