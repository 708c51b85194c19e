//! The independent attacker of issue 11. It reads only what `kimon`
//! publishes (eval JSON, CSV export, report text) plus the rulebook text and
//! the test's own knowledge of how the fixture data was generated; it shares
//! no code with kimon's protection layer (`engine/src/privacy`,
//! `engine/src/publish`).

#![allow(dead_code)]

pub mod attack;
pub mod cli;
pub mod library;
pub mod published;
pub mod solver;
pub mod structural;
pub mod world;
