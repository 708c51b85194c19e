//! The progress bar of `kimon eval`: bytes read, rows/s and ETA on stderr,
//! fed by a thread that polls [`Control::bytes_done`]. Shown only when
//! stderr is a terminal, the input is large enough to take a noticeable
//! while, and `--quiet` is not given: logs and pipes stay clean, and a
//! small evaluation does not flicker a bar for a few milliseconds.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use kimon_engine::eval::{Control, InputSize};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Inputs below this size finish in well under a second: no bar.
const MIN_BYTES: u64 = 16 * 1024 * 1024;
/// How often the bar is refreshed from the counter.
const POLL: Duration = Duration::from_millis(100);

/// A running progress bar; stopping (or dropping) it clears the line so
/// warnings and the table that follow start on a clean terminal line.
pub struct Progress {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the bar if it should be shown at all (see the module docs).
    /// `size` is only called when a bar could be shown: measuring the input
    /// means loading the rulebook once more.
    pub fn start(control: Arc<Control>, quiet: bool, size: impl FnOnce() -> InputSize) -> Progress {
        let stop = Arc::new(AtomicBool::new(false));
        let size = (!quiet && std::io::stderr().is_terminal()).then(size).unwrap_or_default();
        // A database query shows no bytes, but may take long: show that kimon waits.
        let show = size.bytes >= MIN_BYTES || size.databases > 0;
        let thread = show.then(|| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || run(&control, size, &stop))
        });
        Progress { stop, thread }
    }

    /// Stops the thread and clears the bar.
    pub fn finish(mut self) {
        self.stop_thread();
    }

    fn stop_thread(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop_thread();
    }
}

fn style(size: InputSize) -> ProgressStyle {
    // Rows are estimated from the average line length (the pass counts
    // bytes, not rows, to keep its hot loop free of shared counters).
    let rows_per_byte = size.rows_estimate as f64 / size.bytes.max(1) as f64;
    let rows = move |state: &ProgressState, w: &mut dyn std::fmt::Write| {
        let _ = write!(w, "{:.0} rows/s", state.per_sec() * rows_per_byte);
    };
    ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] [{bar:30}] {bytes}/{total_bytes} · {binary_bytes_per_sec} · {rows} · ETA {eta} {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .with_key("rows", rows)
    .progress_chars("=> ")
}

fn run(control: &Control, size: InputSize, stop: &AtomicBool) {
    let bar = ProgressBar::with_draw_target(Some(size.bytes), ProgressDrawTarget::stderr());
    bar.set_style(style(size));
    while !stop.load(Ordering::Relaxed) {
        let done = control.bytes_done.load(Ordering::Relaxed).min(size.bytes);
        bar.set_position(done);
        if control.cancel.load(Ordering::Relaxed) {
            bar.set_message("cancelling");
        } else if control.queries_running.load(Ordering::Relaxed) > 0 {
            bar.set_message("waiting for the database");
        } else {
            bar.set_message("");
        }
        std::thread::sleep(POLL);
    }
    bar.finish_and_clear();
}
