//! Write the HTML page of a finished result directory (a stand-in for
//! `patrolsim report DIR` while the command is wired).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let page = patrolsim::report::html::from_dir(std::path::Path::new(&args[1]), "example")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&args[2], page).unwrap();
}
