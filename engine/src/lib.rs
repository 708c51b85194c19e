//! kimon's engine: everything the `kimon` CLI does is a call into this
//! library — resolution and checks, evaluation, privacy, findings, renderers.

pub mod diag;
pub mod limits;
pub mod lint;
pub mod load;
pub mod model;
pub mod output;
pub mod resolve;
pub mod session;
