fn main() {
    let path = std::env::args().nth(1).unwrap();
    let s = patrolsim::scenario::load(std::path::Path::new(&path), &[])
        .unwrap_or_else(|e| panic!("{e}"));
    let t = std::time::Instant::now();
    let r = patrolsim::model::simulate(&s, 1).unwrap_or_else(|e| panic!("{e}"));
    eprintln!("{:?} events={}", t.elapsed(), r.events);
    for (k, v) in &r.metrics {
        println!("{k} = {v:?}");
    }
}
