//! Keeps the README true: its rule table lists every rule of the registry, with its severity and summary.

#[test]
fn readme_lists_every_rule() {
    let readme = include_str!("../README.md");
    let rows: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("| ") && l.len() > 8)
        .collect();
    for rule in nianbao::RULES {
        let row = format!(
            "| {} | {} | {} |",
            rule.code,
            rule.severity.as_str(),
            rule.summary
        );
        assert!(rows.contains(&row.as_str()), "README lacks the row: {row}");
    }
    let listed = rows
        .iter()
        .filter(|l| {
            l.len() > 6 && l.as_bytes()[2].is_ascii_uppercase() && l.as_bytes()[3].is_ascii_digit()
        })
        .count();
    assert_eq!(
        listed,
        nianbao::RULES.len(),
        "README lists a rule the registry does not have"
    );
}
