//! What a statement says its batch did, decoded by the batch's app: the work behind `appvm show`
//! and `verify --events`, generic over the [`App`]. A statement may come from any file, so every
//! record is decoded with its errors reported, never trusted.

use anyhow::{anyhow, Context, Result};
use appvm::{Operand, Statement, Vm};

use crate::app::{App, Effects, Event};

/// A batch's effects in its app's words.
#[derive(Debug)]
pub struct Decoded {
    /// The summary's figures.
    pub summary: Vec<(&'static str, String)>,
    /// Every event.
    pub events: Vec<Event>,
    /// The state after the batch, as lines.
    pub state: Vec<String>,
}

/// Decodes a statement's inputs, outputs and final image with app `A`'s hooks.
pub fn decode<A: App>(statement: &Statement) -> Result<Decoded> {
    let ops = statement
        .inputs
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let (&opcode, operands) = record.split_first().ok_or_else(|| anyhow!("input record #{i} is empty"))?;
            let operands: Vec<_> = operands.iter().map(|&v| v.to_field()).collect();
            let opcode = usize::try_from(opcode).map_err(|_| anyhow!("input record #{i}: opcode id {opcode}"))?;
            A::Vm::decode(opcode, &operands).map_err(|e| anyhow!("input record #{i}: {e}"))
        })
        .collect::<Result<Vec<A::Vm>>>()?;
    let effects = Effects { ops: &ops, outputs: &statement.outputs, final_state: &statement.final_state };
    let events = A::events(&effects).context("the statement's outputs are not this VM's events")?;
    Ok(Decoded { summary: A::summary(&effects), events, state: A::state(&effects) })
}
