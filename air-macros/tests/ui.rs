//! Compile-error tests of the derive macros: each `ui/*.rs` makes one mistake and its `.stderr`
//! holds the expected diagnostic, which must point at the user's code. `pass_*.rs` must compile.
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite cargo test -p appvm-macros`, then read
//! every one of them.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass_*.rs");
    t.compile_fail("tests/ui/opcode_*.rs");
    t.compile_fail("tests/ui/vm_*.rs");
}
