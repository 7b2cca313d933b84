//! Progress of a sweep on standard error: a bar on a terminal, otherwise a
//! plain line every tenth of the runs or every ten seconds.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Progress: a bar on a terminal, plain lines otherwise.
pub struct Progress {
    bar: Option<ProgressBar>,
    total: u64,
    done: AtomicU64,
    start: Instant,
    last: Mutex<(Instant, u64)>,
}

impl Progress {
    pub fn new(total: u64, already: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}  {msg}",
                )
                .expect("template")
                .progress_chars("█▉▊▋▌▍▎▏ "),
            );
            b.set_position(already);
            b
        });
        Progress {
            bar,
            total,
            done: AtomicU64::new(already),
            start: Instant::now(),
            last: Mutex::new((Instant::now(), already)),
        }
    }

    pub fn inc(&self, already: u64) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(b) = &self.bar {
            b.inc(1);
            return;
        }
        let mut last = self.last.lock().expect("progress lock");
        let step = (self.total / 10).max(1);
        if done == self.total
            || done - last.1 >= step
            || last.0.elapsed() >= Duration::from_secs(10)
        {
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            let rate = (done - already) as f64 / secs;
            let eta = if rate > 0.0 {
                (self.total - done) as f64 / rate
            } else {
                f64::INFINITY
            };
            eprintln!(
                "sweep: {done}/{} runs ({:.0} %), {rate:.2} runs/s, ETA {eta:.0} s",
                self.total,
                100.0 * done as f64 / self.total as f64
            );
            *last = (Instant::now(), done);
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish();
        }
    }
}
