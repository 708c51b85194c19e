//! Ctrl-C: the first interrupt asks the evaluation to stop (it checks the
//! flag every 65,536 rows, well within a second); outputs are only written
//! after a complete run, so nothing partial is left behind.

use kimon_engine::eval::Control;
use std::sync::Arc;

pub fn control() -> Arc<Control> {
    let control = Arc::new(Control::default());
    let c = Arc::clone(&control);
    let _ = ctrlc::set_handler(move || {
        if c.cancel.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    control
}
