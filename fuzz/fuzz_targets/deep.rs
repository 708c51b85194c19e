//! Fuzz target `deep`: see `kimon_fuzz::deep` (src/targets.rs): deep chains
//! of operators, `not`, unary minus and calls must end in a diagnostic,
//! never a stack overflow.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kimon_fuzz::deep(data));
