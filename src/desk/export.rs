//! The desk's exports: a summary CSV (one row per report, with the reviewer's decisions counted) and one JSON of everything (each report's v1 JSON and its decisions).

use super::dataset::{field, BOM, CRLF};
use super::review::{finding_keys, tally, Decision, Decisions};
use crate::model::{Report, Severity};

/// One report of a batch as the exports see it.
pub struct Entry<'a> {
    /// The file name (or “粘贴 1”… for pasted reports).
    pub file: &'a str,
    /// The report, or why the file could not be read.
    pub report: Result<&'a Report, &'a str>,
    /// Its key in [`Decisions`] (see [`super::review::report_key`]).
    pub key: &'a str,
}

/// The summary CSV's header row.
pub const SUMMARY_HEADER: &str =
    "file,agency,year,template,errors,warnings,infos,verdict,confirmed,ignored,undecided";

/// One row per report: file, agency, year, template, the counts of findings by severity, the
/// verdict (`holds`, `broken`, `not_read`, `not_assessable`, or `unreadable` for a file that
/// could not be read), and how many findings were confirmed, ignored and are undecided. UTF-8
/// with a BOM, CRLF line ends, as the dataset CSV.
pub fn summary_csv(entries: &[Entry], decisions: &Decisions) -> String {
    let mut out = String::from(BOM);
    out.push_str(SUMMARY_HEADER);
    out.push_str(CRLF);
    for e in entries {
        let fields: Vec<String> = match e.report {
            Ok(r) => {
                let t = tally(r, decisions.get(e.key));
                vec![
                    field(e.file, true).into_owned(),
                    field(r.agency.as_deref().unwrap_or(""), true).into_owned(),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.template.map_or("", |t| t.as_str()).to_string(),
                    r.count(Severity::Error).to_string(),
                    r.count(Severity::Warning).to_string(),
                    r.count(Severity::Info).to_string(),
                    r.verdict.status().to_string(),
                    t.confirmed.to_string(),
                    t.ignored.to_string(),
                    t.open.to_string(),
                ]
            }
            Err(_) => {
                let mut f = vec![field(e.file, true).into_owned()];
                f.extend(std::iter::repeat_n(String::new(), 6));
                f.push("unreadable".into());
                f.extend(std::iter::repeat_n(String::new(), 3));
                f
            }
        };
        out.push_str(&fields.join(","));
        out.push_str(CRLF);
    }
    out
}

fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Everything as one JSON object: `{"version":1,"reports":[…]}`, each report
/// `{"file","key","report":<the v1 JSON, as the CLI prints it>,"decisions":[…]}` (or
/// `{"file","error"}` for a file that could not be read), each decision
/// `{"finding":<its key>,"code","message","decision":"confirm"|"ignore","reason"?}`, in the order of
/// the report's findings. Decisions on findings the report no longer has are left out.
pub fn json(entries: &[Entry], decisions: &Decisions) -> String {
    let mut out = String::from("{\"version\":1,\"reports\":[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!("{{\"file\":{}", string(e.file)));
        match e.report {
            Err(why) => out.push_str(&format!(",\"error\":{}}}", string(why))),
            Ok(r) => {
                out.push_str(&format!(
                    ",\"key\":{},\"report\":{},\"decisions\":[",
                    string(e.key),
                    crate::json::to_json(r)
                ));
                let decided = decisions.get(e.key);
                let mut first = true;
                for (d, key) in r.diagnostics.iter().zip(finding_keys(r)) {
                    let Some(choice) = decided.and_then(|m| m.get(&key)) else {
                        continue;
                    };
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    out.push_str(&format!(
                        "{{\"finding\":{},\"code\":{},\"message\":{},",
                        string(&key),
                        string(d.code),
                        string(&d.message)
                    ));
                    match choice {
                        Decision::Confirm => out.push_str("\"decision\":\"confirm\"}"),
                        Decision::Ignore { reason } => out.push_str(&format!(
                            "\"decision\":\"ignore\",\"reason\":{}}}",
                            string(reason)
                        )),
                    }
                }
                out.push_str("]}");
            }
        }
    }
    out.push_str("]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::review::report_key;

    #[test]
    fn summary_and_json_carry_the_decisions() {
        let text = std::fs::read_to_string("tests/fixtures/seeds/003_2baf5ee0490418e5.txt")
            .expect("seed 003");
        let r = crate::check(&text);
        let key = report_key("003.txt", &r);
        let keys = finding_keys(&r);
        let mut decisions = Decisions::new();
        let m = decisions.entry(key.clone()).or_default();
        m.insert(keys[0].clone(), Decision::Confirm);
        m.insert(
            keys[1].clone(),
            Decision::Ignore {
                reason: "原表如此，\"已说明\"".into(),
            },
        );
        let entries = [
            Entry {
                file: "003.txt",
                report: Ok(&r),
                key: &key,
            },
            Entry {
                file: "=bad.doc",
                report: Err("不能读取 .doc"),
                key: "",
            },
        ];
        let csv = summary_csv(&entries, &decisions);
        assert!(csv.starts_with("\u{FEFF}file,agency,"));
        let rows: Vec<&str> = csv.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        let n = r.diagnostics.len();
        assert!(rows[1].ends_with(&format!(",1,1,{}", n - 2)), "{}", rows[1]);
        assert_eq!(rows[2], "'=bad.doc,,,,,,,unreadable,,,");
        let json = json(&entries, &decisions);
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        let d = &v["reports"][0]["decisions"];
        assert_eq!(d[0]["decision"], "confirm");
        assert_eq!(d[1]["reason"], "原表如此，\"已说明\"");
        assert_eq!(
            v["reports"][0]["report"],
            serde_json::from_str::<serde_json::Value>(&crate::json::to_json(&r)).unwrap()
        );
        assert_eq!(v["reports"][1]["error"], "不能读取 .doc");
    }
}
