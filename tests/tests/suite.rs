//! All end-to-end tests of kimon in one test binary.
//!
//! Each module was its own test binary once; with thin LTO in the release
//! profile every binary re-linked the whole engine, which cost CI minutes.
//! One binary links it once. Run one part with
//! `cargo test --release -p kimon-tests --test suite -- report::`.

mod adopt;
mod annotations;
mod bench_tables;
mod catalogue;
mod cell_key;
mod county;
mod data_errors;
mod data_integrity;
mod data_notices;
mod diagnostics;
mod empty_atoms;
mod english;
mod eval_core;
mod findings_fair;
mod first_hour;
mod fuzz_corpus;
mod hostile;
mod key_files;
mod ledger;
mod limits;
mod magnitude;
mod packages;
mod parquet_input;
mod pins;
mod privacy_attacks;
mod published_rates;
mod pushdown;
mod real_tables;
mod report;
mod report_display;
mod report_maps;
mod report_pages;
mod report_structure;
mod report_survey;
mod rulebooks;
mod share_lint_data;
mod site;
mod sniff;
mod structural_cells;
mod terminology;
mod tooling;
mod total_from;
mod value_flags;
mod wide_tables;
mod xlsx_input;
