//! Progress bars on stderr: shown only when stderr is a terminal and the run is
//! not quiet. Checks ask for a bar; they never print.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Hands out progress bars, or hidden ones.
#[derive(Debug, Clone)]
pub struct Progress {
    visible: bool,
}

impl Progress {
    /// Bars are visible when stderr is a terminal and `quiet` is off.
    pub fn new(quiet: bool) -> Self {
        Progress { visible: !quiet && std::io::stderr().is_terminal() }
    }

    /// A progress reporter that never draws.
    pub fn hidden() -> Self {
        Progress { visible: false }
    }

    /// A bar of `len` steps labelled `message`; it appears only if the work lasts
    /// longer than a moment.
    pub fn bar(&self, len: u64, message: &'static str) -> ProgressBar {
        if !self.visible {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(10));
        bar.set_style(
            ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(message);
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }
}
