//! Progress on stderr: a spinner per phase (the prover reports no progress of its own, so a
//! spinner with the elapsed time is the honest display), a bar over a benchmark sweep, and a
//! `tracing` writer that does not tear through them. Nothing is drawn when stderr is not a
//! terminal.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use tracing_subscriber::fmt::MakeWriter;

/// The progress display.
#[derive(Clone, Debug)]
pub struct Ui {
    multi: MultiProgress,
    /// Keep a finished phase's line (`run`, `prove`) or clear it (`bench`).
    keep_phases: bool,
}

impl Ui {
    /// A display on stderr; a finished phase leaves a line with its time.
    pub fn stderr() -> Self {
        Self { multi: MultiProgress::with_draw_target(ProgressDrawTarget::stderr()), keep_phases: true }
    }

    /// The same display, with finished phases cleared (for repeated runs).
    pub fn transient(&self) -> Self {
        Self { multi: self.multi.clone(), keep_phases: false }
    }

    /// Runs `f` as phase `name` under a spinner; returns its result and wall-clock time.
    pub fn phase<T>(&self, name: &str, f: impl FnOnce() -> T) -> (T, Duration) {
        self.phase_with(name, f, |_, took| crate::report::format_duration(took))
    }

    /// [`Ui::phase`], with the finished line's text made by `done` from the result and time.
    pub fn phase_with<T>(
        &self,
        name: &str,
        f: impl FnOnce() -> T,
        done: impl FnOnce(&T, Duration) -> String,
    ) -> (T, Duration) {
        let spinner = self.multi.add(ProgressBar::new_spinner());
        spinner.set_style(
            ProgressStyle::with_template("  {spinner:.cyan} {prefix:<9} {elapsed:>4} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        spinner.set_prefix(name.to_string());
        spinner.enable_steady_tick(Duration::from_millis(100));
        let start = Instant::now();
        let out = f();
        let took = start.elapsed();
        if self.keep_phases {
            spinner.set_style(
                ProgressStyle::with_template("  {prefix:.green} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            spinner.set_prefix(format!("✓ {name:<9}"));
            spinner.finish_with_message(done(&out, took));
        } else {
            spinner.finish_and_clear();
        }
        (out, took)
    }

    /// A bar over `len` steps (benchmark sizes).
    pub fn bar(&self, len: u64) -> ProgressBar {
        let bar = self.multi.add(ProgressBar::new(len));
        bar.set_style(
            ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    }

    /// A writer for `tracing` output that hides the bars while it writes.
    pub fn log_writer(&self) -> LogWriter {
        LogWriter { multi: self.multi.clone() }
    }
}

/// `tracing` output to stderr, drawn around the progress display.
#[derive(Clone, Debug)]
pub struct LogWriter {
    multi: MultiProgress,
}

/// One log line, buffered and written in one piece.
#[derive(Debug)]
pub struct LogLine {
    multi: MultiProgress,
    buf: Vec<u8>,
}

impl<'a> MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> LogLine {
        LogLine { multi: self.multi.clone(), buf: Vec::new() }
    }
}

impl Write for LogLine {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            let buf = std::mem::take(&mut self.buf);
            self.multi.suspend(|| io::stderr().write_all(&buf))?;
        }
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
