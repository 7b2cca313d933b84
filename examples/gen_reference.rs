//! Writes docs/reference/scenario-keys.md from the key registry
//! (`patrolsim::scenario::keys`): `cargo run --example gen_reference`.

fn main() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reference/scenario-keys.md");
    let text = patrolsim::scenario::keys::reference();
    if let Err(e) = std::fs::write(&path, text) {
        eprintln!("cannot write {}: {e}", path.display());
        std::process::exit(2);
    }
    println!("wrote {}", path.display());
}
