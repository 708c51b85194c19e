//! kimon's engine: everything the `kimon` CLI does is a call into this
//! library — resolution and checks, evaluation, privacy, findings, renderers.

pub mod assess;
pub mod bench_export;
pub mod data;
pub mod diag;
pub mod eval;
pub mod findings;
pub mod generator;
pub mod geometry;
pub mod ledger;
pub mod limits;
pub mod lint;
pub mod load;
pub mod model;
pub mod output;
pub mod package;
pub mod pin;
pub mod privacy;
pub mod publish;
pub mod report;
pub mod resolve;
pub mod sandbox;
pub mod session;
pub mod text;
pub mod tooling;
