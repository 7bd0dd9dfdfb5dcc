//! Live progress of a running query on stderr (rows and bytes read by the scans, elapsed time),
//! shown only when stderr is a terminal and the query runs for more than a second.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::metrics::MetricValue;

/// Rows and bytes the leaf operators (scans) of `plan` have produced so far.
pub fn scanned(plan: &Arc<dyn ExecutionPlan>) -> (usize, usize) {
    let children = plan.children();
    if children.is_empty() {
        let Some(metrics) = plan.metrics() else { return (0, 0) };
        let rows = metrics.output_rows().unwrap_or(0);
        let bytes = match metrics.sum_by_name("bytes_scanned") {
            Some(MetricValue::Count { count, .. }) => count.value(),
            _ => 0,
        };
        return (rows, bytes);
    }
    children.into_iter().map(scanned).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

/// Formats a byte count with a binary unit.
pub fn human_bytes(bytes: usize) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{value:.1} {}", units[unit]) }
}

/// A running progress line, drawn by its own thread (so busy query threads cannot starve it);
/// stops and clears itself when dropped.
pub struct Progress {
    stop: Option<(Arc<AtomicBool>, std::thread::JoinHandle<()>)>,
}

impl Progress {
    /// Starts reporting on `plan` if stderr is a terminal.
    pub fn start(plan: Arc<dyn ExecutionPlan>) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self { stop: None };
        }
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut shown = false;
            let mut last_draw = started;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
                let elapsed = started.elapsed();
                if elapsed < Duration::from_secs(1) || (shown && last_draw.elapsed() < Duration::from_millis(250)) {
                    continue;
                }
                last_draw = Instant::now();
                let (rows, bytes) = scanned(&plan);
                eprint!("\r\x1b[2K{rows} rows, {} read, {:.1}s elapsed (Ctrl-C cancels)", human_bytes(bytes), elapsed.as_secs_f64());
                let _ = std::io::stderr().flush();
                shown = true;
            }
            if shown {
                eprint!("\r\x1b[2K");
                let _ = std::io::stderr().flush();
            }
        });
        Self { stop: Some((stop, thread)) }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some((stop, thread)) = self.stop.take() {
            stop.store(true, Ordering::Relaxed);
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_human_readable() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }
}
