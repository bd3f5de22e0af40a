//! The `nianbao` command: checks report files and directories (text, JSON, summary or CSV output; year against year across them) and documents the rules.

use nianbao::desk::pairing;
use nianbao::{render, rule_by_code, Severity, RULES};
use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use unicode_width::UnicodeWidthStr;

const USAGE: &str = "\
nianbao — 读取并核对政府信息公开工作年度报告
(reads and checks 政府信息公开工作年度报告 text)

用法 / Usage:
  nianbao check FILE|DIR... [--format text|json|summary|csv] [-j N]
                                 核对报告（FILE 为 - 时读标准输入；DIR 递归读取其中的
                                 .txt .md .html .htm .docx .pdf 文件，按路径排序）
  nianbao rules                  列出全部规则
  nianbao rule CODE              显示一条规则的说明
  nianbao --help | -h            显示本帮助
  nianbao --version | -V         显示版本

check 的输出格式 / Formats:
  text     表格与发现，附原文摘录（默认）
  json     v1 JSON（一个文件为一个对象，多个文件或目录为数组）
  summary  每份报告一行（文件、机关、年度、模板、错误/警告/提示数、结论），合计，跨年度核对
  csv      数据集：每个单元格一行（UTF-8 带 BOM，可用 Excel 打开）
  -j N, --jobs N   同时核对的线程数（默认：全部 CPU 核心）

跨年度核对 / Year against year: 给出的报告中，同一机关相邻两年的报告两两配对，
  核对上年结转、现行有效件数和内容雷同（Y001–Y004），结果列入后一年的报告。

输入编码 / Input encoding: UTF-8（可带 BOM）、带 BOM 的 UTF-16、GB18030。

退出码 / Exit status:
  0  没有错误级别的发现 (no error-severity findings)
  1  至少一个文件有错误级别的发现 (some file has errors)
  2  用法错误或有文件无法读取 (usage error, or some input could not be read)
";

/// A failure that ends the command with exit status 2 and a message on stderr.
struct Fail(String);

type Outcome = Result<ExitCode, Fail>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Fail(msg)) => {
            eprintln!("nianbao: {msg}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Outcome {
    let Some(command) = args.first() else {
        eprint!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    let rest = &args[1..];
    match command.as_str() {
        "-h" | "--help" | "help" => {
            print_out(USAGE);
            Ok(ExitCode::SUCCESS)
        }
        "-V" | "--version" => {
            print_out(&format!("nianbao {}\n", env!("CARGO_PKG_VERSION")));
            Ok(ExitCode::SUCCESS)
        }
        "check" => check(rest),
        "rules" => rules(rest),
        "rule" => rule(rest),
        other => Err(usage_error(&format!("未知命令 / unknown command: {other}"))),
    }
}

fn usage_error(msg: &str) -> Fail {
    Fail(format!("{msg}\n(nianbao --help 显示用法 / for usage)"))
}

/// Writes to stdout, ignoring a closed pipe.
fn print_out(s: &str) {
    let mut out = io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

// ---------------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
    Summary,
    Csv,
}

struct CheckArgs {
    files: Vec<String>,
    format: Format,
    /// Worker threads (`-j`); all cores when not given.
    jobs: Option<usize>,
}

/// The extensions a directory walk takes (case-insensitive); files named on the command line are
/// read whatever their extension.
const REPORT_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm", "docx", "pdf"];

fn parse_check_args(args: &[String]) -> Result<CheckArgs, Fail> {
    let mut files = Vec::new();
    let mut format = Format::Text;
    let mut jobs = None;
    let mut it = args.iter();
    let mut options_done = false;
    while let Some(arg) = it.next() {
        if options_done || arg == "-" || !arg.starts_with('-') {
            files.push(arg.clone());
            continue;
        }
        let (option, value) = match arg.as_str() {
            "--" => {
                options_done = true;
                continue;
            }
            "--format" | "-f" => ("--format", it.next().map(String::as_str)),
            "--jobs" | "-j" => ("--jobs", it.next().map(String::as_str)),
            a => {
                if let Some(v) = a.strip_prefix("--format=") {
                    ("--format", Some(v))
                } else if let Some(v) = a.strip_prefix("--jobs=") {
                    ("--jobs", Some(v))
                } else if let Some(v) = a.strip_prefix("-j") {
                    ("--jobs", Some(v))
                } else {
                    return Err(usage_error(&format!("未知选项 / unknown option: {a}")));
                }
            }
        };
        if option == "--jobs" {
            jobs = Some(match value.and_then(|v| v.parse::<usize>().ok()) {
                Some(n) if n > 0 => n,
                _ => {
                    return Err(usage_error(
                        "--jobs 需要一个正整数 / needs a positive number (-j N)",
                    ))
                }
            });
            continue;
        }
        format = match value {
            Some("text") => Format::Text,
            Some("json") => Format::Json,
            Some("summary") => Format::Summary,
            Some("csv") => Format::Csv,
            Some(v) => {
                return Err(usage_error(&format!(
                    "--format 只能是 text、json、summary 或 csv / must be text, json, summary or csv, not {v}"
                )))
            }
            None => {
                return Err(usage_error(
                    "--format 需要一个值 / needs a value (text|json|summary|csv)",
                ))
            }
        };
    }
    if files.is_empty() {
        return Err(usage_error(
            "check 需要至少一个文件或目录 / needs at least one FILE or DIR (- for stdin)",
        ));
    }
    Ok(CheckArgs {
        files,
        format,
        jobs,
    })
}

/// One report to read: a file named on the command line, one found in a directory, or stdin.
struct Input {
    /// As shown in the output: the path as given or as found under the directory given.
    name: String,
    /// `None` for stdin.
    path: Option<PathBuf>,
}

/// A report read and checked: its text and the core's report; or why it could not be read.
type Checked = Result<(String, nianbao::Report), String>;

fn check(args: &[String]) -> Outcome {
    let args = parse_check_args(args)?;
    let (inputs, mut failures) = expand(&args.files);
    if inputs.is_empty() && failures.is_empty() {
        return Err(Fail(
            "没有找到报告文件（.txt .md .html .htm .docx .pdf）/ no report files found".to_string(),
        ));
    }
    let stdin = if inputs.iter().any(|i| i.path.is_none()) {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Fail(format!("无法读取标准输入 / cannot read stdin: {e}")))?;
        buf
    } else {
        Vec::new()
    };
    let jobs = args.jobs.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let mut checked = check_all(&inputs, &stdin, jobs);
    for (input, c) in inputs.iter().zip(&checked) {
        if let Err(why) = c {
            failures.push((input.name.clone(), why.clone()));
        }
    }
    // Year against year, across the reports given; findings go to the later year's report.
    let read: Vec<Option<(&str, &nianbao::Report)>> = checked
        .iter()
        .map(|c| c.as_ref().ok().map(|(t, r)| (t.as_str(), r)))
        .collect();
    let (pairing, found) = nianbao::desk::batch::cross_year(&read);
    for (this, findings) in found {
        if let Ok((_, report)) = &mut checked[this] {
            nianbao::desk::attach(report, findings);
        }
    }
    let batch = Batch {
        inputs: &inputs,
        checked: &checked,
        pairing: &pairing,
    };
    let single = args.files.len() == 1 && inputs.len() == 1 && !is_dir(&args.files[0]);
    let output = match args.format {
        Format::Text => batch.text(),
        Format::Json => batch.json(single),
        Format::Summary => batch.summary(),
        Format::Csv => batch.csv(),
    };
    for (name, why) in &failures {
        eprintln!("nianbao: {}", failure_message(name, why));
    }
    print_out(&output);
    let errors = checked
        .iter()
        .any(|c| c.as_ref().is_ok_and(|(_, r)| r.has_errors()));
    Ok(if !failures.is_empty() {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn failure_message(name: &str, why: &str) -> String {
    if why.starts_with("无法读取") {
        why.to_string()
    } else {
        format!("{name}: {why}")
    }
}

fn is_dir(arg: &str) -> bool {
    arg != "-" && std::fs::metadata(arg).is_ok_and(|m| m.is_dir())
}

/// The inputs in command-line order, each directory replaced by the report files under it
/// (recursively; hidden entries skipped; sorted by path), and the directories that could not be
/// listed as (name, why).
fn expand(args: &[String]) -> (Vec<Input>, Vec<(String, String)>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for arg in args {
        if arg == "-" {
            inputs.push(Input {
                name: "<stdin>".to_string(),
                path: None,
            });
        } else if is_dir(arg) {
            let mut found = Vec::new();
            let mut seen = HashSet::new();
            walk(Path::new(arg), &mut found, &mut failures, &mut seen);
            found.sort();
            inputs.extend(found.into_iter().map(|p| Input {
                name: p.to_string_lossy().into_owned(),
                path: Some(p),
            }));
        } else {
            inputs.push(Input {
                name: arg.clone(),
                path: Some(PathBuf::from(arg)),
            });
        }
    }
    (inputs, failures)
}

fn walk(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    failures: &mut Vec<(String, String)>,
    seen: &mut HashSet<PathBuf>,
) {
    // A directory reached twice (through a symbolic link) is walked once.
    if let Ok(real) = std::fs::canonicalize(dir) {
        if !seen.insert(real) {
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let name = dir.to_string_lossy().into_owned();
            let why = format!("无法读取 {name}: {}", io_message(&e));
            failures.push((name, why));
            return;
        }
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, found, failures, seen);
        } else if meta.is_file() && has_report_extension(&path) {
            found.push(path);
        }
    }
}

fn has_report_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| REPORT_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Reads and checks every input on `jobs` threads (a shared counter hands out the next input);
/// the results come back in input order.
fn check_all(inputs: &[Input], stdin: &[u8], jobs: usize) -> Vec<Checked> {
    let one = |i: &Input| -> Checked {
        let text = read_input(i, stdin)?;
        let report = nianbao::check(&text);
        Ok((text, report))
    };
    let threads = jobs.min(inputs.len()).max(1);
    if threads == 1 {
        return inputs.iter().map(one).collect();
    }
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<Checked>> = (0..inputs.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(input) = inputs.get(i) else { break };
                        done.push((i, one(input)));
                    }
                    done
                })
            })
            .collect();
        for w in workers {
            // A worker that panicked leaves its inputs' slots empty (said below).
            if let Ok(done) = w.join() {
                for (i, c) in done {
                    slots[i] = Some(c);
                }
            }
        }
    });
    slots
        .into_iter()
        .map(|c| c.unwrap_or_else(|| Err("内部错误 / internal error".to_string())))
        .collect()
}

/// Reads a file (or stdin) as the text to check: text and HTML decoded, HTML and `.docx` read by
/// their structure (the same core reader as the page's), other kinds refused with their message.
fn read_input(input: &Input, stdin: &[u8]) -> Result<String, String> {
    let owned;
    let (bytes, name) = match &input.path {
        None => (stdin, ""),
        Some(p) => {
            owned = std::fs::read(p)
                .map_err(|e| format!("无法读取 {}: {}", input.name, io_message(&e)))?;
            (&owned[..], input.name.as_str())
        }
    };
    nianbao::input::open(name, bytes, nianbao::input::decode)
        .map(|opened| opened.text)
        .map_err(|why| why.0)
}

/// Everything checked, with the pairs found: what the output formats print.
struct Batch<'a> {
    inputs: &'a [Input],
    checked: &'a [Checked],
    pairing: &'a pairing::Pairing,
}

impl Batch<'_> {
    fn report(&self, i: usize) -> Option<(&str, &nianbao::Report)> {
        self.checked[i].as_ref().ok().map(|(t, r)| (t.as_str(), r))
    }

    /// Last year's report of input `i`, when it was paired: (text, name).
    fn previous_of(&self, i: usize) -> Option<(&str, &str)> {
        let &(last, _) = self.pairing.pairs.iter().find(|p| p.1 == i)?;
        let (text, _) = self.report(last)?;
        Some((text, self.inputs[last].name.as_str()))
    }

    /// Each report as `render_text` prints it (cross-year findings with last year's line too),
    /// then, for several inputs, the pairs found.
    fn text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (i, input) in self.inputs.iter().enumerate() {
            if let Some((text, report)) = self.report(i) {
                parts.push(render::render_text_paired(
                    report,
                    text,
                    &input.name,
                    self.previous_of(i),
                ));
            }
        }
        if self.inputs.len() > 1 && !parts.is_empty() {
            parts.push(self.cross_year(false));
        }
        parts.join("\n")
    }

    /// One input: the `check_json` bytes (with any cross-year findings). Several, or a
    /// directory: a JSON array of them.
    fn json(&self, single: bool) -> String {
        let parts: Vec<String> = (0..self.inputs.len())
            .filter_map(|i| self.report(i).map(|(_, r)| nianbao::json::to_json(r)))
            .collect();
        if single {
            parts.first().map_or(String::new(), |p| format!("{p}\n"))
        } else if parts.is_empty() {
            String::new()
        } else {
            format!("[{}]\n", parts.join(","))
        }
    }

    fn csv(&self) -> String {
        let rows = (0..self.inputs.len()).filter_map(|i| {
            self.report(i)
                .map(|(_, r)| (self.inputs[i].name.as_str(), r))
        });
        nianbao::desk::dataset::csv(rows)
    }

    /// One line per input (path, agency, year, template, counts, verdict), a totals line, then
    /// the pairs with their cross-year findings and what could not be paired.
    fn summary(&self) -> String {
        let header = [
            "文件", "机关", "年度", "模板", "错误", "警告", "提示", "结论",
        ];
        let mut rows: Vec<[String; 8]> = Vec::new();
        let mut totals = [0usize; 3];
        let mut with_errors = 0;
        let mut verdicts: Vec<(&str, usize)> = ["holds", "broken", "not_assessable", "not_read"]
            .iter()
            .map(|v| (*v, 0))
            .collect();
        let mut unreadable = 0;
        for (i, input) in self.inputs.iter().enumerate() {
            let Some((_, r)) = self.report(i) else {
                unreadable += 1;
                rows.push([
                    input.name.clone(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "unreadable".into(),
                ]);
                continue;
            };
            let counts = [Severity::Error, Severity::Warning, Severity::Info].map(|s| r.count(s));
            for (t, c) in totals.iter_mut().zip(counts) {
                *t += c;
            }
            with_errors += usize::from(counts[0] > 0);
            let status = r.verdict.status();
            if let Some(v) = verdicts.iter_mut().find(|v| v.0 == status) {
                v.1 += 1;
            }
            rows.push([
                input.name.clone(),
                r.agency.clone().unwrap_or_else(|| "-".into()),
                r.year.map_or("-".into(), |y| y.to_string()),
                r.template.map_or("-", |t| t.as_str()).into(),
                counts[0].to_string(),
                counts[1].to_string(),
                counts[2].to_string(),
                status.into(),
            ]);
        }
        let mut widths = header.map(|h| h.width());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, cells: [&str; 8]| {
            let mut l = String::new();
            for (k, (cell, w)) in cells.iter().zip(widths).enumerate() {
                if k > 0 {
                    l.push_str("  ");
                }
                // Counts right-aligned; the last column not padded.
                if (4..7).contains(&k) {
                    l.push_str(&render::pad_left(cell, w));
                } else if k == 7 {
                    l.push_str(cell);
                } else {
                    l.push_str(&render::pad_right(cell, w));
                }
            }
            out.push_str(&l);
            out.push('\n');
        };
        line(&mut out, header);
        for row in &rows {
            line(&mut out, std::array::from_fn(|k| row[k].as_str()));
        }
        let n = self.inputs.len();
        let mut total = format!(
            "合计：{n} 份报告 · 错误 {} · 警告 {} · 提示 {} · 有错误的报告 {with_errors} 份 ·",
            totals[0], totals[1], totals[2]
        );
        for (v, c) in &verdicts {
            total.push_str(&format!(" {v} {c}"));
        }
        if unreadable > 0 {
            total.push_str(&format!(" unreadable {unreadable}"));
        }
        out.push_str(&total);
        out.push_str("\n\n");
        out.push_str(&self.cross_year(true));
        out
    }

    /// The pairs found (with their cross-year findings when `findings` is set) and what could not
    /// be paired.
    fn cross_year(&self, findings: bool) -> String {
        let mut out = String::new();
        let pairs = &self.pairing.pairs;
        if pairs.is_empty() {
            out.push_str("跨年度核对：没有同一机关相邻年度的报告可配对\n");
        } else {
            out.push_str(&format!(
                "跨年度核对：{} 对（同一机关相邻年度）\n",
                pairs.len()
            ));
        }
        for &(last, this) in pairs {
            let (Some((_, lr)), Some((_, tr))) = (self.report(last), self.report(this)) else {
                continue;
            };
            let cross: Vec<&nianbao::Diagnostic> = tr
                .diagnostics
                .iter()
                .filter(|d| d.previous.is_some())
                .collect();
            let count = |s: Severity| cross.iter().filter(|d| d.severity == s).count();
            out.push_str(&format!(
                "{} {} → {}：{} → {}：错误 {} · 警告 {} · 提示 {}\n",
                tr.agency.as_deref().unwrap_or("-"),
                lr.year.map_or("-".into(), |y| y.to_string()),
                tr.year.map_or("-".into(), |y| y.to_string()),
                self.inputs[last].name,
                self.inputs[this].name,
                count(Severity::Error),
                count(Severity::Warning),
                count(Severity::Info),
            ));
            if findings {
                for d in cross {
                    out.push_str(&format!(
                        "  {}[{}]: {}\n",
                        d.severity.as_str(),
                        d.code,
                        d.message
                    ));
                }
            }
        }
        let names = |idx: &[usize]| -> String {
            const SHOWN: usize = 5;
            let mut s: Vec<&str> = idx
                .iter()
                .take(SHOWN)
                .map(|&i| self.inputs[i].name.as_str())
                .collect();
            let more;
            if idx.len() > SHOWN {
                more = format!("等 {} 份", idx.len());
                s.push(&more);
            }
            s.join("、")
        };
        let p = self.pairing;
        if !p.no_agency.is_empty() {
            out.push_str(&format!(
                "未配对：{} 份报告未识别机关名称：{}\n",
                p.no_agency.len(),
                names(&p.no_agency)
            ));
        }
        if !p.no_year.is_empty() {
            out.push_str(&format!(
                "未配对：{} 份报告未识别年度：{}\n",
                p.no_year.len(),
                names(&p.no_year)
            ));
        }
        for group in &p.duplicates {
            let Some((_, r)) = self.report(group[0]) else {
                continue;
            };
            out.push_str(&format!(
                "未配对：{} {} 有 {} 份报告：{}\n",
                r.agency.as_deref().unwrap_or("-"),
                r.year.map_or("-".into(), |y| y.to_string()),
                group.len(),
                names(group)
            ));
        }
        out
    }
}

/// The OS message without Rust's " (os error N)" suffix.
fn io_message(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

// ---------------------------------------------------------------------------------------------
// rules, rule
// ---------------------------------------------------------------------------------------------

fn rules(args: &[String]) -> Outcome {
    if let Some(extra) = args.first() {
        return Err(usage_error(&format!(
            "rules 不需要参数 / takes no arguments: {extra}"
        )));
    }
    let sev_w = RULES
        .iter()
        .map(|r| r.severity.as_str().len())
        .max()
        .unwrap_or(0);
    let name_w = RULES.iter().map(|r| r.name.width()).max().unwrap_or(0);
    let mut out = String::new();
    for r in RULES {
        out.push_str(&format!(
            "{}  {}  {}  {}\n",
            r.code,
            render::pad_right(r.severity.as_str(), sev_w),
            render::pad_right(r.name, name_w),
            r.summary
        ));
    }
    print_out(&out);
    Ok(ExitCode::SUCCESS)
}

fn rule(args: &[String]) -> Outcome {
    let [code] = args else {
        return Err(usage_error("用法 / usage: nianbao rule CODE"));
    };
    let Some(r) = rule_by_code(code) else {
        return Err(usage_error(&format!(
            "未知规则 / unknown rule: {code}（nianbao rules 列出全部规则）"
        )));
    };
    let out = format!(
        "{} {}\n级别 / severity: {}（{}）\n{}\n\n{}\n",
        r.code,
        r.name,
        r.severity.as_str(),
        r.severity.zh(),
        r.summary,
        r.doc
    );
    print_out(&out);
    Ok(ExitCode::SUCCESS)
}
