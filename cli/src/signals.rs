//! Ctrl-C in every phase.
//!
//! The first interrupt asks the evaluation to stop: the data pass looks at
//! the flag every 65,536 rows. Other phases do not look (a slow script on
//! few rows, the privacy audit, rendering), so after a short grace the
//! process exits with 130 unless it has begun writing. Nothing is lost by
//! exiting early: outputs and the ledger are only written after a complete
//! run, and always atomically. Once writing has begun the run completes
//! (it takes milliseconds); a second Ctrl-C exits at once in any phase.

use crate::exit::Exit;
use kimon_engine::eval::Control;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long the phases that look at the flag get to stop on their own.
const GRACE: Duration = Duration::from_millis(500);

/// Set by [`begin_writing`]: from then on the run completes its writes.
static WRITING: AtomicBool = AtomicBool::new(false);

pub fn control() -> Arc<Control> {
    let control = Arc::new(Control::default());
    let c = Arc::clone(&control);
    let _ = ctrlc::set_handler(move || {
        if c.cancel.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        // The handler runs on its own thread; the grace timer gets another
        // so that a second Ctrl-C is still heard meanwhile.
        std::thread::spawn(|| {
            std::thread::sleep(GRACE);
            if !WRITING.load(Ordering::SeqCst) {
                eprintln!("cancelled; nothing written");
                std::process::exit(130);
            }
        });
    });
    control
}

/// Marks the start of writing (ledger, outputs). Returns `Err` when Ctrl-C
/// came before: then nothing is written.
pub fn begin_writing(control: &Control) -> Result<(), Exit> {
    WRITING.store(true, Ordering::SeqCst);
    if control.cancel.load(Ordering::SeqCst) {
        eprintln!("cancelled; nothing written");
        return Err(Exit::Cancelled);
    }
    Ok(())
}
