//! Per-opcode trace cost from the layout alone (`appvm cost`).
//!
//! An operation costs its opcode's row (main + LogUp auxiliary cells), its input record's row in
//! the input table, and one output-table row per output it emits. Rows of internal opcodes it
//! continues into (`Cx::call`) depend on the workload and are listed separately. The memory
//! boundary (one row per memory cell) and the range table (2^16 rows) are per batch, amortised
//! over its operations.

use std::fmt;

use anyhow::{Context, Result};
use appvm::chips::OUTPUTS_PER_ROW;
use appvm::dsl::Bus;
use appvm::{ChipCost, CostReport, Machine, Params, Statement, Vm};

use crate::app::Unit;

/// The cost of one opcode.
#[derive(Clone, Debug)]
pub struct OpcodeCost {
    /// Opcode name.
    pub name: &'static str,
    /// Main columns of its chip.
    pub main: usize,
    /// Auxiliary (LogUp) columns, in base-field elements.
    pub aux: usize,
    /// Output records it emits (at most; conditional outputs included).
    pub outputs: usize,
    /// The opcode it continues into, if any.
    pub calls: Option<&'static str>,
    /// True if it is only reached from another opcode, never from the input stream.
    pub internal: bool,
}

/// The cost report of a VM.
#[derive(Clone, Debug)]
pub struct VmCost {
    /// VM name.
    pub vm: &'static str,
    /// VM identity.
    pub id: String,
    /// Parameter set.
    pub params: Params,
    /// What the VM's batch sizes count.
    pub unit: Unit,
    /// Per opcode, in opcode order.
    pub opcodes: Vec<OpcodeCost>,
    /// The input, output, memory and range tables, one row each.
    pub tables: Vec<ChipCost>,
}

impl VmCost {
    fn table(&self, name: &str) -> Option<&ChipCost> {
        self.tables.iter().find(|c| c.chip == name)
    }

    /// Cells of one operation of `op`: its row, its input record and its outputs (an output
    /// row holds [`OUTPUTS_PER_ROW`] records; rounded up).
    pub fn cells_per_op(&self, op: &OpcodeCost) -> usize {
        let row = |name: &str| self.table(name).map_or(0, |c| c.main_width + c.aux_width);
        let input = if op.internal { 0 } else { row("inputs") };
        op.main + op.aux + input + (op.outputs * row("outputs")).div_ceil(OUTPUTS_PER_ROW)
    }
}

impl fmt::Display for VmCost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "VM {} (id {}), {:?} params: cost from the layout alone", self.vm, self.id, self.params)?;
        writeln!(f)?;
        writeln!(f, "  {:<16} {:>5} {:>5} {:>8} {:>9}  notes", "opcode", "main", "aux", "outputs", "cells/op")?;
        for op in &self.opcodes {
            let mut notes = Vec::new();
            if op.internal {
                notes.push("internal: reached only through a call".to_string());
            }
            if let Some(target) = op.calls {
                notes.push(format!("+ rows of `{target}` it continues into"));
            }
            let line = format!(
                "  {:<16} {:>5} {:>5} {:>8} {:>9}  {}",
                op.name,
                op.main,
                op.aux,
                op.outputs,
                self.cells_per_op(op),
                notes.join("; ")
            );
            writeln!(f, "{}", line.trim_end())?;
        }
        writeln!(f)?;
        writeln!(f, "  cells/op = the opcode's row + its input record + its output records (main + aux).")?;
        if let Some(op) = self.unit.row.and_then(|name| self.opcodes.iter().find(|op| op.name == name)) {
            let unit = self.unit.name;
            writeln!(
                f,
                "  cells/{unit} >= {}: its `{}` row; a real batch adds the rows its {unit}s share (`appvm run` reports it).",
                self.cells_per_op(op),
                op.name
            )?;
        }
        writeln!(f)?;
        writeln!(f, "  {:<16} {:>5} {:>5} {:>8}  rows", "table", "main", "aux", "prep")?;
        for t in &self.tables {
            let rows = match t.chip.as_str() {
                "inputs" => "one per input record".to_string(),
                "outputs" => format!("one per {OUTPUTS_PER_ROW} output records"),
                "memory" => "one per memory cell, per batch".to_string(),
                "range" => format!("{}, per batch", t.rows),
                _ => String::new(),
            };
            writeln!(f, "  {:<16} {:>5} {:>5} {:>8}  {rows}", t.chip, t.main_width, t.aux_width, t.preprocessed_width)?;
        }
        write!(f, "\n  Traces are padded to powers of two; `appvm run` reports the cells of a real batch.")
    }
}

/// The cost report of VM `M`, whose batch sizes count `unit`s.
pub fn cost<M: Vm>(params: Params, unit: Unit) -> Result<VmCost> {
    let machine = Machine::<M>::new(params).with_context(|| format!("VM `{}` does not lay out", M::NAME))?;
    let word = vec![0; M::MEMORY_WIDTH];
    let empty = Statement {
        vm: machine.id(),
        initial_state: word.clone(),
        final_state: word,
        touched: vec![],
        inputs: vec![],
        outputs: vec![],
    };
    let one_piece_each = vec![1; machine.layouts().len()];
    let airs = machine.airs(&empty, &one_piece_each).context("cannot build the VM's chips")?;
    // Widths at one row per chip; the range table keeps its fixed height.
    let heights: Vec<usize> = airs.iter().map(|a| if a.name() == "range" { 1 << 16 } else { 1 }).collect();
    let report = CostReport::new(&airs, &heights);
    let layouts = machine.layouts();
    let called: Vec<usize> = layouts.iter().flat_map(|l| l.calls.iter().copied()).collect();
    let opcodes = layouts
        .iter()
        .zip(&report.chips)
        .enumerate()
        .map(|(i, (layout, chip))| OpcodeCost {
            name: layout.name,
            main: chip.main_width,
            aux: chip.aux_width,
            outputs: layout.interactions.iter().filter(|(bus, _)| *bus == Bus::Output).count(),
            calls: layout.calls.first().map(|&t| M::OPCODES[t].name),
            internal: called.contains(&i),
        })
        .collect();
    let tables = report.chips[layouts.len()..].to_vec();
    Ok(VmCost { vm: M::NAME, id: machine.id().to_string(), params, unit, opcodes, tables })
}
