//! Fuzz target `rhai`: see `kimon_fuzz::rhai` (src/targets.rs). Must never
//! panic, hang or exhaust memory: rulebooks and their data are untrusted.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kimon_fuzz::rhai(data));
