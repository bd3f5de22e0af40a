//! The `nianbao` command: checks report files (text or JSON output) and documents the rules.

use nianbao::{render, rule_by_code, RULES};
use std::io::{self, Read, Write};
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

const USAGE: &str = "\
nianbao — 读取并核对政府信息公开工作年度报告
(reads and checks 政府信息公开工作年度报告 text)

用法 / Usage:
  nianbao check FILE... [--format text|json]   核对报告（FILE 为 - 时读标准输入）
  nianbao rules                                列出全部规则
  nianbao rule CODE                            显示一条规则的说明
  nianbao --help | -h                          显示本帮助
  nianbao --version | -V                       显示版本

输入编码 / Input encoding: UTF-8（可带 BOM）、带 BOM 的 UTF-16、GB18030。

退出码 / Exit status:
  0  没有错误级别的发现 (no error-severity findings)
  1  至少一个文件有错误级别的发现 (some file has errors)
  2  用法错误或无法读取输入 (usage or input error)
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
}

struct CheckArgs {
    files: Vec<String>,
    format: Format,
}

fn parse_check_args(args: &[String]) -> Result<CheckArgs, Fail> {
    let mut files = Vec::new();
    let mut format = Format::Text;
    let mut it = args.iter();
    let mut options_done = false;
    while let Some(arg) = it.next() {
        if options_done || arg == "-" || !arg.starts_with('-') {
            files.push(arg.clone());
            continue;
        }
        let value = match arg.as_str() {
            "--" => {
                options_done = true;
                continue;
            }
            "--format" | "-f" => it.next().map(String::as_str),
            a => match a.strip_prefix("--format=") {
                Some(v) => Some(v),
                None => return Err(usage_error(&format!("未知选项 / unknown option: {a}"))),
            },
        };
        format = match value {
            Some("text") => Format::Text,
            Some("json") => Format::Json,
            Some(v) => {
                return Err(usage_error(&format!(
                    "--format 只能是 text 或 json / must be text or json, not {v}"
                )))
            }
            None => {
                return Err(usage_error(
                    "--format 需要一个值 / needs a value (text|json)",
                ))
            }
        };
    }
    if files.is_empty() {
        return Err(usage_error(
            "check 需要至少一个文件 / needs at least one FILE (- for stdin)",
        ));
    }
    Ok(CheckArgs { files, format })
}

fn check(args: &[String]) -> Outcome {
    let args = parse_check_args(args)?;
    let mut inputs = Vec::with_capacity(args.files.len());
    for file in &args.files {
        inputs.push((display_name(file), read_input(file)?));
    }
    let reports: Vec<nianbao::Report> = inputs
        .iter()
        .map(|(_, text)| nianbao::check(text))
        .collect();
    let output = match args.format {
        Format::Text => text_output(&inputs, &reports),
        Format::Json => json_output(&reports),
    };
    print_out(&output);
    let errors = reports.iter().any(|r| r.has_errors());
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn display_name(file: &str) -> String {
    if file == "-" {
        "<stdin>".to_string()
    } else {
        file.to_string()
    }
}

fn text_output(inputs: &[(String, String)], reports: &[nianbao::Report]) -> String {
    let parts: Vec<String> = inputs
        .iter()
        .zip(reports)
        .map(|((name, text), report)| render::render_text(report, text, name))
        .collect();
    parts.join("\n")
}

/// One report: the `check_json` bytes. Several: a JSON array of exactly those bytes.
fn json_output(reports: &[nianbao::Report]) -> String {
    let parts: Vec<String> = reports.iter().map(nianbao::json::to_json).collect();
    if parts.len() == 1 {
        format!("{}\n", parts[0])
    } else {
        format!("[{}]\n", parts.join(","))
    }
}

/// Reads a file (or stdin) as the text to check: text and HTML decoded, HTML and `.docx` read by
/// their structure (the same core reader as the page's), other kinds refused with their message.
fn read_input(file: &str) -> Result<String, Fail> {
    let bytes = if file == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Fail(format!("无法读取标准输入 / cannot read stdin: {e}")))?;
        buf
    } else {
        std::fs::read(file).map_err(|e| Fail(format!("无法读取 {file}: {}", io_message(&e))))?
    };
    let name = if file == "-" { "" } else { file };
    nianbao::input::open(name, &bytes, nianbao::input::decode)
        .map(|opened| opened.text)
        .map_err(|why| Fail(format!("{}: {}", display_name(file), why.0)))
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
