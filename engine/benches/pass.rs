//! Benchmarks of the streaming pass, so regressions in the hot loop show
//! up: the whole evaluation of `bench/bench.kimon` on a generated register
//! (reading, splitting, filters, groups, accumulators; one source), and the
//! filter interpreter against its specialised form on one row.
//!
//! `cargo bench -p kimon-engine --bench pass` (not part of `cargo test`).

use kimon_engine::eval::expr::{Fast, FieldVal, Lit, Node, Row, Slot};
use kimon_engine::generator::{write_register, GenConfig};
use kimon_engine::session;
use kimon_grammar::ast::BinOp;
use std::path::PathBuf;

fn main() {
    divan::main();
}

struct Fixture {
    model: kimon_engine::model::Model,
    opts: session::Options,
    bytes: u64,
}

/// 200,000 rows (20,000 persons × 10 years), written once per process.
fn fixture() -> &'static Fixture {
    static F: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    F.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("kimon-bench-pass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let cfg = GenConfig { persons: 20_000, years: 10, first_year: 2015, districts: 25, seed: 42 };
        let file = std::fs::File::create(dir.join("register.csv")).expect("data file");
        let stats = write_register(&cfg, file).expect("generate");
        let opts = session::Options { data_dir: Some(dir.clone()), allow_paths: vec![dir], ledger: None };
        let rulebook = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bench/bench.kimon");
        let model = session::check(&rulebook, &opts).model.expect("bench rulebook resolves");
        Fixture { model, opts, bytes: stats.bytes }
    })
}

/// The evaluation of the 7 benchmark tables (before privacy).
#[divan::bench(sample_count = 20)]
fn evaluate_bench_rulebook(b: divan::Bencher) {
    let f = fixture();
    b.counter(divan::counter::BytesCount::new(f.bytes)).bench(|| {
        let control = kimon_engine::eval::Control::default();
        kimon_engine::eval::evaluate(&f.model, &f.opts, &control).expect("evaluates")
    });
}

fn unemployment_filter() -> Node {
    // (employed == 1 or unemployed == 1) and age in 15..64
    let field = |i| Box::new(Node::Slot(Slot::Field(i)));
    let one = || Box::new(Node::Lit(Lit::Num(1.0)));
    Node::And(
        Box::new(Node::Or(
            Box::new(Node::Bin(BinOp::Eq, field(0), one())),
            Box::new(Node::Bin(BinOp::Eq, field(1), one())),
        )),
        Box::new(Node::InRange(field(2), 15.0, 64.0)),
    )
}

const ROW: [&str; 3] = ["0", "1", "42"];

#[divan::bench]
fn filter_interpreted() -> bool {
    let node = unemployment_filter();
    let row = Row { fields: divan::black_box(&ROW), lets: &[] };
    node.eval(&row).truthy()
}

#[divan::bench]
fn filter_specialised(b: divan::Bencher) {
    let fast = Fast::from_node(&unemployment_filter());
    b.bench(|| {
        let fields = divan::black_box(&ROW);
        let vals: Vec<FieldVal> = fields.iter().map(|s| FieldVal::of(Some(s))).collect();
        fast.test(&Row { fields, lets: &[] }, &vals)
    });
}
