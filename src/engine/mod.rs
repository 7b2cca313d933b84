//! The simulation engine: integer simulated time, the event queue and the
//! random streams. It owns nothing of the domain: it must not know of police,
//! calls or offenders (the `model` layer gives meaning to event payloads and to
//! stream ids).

pub mod queue;
pub mod rng;
pub mod time;

pub use queue::EventQueue;
pub use rng::{Alias, StreamRng, replication_seed, stream};
pub use time::Tick;
