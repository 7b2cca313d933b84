//! The price sets of `economics.preset`: each names its currency and price
//! year and gives the default of every price key of the core's
//! `[economics]` (a lever's prices are declared with their value in each
//! set in the lever's table file, `economics::Price`). A key the scenario
//! sets overrides its set's value. Sources and what is
//! synthesis: `docs/economics.md` ("Price sets").

/// The names of the sets, in `economics.preset` order (the first is the default).
pub const PRESETS: [&str; 2] = ["uk-2016", "china-county-2019"];

/// One price set.
pub struct PriceSet {
    pub currency: &'static str,
    pub price_year: i64,
    /// (key, value) for every core price key of `[economics]`.
    pub prices: &'static [(&'static str, f64)],
}

/// UK, 2015/16 prices (those of the Home Office social costs, C1).
const UK: PriceSet = PriceSet {
    currency: "GBP",
    price_year: 2016,
    prices: &[
        ("officer_cost_per_year", 60_000.0),
        ("vehicle_cost_per_year", 15_000.0),
        ("platform_cost_per_year", 0.0),
        ("prison_cost_per_prisoner_year", 35_000.0),
        ("custody_cost_per_arrest", 300.0),
        ("court_case_cost", 3_000.0),
        ("crime_cost_factor", 1.0),
    ],
};

/// A Chinese county, 2019 prices (CNY). Crime unit costs are transferred
/// from the UK set (`crime_cost_factor`, docs/economics.md); the rest is
/// synthesis for a county, with the ranges in docs/economics.md.
const CHINA_COUNTY: PriceSet = PriceSet {
    currency: "CNY",
    price_year: 2019,
    prices: &[
        ("officer_cost_per_year", 150_000.0),
        ("vehicle_cost_per_year", 60_000.0),
        ("platform_cost_per_year", 0.0),
        ("prison_cost_per_prisoner_year", 60_000.0),
        ("custody_cost_per_arrest", 600.0),
        ("court_case_cost", 8_000.0),
        ("crime_cost_factor", 2.2),
    ],
};

/// The set at index `i` of [`PRESETS`].
pub fn price_set(i: usize) -> &'static PriceSet {
    match i {
        0 => &UK,
        _ => &CHINA_COUNTY,
    }
}

impl PriceSet {
    /// This set's value of price key `key` (every price key is listed).
    pub fn price(&self, key: &str) -> f64 {
        self.prices
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| {
                panic!("price set has no `{key}`: add it to src/scenario/price_sets.rs")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_set_prices_the_same_keys_and_the_uk_set_is_the_registry_default() {
        let uk = price_set(0);
        for i in 0..PRESETS.len() {
            let set = price_set(i);
            assert_eq!(set.prices.len(), uk.prices.len());
            for (k, _) in uk.prices {
                let _ = set.price(k);
            }
        }
        for (k, v) in uk.prices {
            assert_eq!(super::super::economics::ECONOMICS.num(k), *v, "{k}");
        }
    }
}
