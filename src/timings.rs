//! Wall-clock time per stage of a run, printed on stderr with `-v` so users
//! (and `benches/posture.sh`) see where the time goes. Never part of the
//! report: the JSON stays identical from run to run.

use std::time::{Duration, Instant};

/// The stages measured, in order.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    stages: Vec<(String, Duration)>,
}

impl Timings {
    /// Runs `f`, recording how long it took under `stage`.
    pub fn time<T>(&mut self, stage: impl Into<String>, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.stages.push((stage.into(), start.elapsed()));
        value
    }

    /// Records a stage measured elsewhere.
    pub fn record(&mut self, stage: impl Into<String>, took: Duration) {
        self.stages.push((stage.into(), took));
    }

    /// Appends the stages of `other`.
    pub fn append(&mut self, other: Timings) {
        self.stages.extend(other.stages);
    }

    /// `timings: workspace and advisory DB 31.2 ms, posture 1.4 ms, ...`.
    pub fn line(&self) -> String {
        let parts: Vec<String> = self
            .stages
            .iter()
            .map(|(stage, took)| format!("{stage} {:.1} ms", took.as_secs_f64() * 1000.0))
            .collect();
        format!("timings: {}", parts.join(", "))
    }
}
