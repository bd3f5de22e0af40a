//! Runs the built `nianbao` binary on the fixtures: text snapshots, JSON identity with the
//! library, exit codes, input encodings, the rule commands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use unicode_width::UnicodeWidthStr;

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture text, as (folder, file name), sorted.
fn fixtures() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for sub in ["seeds", "corpus"] {
        let dir = fixtures_dir().join(sub);
        let entries = std::fs::read_dir(&dir).expect("fixture folder");
        for entry in entries {
            let name = entry.expect("dir entry").file_name();
            let name = name.to_string_lossy().into_owned();
            if name.ends_with(".txt") {
                out.push((dir.clone(), name));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 10, "fixtures not found");
    out
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run nianbao")
}

fn run(args: &[&str]) -> Output {
    run_in(&fixtures_dir(), args)
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("fixture is UTF-8")
}

/// A file under the temp folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(tag: &str, bytes: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("nianbao-cli-{}-{tag}", std::process::id()));
        std::fs::write(&path, bytes).expect("write temp file");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn first_seed() -> (PathBuf, String) {
    fixtures()
        .into_iter()
        .find(|(d, _)| d.ends_with("seeds"))
        .expect("a seed")
}

fn json_of(path: &str) -> String {
    let o = run(&["check", "--format", "json", path]);
    assert!(code(&o) < 2, "{}", stderr(&o));
    stdout(&o)
}

// ---------------------------------------------------------------------------------------------
// check: text and JSON
// ---------------------------------------------------------------------------------------------

#[test]
fn text_output_snapshots() {
    for (dir, name) in fixtures() {
        let o = run_in(&dir, &["check", &name]);
        assert!(code(&o) < 2, "{name}: {}", stderr(&o));
        let stem = name.trim_end_matches(".txt");
        insta::assert_snapshot!(format!("text__{stem}"), stdout(&o));
    }
}

#[test]
fn json_output_is_the_library_json() {
    for (dir, name) in fixtures() {
        let o = run_in(&dir, &["check", "--format", "json", &name]);
        assert!(code(&o) < 2, "{name}: {}", stderr(&o));
        let out = stdout(&o);
        let text = read(&dir, &name);
        assert_eq!(out, format!("{}\n", nianbao::check_json(&text)), "{name}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["version"], 1, "{name}");
    }
}

#[test]
fn several_files_give_a_json_array_of_the_single_outputs() {
    let files = fixtures();
    let (d1, a) = &files[0];
    let (d2, b) = &files[files.len() - 1];
    let (a, b) = (d1.join(a), d2.join(b));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let o = run(&["check", a, "--format=json", b]);
    let out = stdout(&o);
    let expected = format!("[{},{}]\n", json_of(a).trim_end(), json_of(b).trim_end());
    assert_eq!(out, expected);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
}

#[test]
fn exit_code_says_whether_there_are_errors() {
    for (dir, name) in fixtures() {
        let o = run_in(&dir, &["check", "--format", "json", &name]);
        let report = nianbao::check(&read(&dir, &name));
        let expected = i32::from(report.has_errors());
        assert_eq!(code(&o), expected, "{name}");
        let text = run_in(&dir, &["check", &name]);
        assert_eq!(code(&text), expected, "{name} (text)");
    }
}

#[test]
fn several_files_exit_1_when_any_has_errors() {
    let files = fixtures();
    let paths: Vec<String> = files
        .iter()
        .map(|(d, n)| d.join(n).to_string_lossy().into_owned())
        .collect();
    let any_errors = files
        .iter()
        .any(|(d, n)| nianbao::check(&read(d, n)).has_errors());
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    let o = run(&args);
    assert_eq!(code(&o), i32::from(any_errors));
    assert_eq!(stdout(&o).matches("文件：").count(), files.len());
}

/// The shkw fixture with its 新收 total changed from 34 to 43, so that two sums fail.
fn broken_report() -> TempFile {
    let dir = fixtures_dir().join("corpus");
    let text = read(&dir, "shkw-2024.converter-markdown.txt");
    let row = "| 32 | 2 | 0 | 0 | 0 | 0 | 34 |";
    assert!(text.contains(row));
    let broken = text.replace(row, "| 32 | 2 | 0 | 0 | 0 | 0 | 43 |");
    TempFile::new("broken.txt", broken.as_bytes())
}

#[test]
fn a_broken_total_exits_1_with_carets_under_it() {
    let f = broken_report();
    let o = run(&["check", f.path()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("表格勾稽关系有 2 处不成立"), "{out}");
    assert!(out.contains("error[A003]: "), "{out}");
    // The caret line under each excerpt of that row starts at the column of "43" (CJK = 2).
    let lines: Vec<&str> = out.lines().collect();
    let mut seen = 0;
    for pair in lines.windows(2) {
        let (src, carets) = (pair[0], pair[1]);
        if !src.contains("一、本年新收政府信息公开申请数量") || !carets.contains('^')
        {
            continue;
        }
        let at = src.find("43 |").expect("43 in excerpt");
        let col = carets.find('^').expect("carets");
        assert_eq!(src[..at].width(), carets[..col].width(), "{src}\n{carets}");
        assert_eq!(carets.trim_end().len() - col, 2, "{carets}");
        seen += 1;
    }
    assert!(seen >= 1, "{out}");
    let json = run(&["check", "--format", "json", f.path()]);
    assert_eq!(code(&json), 1);
    let (dir, name) = first_seed();
    let both = run(&["check", dir.join(name).to_str().unwrap(), f.path()]);
    assert_eq!(code(&both), 1);
}

#[test]
fn stdin_is_read_for_dash() {
    let (dir, name) = first_seed();
    let text = read(&dir, &name);
    let mut child = Command::new(BIN)
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(text.as_bytes()).expect("write stdin");
    drop(stdin);
    let o = child.wait_with_output().expect("wait");
    assert_eq!(stdout(&o), format!("{}\n", nianbao::check_json(&text)));
}

// ---------------------------------------------------------------------------------------------
// Input encodings
// ---------------------------------------------------------------------------------------------

#[test]
fn gb18030_input_reads_like_utf8() {
    let (dir, name) = first_seed();
    let text = read(&dir, &name);
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let gb = TempFile::new("gb18030.txt", &bytes);
    let utf8 = dir.join(&name);
    assert_eq!(json_of(gb.path()), json_of(utf8.to_str().unwrap()));
}

#[test]
fn utf8_bom_and_utf16_input_read_like_utf8() {
    let (dir, name) = first_seed();
    let text = read(&dir, &name);
    let expected = format!("{}\n", nianbao::check_json(&text));

    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let bom = TempFile::new("utf8bom.txt", &bom);
    assert_eq!(json_of(bom.path()), expected);

    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
        be.extend_from_slice(&u.to_be_bytes());
    }
    let le = TempFile::new("utf16le.txt", &le);
    let be = TempFile::new("utf16be.txt", &be);
    assert_eq!(json_of(le.path()), expected);
    assert_eq!(json_of(be.path()), expected);
}

#[test]
fn bytes_that_are_neither_utf8_nor_gb18030_exit_2() {
    // 0xFF is never a GB18030 lead byte, and never valid in UTF-8.
    let bad: &[u8] = b"\xd5\xfe\xb8\xae \xff\xff\xff";
    let (_, _, malformed) = encoding_rs::GB18030.decode(bad);
    assert!(malformed, "encoding_rs must reject these bytes");
    let f = TempFile::new("bad.txt", bad);
    let o = run(&["check", f.path()]);
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("GB18030") && err.contains("UTF-8"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Usage and I/O errors
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_file_exits_2() {
    let o = run(&["check", "no-such-file.txt"]);
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("无法读取 no-such-file.txt") && err.contains("No such file"),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let cases: &[&[&str]] = &[
        &[],
        &["check"],
        &["check", "--format", "xml", "x.txt"],
        &["check", "--format"],
        &["check", "--colour", "x.txt"],
        &["frobnicate"],
        &["rule"],
        &["rules", "extra"],
    ];
    for args in cases {
        let o = run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(!stderr(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version() {
    for flag in ["--help", "-h"] {
        let o = run(&[flag]);
        assert_eq!(code(&o), 0);
        assert!(stdout(&o).contains("nianbao check FILE"));
    }
    let o = run(&["--version"]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        stdout(&o),
        format!("nianbao {}\n", env!("CARGO_PKG_VERSION"))
    );
}

// ---------------------------------------------------------------------------------------------
// rules, rule
// ---------------------------------------------------------------------------------------------

#[test]
fn rules_lists_every_rule() {
    let o = run(&["rules"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), nianbao::RULES.len());
    for (line, rule) in lines.iter().zip(nianbao::RULES) {
        assert!(line.starts_with(rule.code), "{line}");
        assert!(
            line.contains(rule.name) && line.ends_with(rule.summary),
            "{line}"
        );
    }
    // The summaries start in one column.
    let col = |l: &str, r: &nianbao::Rule| l.find(r.summary);
    let first = col(lines[0], &nianbao::RULES[0]);
    for (line, rule) in lines.iter().zip(nianbao::RULES) {
        assert_eq!(col(line, rule), first, "{line}");
    }
    insta::assert_snapshot!("rules", out);
}

#[test]
fn rule_prints_its_doc() {
    let o = run(&["rule", "a002"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let rule = nianbao::rule_by_code("A002").expect("A002");
    assert!(out.starts_with("A002 applications-column-total\n"), "{out}");
    assert!(out.contains(rule.summary) && out.contains(rule.doc));
    assert!(out.contains("error"));
}

#[test]
fn unknown_rule_exits_2() {
    let o = run(&["rule", "Z999"]);
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("Z999"));
}

// ---------------------------------------------------------------------------------------------
// The reviewer's desk: directories, summary, CSV, year against year
// ---------------------------------------------------------------------------------------------

mod synth;

/// A folder under the temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("nianbao-cli-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("make temp dir");
        TempDir(path)
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).expect("make dirs");
        std::fs::write(p, bytes).expect("write");
    }

    fn run(&self, args: &[&str]) -> Output {
        run_in(&self.0, args)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn seed_text(i: usize) -> String {
    let seeds: Vec<(PathBuf, String)> = fixtures()
        .into_iter()
        .filter(|(d, _)| d.ends_with("seeds"))
        .collect();
    let (dir, name) = &seeds[i];
    read(dir, name)
}

#[test]
fn a_directory_is_read_recursively_in_path_order() {
    let t = TempDir::new("walk");
    let texts = [seed_text(0), seed_text(1), seed_text(2)];
    t.write("reports/b/002.txt", texts[2].as_bytes());
    t.write("reports/a.md", texts[0].as_bytes());
    t.write("reports/b/001.TXT", texts[1].as_bytes());
    // Not reports: other extensions and hidden entries.
    t.write("reports/notes.json", b"{}");
    t.write("reports/.hidden/x.txt", texts[0].as_bytes());
    t.write("reports/.x.txt", texts[0].as_bytes());
    let o = t.run(&["check", "reports", "--format", "json"]);
    assert!(code(&o) < 2, "{}", stderr(&o));
    let expected = format!(
        "[{}]\n",
        texts
            .iter()
            .map(|x| nianbao::check_json(x))
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(stdout(&o), expected);
    // A directory of one report is still an array; files named first come first.
    let one = t.run(&["check", "reports/b/002.txt", "reports", "--format=json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&one)).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(4));
    assert_eq!(v[0], v[3]);
    let summary = stdout(&t.run(&["check", "reports", "--format", "summary"]));
    let paths: Vec<&str> = summary
        .lines()
        .skip(1)
        .take(3)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["reports/a.md", "reports/b/001.TXT", "reports/b/002.txt"]
    );
}

#[test]
fn one_core_and_many_give_the_same_bytes() {
    for format in ["text", "json", "summary", "csv"] {
        let one = run(&[
            "check", "seeds", "corpus", "pastes", "-j", "1", "--format", format,
        ]);
        let many = run(&[
            "check", "seeds", "corpus", "pastes", "--jobs=3", "--format", format,
        ]);
        let all = run(&["check", "seeds", "corpus", "pastes", "--format", format]);
        assert!(code(&one) < 2, "{}", stderr(&one));
        assert_eq!(stdout(&one), stdout(&many), "{format}");
        assert_eq!(stdout(&one), stdout(&all), "{format}");
        assert_eq!(code(&one), code(&many));
    }
}

/// A synthetic agency's reports for two consecutive years (2021 template), the later one with its
/// 上年结转 自然人 (and 结转下年度, so its own sums hold) `delta` more than last year's carry-over.
fn consecutive(seed: u64, delta: i64) -> (i32, String, String) {
    let last = synth::Data::last_year(seed);
    let mut this = last.next_year(seed);
    let apps = nianbao::TableKey::Applications;
    for row in ["carried_over", "carried_forward"] {
        for col in ["natural_person", "total"] {
            let v = this.get(apps, row, col).unwrap();
            this.set(apps, row, col, nianbao::Num::int(v.mantissa + delta));
        }
    }
    let layout = synth::Layout::Tsv;
    let (l, t) = (
        synth::Synth::from_data(seed, layout, last.clone()),
        synth::Synth::from_data(seed + 1, layout, this),
    );
    (last.year, l.text, t.text)
}

#[test]
fn summary_has_a_line_per_report_totals_and_the_pairs() {
    let t = TempDir::new("summary");
    let (y, last, this) = consecutive(3, 2);
    t.write(&format!("desk/{y}.txt"), last.as_bytes());
    t.write(&format!("desk/{}.txt", y + 1), this.as_bytes());
    t.write("desk/seeds/000.txt", seed_text(0).as_bytes());
    t.write("desk/seeds/002.txt", seed_text(2).as_bytes());
    t.write("desk/seeds/002-copy.md", seed_text(2).as_bytes());
    t.write("desk/untitled.txt", "一、总体情况\n本年度无。\n".as_bytes());
    let o = t.run(&["check", "desk", "--format", "summary"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    insta::assert_snapshot!("summary", out);
    // The later year's line counts its cross-year error; the pair's findings are listed.
    assert!(
        out.contains("error[Y001]: 本年「二、上年结转」自然人"),
        "{out}"
    );
    assert!(out.contains("info[Y003]: "), "{out}");
    assert!(
        out.contains("未配对：1 份报告未识别机关名称：desk/untitled.txt"),
        "{out}"
    );
    assert!(
        out.contains("有 2 份报告：desk/seeds/002-copy.md、desk/seeds/002.txt"),
        "{out}"
    );
}

#[test]
fn cross_year_findings_in_text_and_json() {
    let t = TempDir::new("crossyear");
    let (y, last, this) = consecutive(5, -1);
    let (a, b) = (format!("{y}.txt"), format!("{}.txt", y + 1));
    t.write(&a, last.as_bytes());
    t.write(&b, this.as_bytes());
    // Text: the finding is in the later report, with this year's line and last year's (:::).
    let o = t.run(&["check", &b, &a]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    let at = out
        .find("error[Y001]: 本年「二、上年结转」自然人")
        .expect("Y001");
    let block: String = out[at..].lines().take(9).collect::<Vec<_>>().join("\n");
    assert!(block.contains(&format!("--> {b}:")), "{block}");
    assert!(block.contains(&format!("::: {a}:")), "{block}");
    assert!(block.contains("四、结转下年度继续办理"), "{block}");
    assert!(
        out.contains("跨年度核对：1 对（同一机关相邻年度）\n"),
        "{out}"
    );
    // JSON: in the later report's diagnostics, with last year's cells.
    let j = t.run(&["check", &a, &b, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&j)).unwrap();
    let has = |i: usize, code: &str| {
        v[i]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == code)
    };
    assert!(!has(0, "Y001") && !has(0, "Y003"));
    assert!(has(1, "Y001") && has(1, "Y003"));
    let y1 = v[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "Y001")
        .unwrap();
    assert_eq!(y1["previous"]["year"], y);
    assert_eq!(y1["previous"]["cells"][0]["row"], "carried_forward");
    assert_eq!(y1["cells"][0]["row"], "carried_over");
    // Each file alone: no cross-year findings, and the JSON of the single-file check.
    let alone = t.run(&["check", &b, "--format", "json"]);
    assert_eq!(stdout(&alone), format!("{}\n", nianbao::check_json(&this)));
}

#[test]
fn figures_that_follow_give_no_cross_year_error() {
    let t = TempDir::new("follows");
    let (y, last, this) = consecutive(5, 0);
    t.write(&format!("{y}.txt"), last.as_bytes());
    t.write(&format!("{}.txt", y + 1), this.as_bytes());
    let o = t.run(&["check", ".", "--format", "summary"]);
    let out = stdout(&o);
    let alone = |s: &str| i32::from(nianbao::check(s).has_errors());
    assert_eq!(code(&o), alone(&last).max(alone(&this)), "{out}");
    assert!(!out.contains("[Y001]") && !out.contains("[Y002]"), "{out}");
    assert!(out.contains("info[Y003]: "), "{out}");
}

/// Splits RFC 4180 text into records of fields.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line ends");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

#[test]
fn csv_is_one_row_per_cell_with_a_bom_and_rfc_4180_quoting() {
    let t = TempDir::new("csv");
    let names = ["a,b.txt", "say \"hi\".txt", "plain.txt"];
    let texts = [seed_text(0), seed_text(4), seed_text(2)];
    for (n, x) in names.iter().zip(&texts) {
        t.write(n, x.as_bytes());
    }
    let o = t.run(&["check", names[0], names[1], names[2], "--format", "csv"]);
    assert!(code(&o) < 2, "{}", stderr(&o));
    let out = stdout(&o);
    let body = out.strip_prefix('\u{feff}').expect("UTF-8 BOM first");
    let records = parse_csv(body);
    assert_eq!(
        records[0],
        ["file", "agency", "year", "template", "table", "row", "column", "value", "status"]
    );
    let mut expected = vec![];
    for (n, x) in names.iter().zip(&texts) {
        let r = nianbao::check(x);
        for key in nianbao::TableKey::ALL {
            for (row, col, cell) in r.tables.get(key).cells() {
                expected.push(vec![
                    n.to_string(),
                    r.agency.clone().unwrap_or_default(),
                    r.year.map(|y| y.to_string()).unwrap_or_default(),
                    r.template.map_or("", |t| t.as_str()).to_string(),
                    key.as_str().to_string(),
                    row.to_string(),
                    col.to_string(),
                    cell.known().map(|v| v.to_string()).unwrap_or_default(),
                    cell.status.as_str().to_string(),
                ]);
            }
        }
    }
    assert_eq!(records.len(), expected.len() + 1, "one row per cell");
    assert_eq!(records[1..], expected[..]);
    assert!(body.contains("\r\n\"a,b.txt\",") && body.contains("\r\n\"say \"\"hi\"\".txt\","));
}

#[test]
fn an_unreadable_file_is_said_and_the_rest_is_checked() {
    let t = TempDir::new("unreadable");
    t.write("in/good.txt", seed_text(2).as_bytes());
    t.write("in/bad.docx", b"PK\x03\x04 not really a zip");
    let o = t.run(&["check", "in", "--format", "summary"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("in/bad.docx"), "{err}");
    let out = stdout(&o);
    assert!(
        out.lines()
            .any(|l| l.starts_with("in/bad.docx") && l.ends_with("unreadable")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("in/good.txt") && l.ends_with("holds")),
        "{out}"
    );
    assert!(out.contains("unreadable 1"), "{out}");
}

#[test]
fn desk_usage_errors_exit_2() {
    let t = TempDir::new("usage");
    t.write("empty/notes.json", b"{}");
    for args in [
        &["check", "-j", "0", "x.txt"][..],
        &["check", "--jobs=many", "x.txt"],
        &["check", "-j"],
        &["check", "--format", "xlsx", "x.txt"],
        &["check", "empty"],
    ] {
        let o = t.run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(!stderr(&o).is_empty(), "{args:?}");
    }
}
