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
