fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let src = std::fs::read_to_string(path).unwrap_or_default();
    match kimon_grammar::parse(&src) {
        Ok(p) => println!("{} items, {} comments", p.file.items.len(), p.comments.len()),
        Err(e) => println!("{e:#?}"),
    }
}
