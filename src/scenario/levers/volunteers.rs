//! Volunteers: unit groups with `police = false` (`[[units]]` of a unit
//! type that is not police), so no table of their own; their price.

use crate::scenario::economics::Price;

/// A volunteer-hour (stipend, equipment, organisation).
pub const VOLUNTEER_HOUR: Price = Price {
    key: "volunteer_cost_per_hour",
    unit: "money an hour",
    meaning: "per volunteer-hour (stipend, equipment, organisation)",
    values: [4.0, 20.0],
};

/// Its prices, in the order of `[economics]`.
pub const PRICES: &[&Price] = &[&VOLUNTEER_HOUR];
