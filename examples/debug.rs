//! Prints the row groups the tokenizer finds and the sections: `cargo run --example debug FILE`.

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let toks = nianbao::parse::tokens::tokenize(&text);
    for g in &toks.groups {
        let lab = g.attached.clone().map(|r| {
            text[r]
                .chars()
                .rev()
                .take(25)
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>()
        });
        let items: Vec<&str> = g.items.iter().map(|i| &text[i.range.clone()]).collect();
        println!("{:?} {:?} {}", lab, items, g.items[0].range.start);
    }
    let r = nianbao::check(&text);
    for s in &r.sections {
        println!(
            "{:?} {} {}..{}",
            s.key, s.title, s.body.byte_start, s.body.byte_end
        );
    }
}
