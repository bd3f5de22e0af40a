//! Every finding on every fixture (and on each fixture broken in a few ways) carries the code and severity of a registry rule: the registry is the only place a severity is written.

mod fixture_list;

use nianbao::{check, rule_by_code, Report};

fn assert_registered(name: &str, r: &Report) {
    for d in &r.diagnostics {
        let rule =
            rule_by_code(d.code).unwrap_or_else(|| panic!("{name}: {} is in no rule", d.code));
        assert_eq!(
            d.severity, rule.severity,
            "{name}: {} {}",
            d.code, d.message
        );
    }
}

#[test]
fn every_finding_has_its_registry_severity() {
    let mut findings = 0;
    for (dir, path) in fixture_list::texts(&["seeds", "corpus", "pastes"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = format!("{dir}/{}", path.display());
        // As pasted, a number changed (so arithmetic and no-fit findings appear), a row's numbers
        // doubled (doubtful readings), and the tables cut away (structure findings).
        let changed = text.replacen("0", "7", 1);
        let doubled = text
            .lines()
            .map(|l| format!("{l}\t{l}"))
            .collect::<Vec<_>>()
            .join("\n");
        let cut = text.lines().take(20).collect::<Vec<_>>().join("\n");
        for t in [&text, &changed, &doubled, &cut] {
            let r = check(t);
            findings += r.diagnostics.len();
            assert_registered(&name, &r);
        }
    }
    assert!(findings > 500, "only {findings} findings checked");
}

/// The rule docs as the page loads them (`www/rules.json`: code → doc, one a line).
fn rules_json() -> String {
    let lines: Vec<String> = nianbao::RULES
        .iter()
        .map(|r| {
            format!(
                "  {}: {}",
                serde_json::to_string(r.code).unwrap(),
                serde_json::to_string(r.doc).unwrap()
            )
        })
        .collect();
    format!("{{\n{}\n}}\n", lines.join(",\n"))
}

#[test]
fn the_pages_rule_docs_are_the_registrys() {
    // The wasm build leaves the docs out; the page fetches them from www/rules.json when a finding's
    // explanation is opened. Regenerate with NIANBAO_WRITE_RULES=1 cargo test --test registry.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/rules.json");
    let want = rules_json();
    if std::env::var_os("NIANBAO_WRITE_RULES").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "www/rules.json differs from the registry: NIANBAO_WRITE_RULES=1 cargo test --test registry"
    );
    let parsed: serde_json::Value = serde_json::from_str(&have).unwrap();
    assert_eq!(parsed.as_object().unwrap().len(), nianbao::RULES.len());
    assert!(nianbao::RULES.iter().all(|r| !r.doc.is_empty()));
}
