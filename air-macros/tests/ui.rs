//! Compile-error tests of the derive macros: each `ui/*.rs` makes one mistake and its `.stderr`
//! holds the expected diagnostic, which must point at the user's code. Only compile-fail cases
//! live here, so trybuild checks its dependencies instead of building them; the accepted VM is
//! `framework/tests/it/derives.rs`.
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite cargo test -p appvm-macros`, then read
//! every one of them.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/opcode_*.rs");
    t.compile_fail("tests/ui/operands_*.rs");
    t.compile_fail("tests/ui/record_*.rs");
    t.compile_fail("tests/ui/vm_*.rs");
}
