//! Setting a VM up: each opcode's chip laid out by the symbolic pass, the rules the layouts must
//! satisfy for the chips to be sound and provable, and the VM's identity.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use p3_air::symbolic::AirLayout;
use p3_air::BaseAir;
use p3_lookup::InteractionSymbolicBuilder;

use super::spec::VmSpec;
use crate::backend::{config, Config, Params, EF, F};
use crate::digest::{hash_bytes, Digest};
use crate::dsl::{eval_op, BusShape};
use crate::dsl::{Bus, OpLayout, SymbolicState, MAX_MEMORY_WIDTH, RESERVED_BUS_PREFIX};
use crate::error::SetupError;
use crate::limits::Limits;
use crate::statement::Statement;

/// Most opcodes a VM may have: call targets are a 64-bit mask.
const MAX_OPCODES: usize = 64;

/// A VM set up for one parameter set: everything the machine does, without the VM's type.
pub(crate) struct Core {
    pub spec: VmSpec,
    pub params: Params,
    pub config: Config,
    pub layouts: Vec<Arc<OpLayout>>,
    pub shape: BusShape,
    pub id: Digest,
    pub limits: Limits,
}

impl Core {
    pub fn new(spec: VmSpec, params: Params) -> Result<Self, SetupError> {
        let vm_error = |reason: String| SetupError::Vm { vm: spec.name, reason };
        if spec.opcodes.len() > MAX_OPCODES {
            return Err(vm_error(format!("{} opcodes: a VM has at most {MAX_OPCODES}", spec.opcodes.len())));
        }
        let memory_width = spec.memory_width;
        if !(1..=MAX_MEMORY_WIDTH).contains(&memory_width) {
            return Err(vm_error(format!("memory width {memory_width} is not in 1..={MAX_MEMORY_WIDTH}")));
        }
        // A first pass finds the widest output and the call targets; the second lays out with them.
        let operands = spec.opcodes.iter().map(|op| op.operands.len()).max().unwrap_or(0);
        let first = layouts(&spec, BusShape { operands, output_fields: 0, call_targets: 0, memory_width });
        check_misuses(&first)?;
        let output_fields = first.iter().filter_map(|l| l.tuple_width(Bus::Output)).map(|w| w - 2).max().unwrap_or(0);
        let call_targets = first.iter().flat_map(|l| l.calls.iter()).fold(0u64, |acc, &t| acc | 1 << t);
        let shape = BusShape { operands, output_fields, call_targets, memory_width };
        let layouts: Vec<Arc<OpLayout>> = layouts(&spec, shape).into_iter().map(Arc::new).collect();
        check_layouts(&layouts)?;
        let mut core = Self {
            spec,
            params,
            config: config(params),
            layouts,
            shape,
            id: Digest::default(),
            limits: Limits::default(),
        };
        core.id = core.identity()?;
        Ok(core)
    }

    /// A digest of the VM's name, the parameters and every chip's columns, symbolic constraints
    /// and interactions.
    fn identity(&self) -> Result<Digest, SetupError> {
        let statement = Statement {
            vm: Digest::default(),
            initial_state: Vec::new(),
            final_state: Vec::new(),
            touched: Vec::new(),
            inputs: Vec::new(),
            outputs: Vec::new(),
        };
        let airs = self
            .airs(&statement, &vec![1; self.layouts.len()])
            .map_err(|e| SetupError::Vm { vm: self.spec.name, reason: format!("its chips cannot be built: {e}") })?;
        let mut description = format!("{}|{:?}|", self.spec.name, self.params);
        for air in airs {
            let layout = AirLayout {
                preprocessed_width: air.preprocessed_width(),
                main_width: air.width(),
                num_public_values: air.num_public_values(),
                ..Default::default()
            };
            let symbolic = InteractionSymbolicBuilder::<F, EF>::from_air(&air, layout);
            description.push_str(&format!(
                "{}|{:?}|{:?}|{:?}\n",
                air.name(),
                air.column_names(),
                symbolic.base_constraints(),
                symbolic.global_interactions()
            ));
        }
        Ok(hash_bytes(description.as_bytes()))
    }
}

/// Every opcode's layout, from one symbolic pass over its semantics.
fn layouts(spec: &VmSpec, shape: BusShape) -> Vec<OpLayout> {
    (0..spec.opcodes.len())
        .map(|opcode| {
            let st = Rc::new(RefCell::new(SymbolicState::default()));
            eval_op(&st, spec.opcodes, spec.symbolic, opcode, shape, None);
            let state = std::mem::take(&mut *st.borrow_mut());
            OpLayout::from_symbolic(spec.opcodes[opcode].name, state)
        })
        .collect()
}

/// A misuse of the DSL (reported by the first pass, before its output widths are trusted).
fn check_misuses(layouts: &[OpLayout]) -> Result<(), SetupError> {
    match layouts.iter().find_map(|l| l.misuses.first().map(|m| (l.name, m))) {
        Some((opcode, misuse)) => Err(SetupError::Opcode { opcode, reason: format!("misuse of the DSL: `{misuse}`") }),
        None => Ok(()),
    }
}

/// Rules the layouts must satisfy for the chips to be sound and provable.
fn check_layouts(layouts: &[Arc<OpLayout>]) -> Result<(), SetupError> {
    // Every tuple on one bus has one width: the first opcode to use a bus sets it, and the first
    // that differs is the one blamed.
    let mut widths: BTreeMap<Bus, (usize, &'static str)> = BTreeMap::new();
    for layout in layouts {
        let fail = |reason: String| Err(SetupError::Opcode { opcode: layout.name, reason });
        if let Some(misuse) = layout.misuses.first() {
            return fail(format!("misuse of the DSL: `{misuse}`"));
        }
        // The framework's own buses are keyed by name: a channel named like one would join it.
        if let Some(bus) = layout.interactions.iter().map(|(bus, _)| bus).find(|bus| bus.is_reserved_channel()) {
            return fail(format!(
                "channel `{}` uses the reserved prefix `{RESERVED_BUS_PREFIX}` of the framework's buses",
                bus.name()
            ));
        }
        for &(bus, width) in &layout.interactions {
            let &mut (first, by) = widths.entry(bus).or_insert((width, layout.name));
            if first != width {
                return fail(format!(
                    "bus `{}` carries tuples of {width} fields here and of {first} fields in `{by}`",
                    bus.name()
                ));
            }
        }
    }
    Ok(())
}
