//! A vending machine as a provable VM: coins go in, an item comes out if the credit covers its
//! price and the machine is not empty. A refused sale is a proven output, not an error.

use appvm::{Cx, Interp, Opcode, Output, Record, Semantics, Vm, V};

/// Price of one item, in coins.
pub const PRICE: u64 = 3;

/// Address of the machine's one memory word.
pub const TILL: u64 = 0;

/// The machine's state: one memory word of three lanes (the VM's `memory_width`).
#[derive(Clone, Debug, Record)]
pub struct Till<T> {
    /// Coins inserted and not yet spent.
    pub credit: T,
    /// Items left.
    pub stock: T,
    /// Items sold.
    pub sold: T,
}

/// The output of a sale attempt: the same field list serves the opcode and [`receipts`].
#[derive(Clone, Debug, Record)]
pub struct Receipt<T> {
    /// 1 if an item came out.
    pub vended: T,
    /// Credit left afterwards.
    pub credit: T,
}

/// Inserts coins.
#[derive(Clone, Copy, Debug, Opcode)]
pub struct Insert {
    /// Coins inserted.
    pub coins: u32,
}

impl Semantics for Insert {
    fn eval<B: Interp>(cx: &mut Cx<B>, op: InsertArgs<V<B>>) {
        let till = cx.lit(TILL);
        cx.access("till", &till).update(|_, t: Till<V<B>>| (Till { credit: &t.credit + &op.coins, ..t }, ()));
    }
}

/// Sells one item if the credit covers its price and one is left.
#[derive(Clone, Copy, Debug, Opcode)]
pub struct Vend;

impl Semantics for Vend {
    fn eval<B: Interp>(cx: &mut Cx<B>, _op: VendArgs<V<B>>) {
        let till = cx.lit(TILL);
        let price = cx.lit(PRICE);
        let receipt = cx.access("till", &till).update(|cx, t: Till<V<B>>| {
            // Both outcomes are computed; the flag selects. Control flow never depends on values.
            let paid = cx.le("paid", &price, &t.credit, 32);
            let empty = cx.is_zero("empty", &t.stock);
            let vended = cx.materialize("vended", &(&paid * cx.not(&empty)));
            let credit = &t.credit - &vended * PRICE;
            let after = Till { credit: credit.clone(), stock: &t.stock - &vended, sold: &t.sold + &vended };
            (after, Receipt { vended, credit })
        });
        cx.output(receipt);
    }
}

/// The VM: opcode ids are variant positions; a memory word holds a [`Till`].
#[derive(Clone, Copy, Debug, Vm)]
#[vm(name = "vending", memory_width = 3)]
pub enum Vending {
    /// Coins in.
    Insert(Insert),
    /// An item out, or a refusal.
    Vend(Vend),
}

/// The receipts of a batch's output records `[seq, index, fields…]`, in order.
pub fn receipts(outputs: &[Vec<u64>]) -> Vec<Receipt<u64>> {
    outputs.iter().filter_map(|record| Output::parse(record)?.event()).collect()
}
