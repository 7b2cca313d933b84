//! A claim's answer in words: the verdict from the paired interval of the
//! metric the claim predicts, the effect, what it means for money, and the
//! cells of a detail row.

use super::Predicts;
use super::compare::{ci, diff, sign, signed};
use serde_json::Value;

pub struct Answer {
    pub verdict: String,
    pub effect: String,
    pub money: String,
}

pub fn answer(v: &Value, strategy: &str, p: Predicts) -> Answer {
    let crimes = diff(v, strategy, "crimes_completed");
    let resp = diff(v, strategy, "response_time_mean_min");
    let extra = diff(v, strategy, "cost_total").map_or(0.0, |d| d.0);
    let net = diff(v, strategy, "net_benefit");
    let key = match p {
        Predicts::FewerCrimes => crimes,
        Predicts::FasterResponse => resp,
    };
    let verdict = match key.map(sign) {
        Some(-1) => "supported",
        Some(1) => "contradicted",
        _ => "not shown",
    };
    let effect = match (p, key.map(sign)) {
        (Predicts::FewerCrimes, Some(-1)) => "fewer crimes",
        (Predicts::FewerCrimes, Some(1)) => "more crimes",
        (Predicts::FewerCrimes, _) => "no clear change in crime",
        (Predicts::FasterResponse, Some(-1)) => "faster response",
        (Predicts::FasterResponse, Some(1)) => "slower response",
        (Predicts::FasterResponse, _) => "no clear change in response",
    }
    .to_string();
    let money = if extra.abs() < 1.0 {
        match net.map(sign) {
            Some(1) => "no extra cost; saves social cost".into(),
            Some(-1) => "no extra cost; adds social cost".into(),
            _ => "no extra cost".into(),
        }
    } else if extra < 0.0 {
        match net.map(sign) {
            Some(1) => "cheaper, and better value (net benefit > 0)".into(),
            Some(-1) => "cheaper, but loses more in social cost".into(),
            _ => "cheaper; net benefit unclear".into(),
        }
    } else {
        match net.map(sign) {
            Some(1) => "pays for itself (net benefit > 0)".into(),
            Some(-1) => "costs more than it saves".into(),
            _ => "net benefit unclear".into(),
        }
    };
    Answer {
        verdict: verdict.to_string(),
        effect,
        money,
    }
}

/// The cells of a detail row between the strategy and the answer:
/// `| Δ crimes | Δ % | Δ arrests | Δ response | Δ social cost | extra cost |
/// net benefit | BCR |`.
pub fn detail_cells(v: &Value, strategy: &str, pct: &str) -> String {
    let cell = |m: &str| diff(v, strategy, m).map_or("—".into(), ci);
    let extra = diff(v, strategy, "cost_total").map_or("—".into(), |d| signed(d.0));
    format!(
        "| {} | {pct} | {} | {} | {} | {extra} | {} | {} |",
        cell("crimes_completed"),
        cell("arrests"),
        cell("response_time_mean_min"),
        cell("social_cost"),
        cell("net_benefit"),
        cell("benefit_cost_ratio"),
    )
}
