//! Exit codes: 0 clean, 1 errors (or warnings with `--deny-warnings`) in the
//! checked input, 2 usage or I/O problems, 130 cancelled by Ctrl-C. 101 would be a panic — a bug.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok,
    Findings,
    Usage,
    /// Stopped by Ctrl-C: 130, as shells report a SIGINT death.
    Cancelled,
}

impl Exit {
    pub fn code(self) -> std::process::ExitCode {
        std::process::ExitCode::from(match self {
            Exit::Ok => 0,
            Exit::Findings => 1,
            Exit::Usage => 2,
            Exit::Cancelled => 130,
        })
    }

    /// The worse of two outcomes, for commands over several files.
    pub fn worst(self, other: Exit) -> Exit {
        let rank = |e: Exit| match e {
            Exit::Ok => 0,
            Exit::Findings => 1,
            Exit::Usage => 2,
            Exit::Cancelled => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}
