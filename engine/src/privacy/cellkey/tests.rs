use super::*;

#[test]
fn print_census_table() {
    let t = PTable::census_example().unwrap();
    println!("{}", t.to_csv());
    for r in t.rows() {
        println!("row {} mean {:e} var {}", r.i(), r.mean(), r.variance());
    }
    let m = PTable::build(PTableParams { monotone: true, ..*t.params() }).unwrap();
    println!("{}", m.to_csv());
}
