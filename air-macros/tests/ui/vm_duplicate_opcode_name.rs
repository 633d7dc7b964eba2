use appvm::{Cx, Interp, Semantics, Vm, V};

mod spot {
    #[derive(Clone, Copy, Debug, appvm::Opcode)]
    pub struct Add {
        pub x: u32,
    }
}

mod margin {
    #[derive(Clone, Copy, Debug, appvm::Opcode)]
    pub struct Add {
        pub y: u32,
    }
}

impl Semantics for spot::Add {
    fn eval<B: Interp>(_: &mut Cx<B>, _: spot::AddArgs<V<B>>) {}
}

impl Semantics for margin::Add {
    fn eval<B: Interp>(_: &mut Cx<B>, _: margin::AddArgs<V<B>>) {}
}

#[derive(Clone, Copy, Debug, Vm)]
pub enum Exchange {
    Spot(spot::Add),
    Margin(margin::Add),
}

fn main() {}
