//! The independent attacker of issue 11. It reads only what `kimon`
//! publishes (eval JSON, CSV export, report text) plus the rulebook text and
//! the test's own knowledge of how the fixture data was generated; it shares
//! no code with kimon's protection layer (`engine/src/privacy`,
//! `engine/src/publish`). `cli.rs` and `library.rs` only produce the
//! published texts (through the binary, or through the library calls the
//! commands make); the test `attacker_shares_no_code_with_the_protection_layer`
//! keeps it so.

#![allow(dead_code)]

pub mod attack;
pub mod cli;
pub mod library;
pub mod published;
pub mod solver;
pub mod structural;
pub mod world;
