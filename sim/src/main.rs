//! The `appvm` command. Everything but argument parsing, logging and the exit status is in the
//! `appvm_sim` library.

use std::io::IsTerminal;
use std::process::ExitCode;

use appvm_sim::cli::Cli;
use appvm_sim::commands;
use appvm_sim::progress::Ui;
use clap::Parser;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ui = Ui::stderr();
    // RUST_LOG=info shows each span (execute, trace, prove, verify, and Plonky3's) as it closes,
    // with its time. Without it, only warnings.
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")))
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(ui.log_writer())
        .init();
    match commands::dispatch(cli.command, &ui) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
