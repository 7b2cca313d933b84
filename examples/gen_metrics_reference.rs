//! Writes docs/reference/metrics.md from the metric registry
//! (`src/model/metrics/`):
//!
//!     cargo run --example gen_metrics_reference
//!
//! The test `the_metric_reference_is_generated_from_the_registry`
//! (tests/all/metrics.rs) fails when the committed file is not current.

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reference/metrics.md");
    std::fs::create_dir_all(path.parent().expect("docs/reference")).expect("create docs/reference");
    patrolsim::report::write_atomic(
        &path,
        patrolsim::model::metrics::reference_markdown().as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    println!("wrote {}", path.display());
}
