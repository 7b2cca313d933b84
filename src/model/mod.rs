//! placeholder
pub fn shift_on_duty(_s: &crate::scenario::ShiftSpec, _h: f64) -> bool {
    true
}
