#![doc = include_str!("../README.md")]

pub mod app;
pub mod apps;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod effects;
pub mod entry;
#[cfg(test)]
mod imports;
pub mod input;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod proof_file;
pub mod registry;
pub mod replay;
pub mod report;
pub mod rss;
pub mod scenario;
pub mod verifier;
