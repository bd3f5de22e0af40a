//! Word `.docx` files through `input::open` and `check`: the real report reads every expected cell, the blank template reads blank, and hostile zips are refused quickly.

use nianbao::input::{self, How, Opened, Refusal};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

fn decode(b: &[u8]) -> Result<String, String> {
    String::from_utf8(b.to_vec()).map_err(|e| e.to_string())
}

fn corpus(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel)
}

fn open_file(name: &str) -> Opened {
    let bytes = std::fs::read(corpus(&format!("files/{name}"))).expect("corpus file");
    let opened = input::open(name, &bytes, decode).expect("reads");
    assert_eq!(opened.how, How::Docx);
    assert!(opened.tables, "{name}: tables read by structure");
    opened
}

/// Every leaf cell of the result's tables, as (path, value, status).
fn cells(tables: &Value) -> Vec<(String, Value, String)> {
    fn walk(v: &Value, path: String, out: &mut Vec<(String, Value, String)>) {
        if let Some(status) = v.get("status").and_then(Value::as_str) {
            out.push((path, v["value"].clone(), status.to_string()));
        } else if let Some(map) = v.as_object() {
            for (k, v) in map {
                walk(v, format!("{path}/{k}"), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(tables, String::new(), &mut out);
    out
}

#[test]
fn pingtan_docx_reads_every_expected_cell() {
    let opened = open_file("pingtan-2024.docx");
    let report: Value =
        serde_json::from_str(&nianbao::json::to_json(&nianbao::check(&opened.text))).expect("json");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus("pingtan-2024.expected.json")).expect("expected file"),
    )
    .expect("expected json");
    for key in ["agency", "year", "template"] {
        assert_eq!(report[key], expected[key], "{key}");
    }
    let got: Vec<(String, Value, String)> = cells(&report["tables"]);
    let mut failures = Vec::new();
    let mut checked = 0;
    for table in ["active_disclosure", "applications", "review_litigation"] {
        let mut want = Vec::new();
        for (k, v) in expected[table].as_object().expect("table") {
            match v.as_object() {
                Some(row) => want.extend(row.iter().map(|(c, v)| (format!("/{table}/{k}/{c}"), v))),
                None => want.push((format!("/{table}/{k}"), v)),
            }
        }
        for (path, v) in want {
            let Some(v) = v.as_f64() else { continue };
            checked += 1;
            let cell = got.iter().find(|(p, _, _)| *p == path);
            let ok = cell.is_some_and(|(_, value, status)| {
                matches!(status.as_str(), "read" | "inferred")
                    && value.as_f64().is_some_and(|x| (x - v).abs() < 1e-9)
            });
            if !ok {
                failures.push(format!("{path}: expected {v}, got {cell:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cells wrong:\n{}\n--- text ---\n{}",
        failures.len(),
        failures.join("\n"),
        opened.text
    );
    assert!(checked >= 200, "only {checked} cells checked");
}

#[test]
fn pingtan_docx_reads_as_its_web_page() {
    let docx = open_file("pingtan-2024.docx");
    let html = std::fs::read_to_string(corpus("files/pingtan-2024.html")).expect("html");
    assert_eq!(docx.text, input::from_html(&html).text);
}

/// The blank template's cells of `table`, each of which must be `blank`.
fn assert_blank_template_table(table: &str) {
    let opened = open_file("template-2021-blank.docx");
    let report: Value =
        serde_json::from_str(&nianbao::json::to_json(&nianbao::check(&opened.text))).expect("json");
    let prefix = format!("/{table}/");
    let of_table: Vec<_> = cells(&report["tables"])
        .into_iter()
        .filter(|(p, _, _)| p.starts_with(&prefix))
        .collect();
    assert!(!of_table.is_empty(), "{table}: no cells\n{}", opened.text);
    let not_blank: Vec<_> = of_table.iter().filter(|(_, _, s)| s != "blank").collect();
    assert!(
        not_blank.is_empty(),
        "{table}: {} of {} cells not blank: {:?}\n--- text ---\n{}",
        not_blank.len(),
        of_table.len(),
        not_blank.iter().take(5).collect::<Vec<_>>(),
        opened.text
    );
}

#[test]
fn blank_template_reads_blank_tables_two_and_three() {
    assert_blank_template_table("active_disclosure");
    assert_blank_template_table("applications");
}

/// Table 四's only data row is 15 empty cells with no label: kept by the grid, written as a line
/// of empty fields, read as 15 blank cells.
#[test]
fn blank_template_reads_blank_table_four() {
    assert_blank_template_table("review_litigation");
}

/// The blank template: every table found (no S002), and S005 says each table's cells are blank.
#[test]
fn blank_template_says_s005_for_every_table_and_finds_them_all() {
    let opened = open_file("template-2021-blank.docx");
    let report = nianbao::check(&opened.text);
    let s005: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "S005")
        .map(|d| d.message.as_str())
        .collect();
    for table in ["表二", "表三", "表四"] {
        assert!(
            s005.iter().any(|m| m.starts_with(table)),
            "no S005 for {table}: {s005:?}"
        );
    }
    assert!(
        !report.diagnostics.iter().any(|d| d.code == "S002"),
        "a table not found: {:?}",
        report
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile files: each is refused with a message, quickly, and nothing panics.

/// A zip of the given entries: (name, method, bytes as stored, uncompressed size). CRCs are left
/// 0: the reader does not verify them.
fn zip(files: &[(&str, u16, &[u8], u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut cd = Vec::new();
    for &(name, method, data, size) in files {
        let offset = out.len() as u32;
        for central in [false, true] {
            let h = if central { &mut cd } else { &mut out };
            h.extend(if central {
                b"PK\x01\x02"
            } else {
                b"PK\x03\x04"
            });
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend([0u8; 8]);
            h.extend((data.len() as u32).to_le_bytes());
            h.extend(size.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            if central {
                h.extend([0u8; 10]);
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
        }
        out.extend(data);
    }
    let cd_offset = out.len() as u32;
    out.extend(&cd);
    out.extend(b"PK\x05\x06\0\0\0\0");
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((cd.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// Opens the bytes as `name`, expecting a refusal containing `why` within a few seconds.
fn refused(name: &str, bytes: &[u8], why: &str) {
    let start = Instant::now();
    let result = input::open(name, bytes, decode);
    let took = start.elapsed();
    match result {
        Err(Refusal(message)) => {
            assert!(message.contains(why), "{name}: {message}");
            assert!(!message.contains('\n'), "one line: {message}");
        }
        Ok(o) => panic!("{name}: read {} bytes of text", o.text.len()),
    }
    assert!(took < Duration::from_secs(5), "{name}: took {took:?}");
}

#[test]
fn not_a_zip_is_refused() {
    refused(
        "report.docx",
        b"this is plain text named .docx",
        "不是有效的 .docx",
    );
    refused(
        "report.docx",
        b"PK\x03\x04 and then nothing",
        "不是有效的 .docx",
    );
}

#[test]
fn truncated_zip_is_refused() {
    let bytes = std::fs::read(corpus("files/pingtan-2024.docx")).expect("corpus file");
    for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 30] {
        refused("pingtan-2024.docx", &bytes[..cut], "不是有效的 .docx");
    }
}

#[test]
fn zip_bomb_is_refused() {
    // 100 MB of zeros deflate to about 100 KB; the limit stops the inflating at 64 MiB. The
    // directory claims a small size, so only the limit can catch it.
    let zeros = vec![0u8; 100_000_000];
    let packed = miniz_oxide::deflate::compress_to_vec(&zeros, 10);
    drop(zeros);
    assert!(packed.len() < 1_000_000);
    let bomb = zip(&[("word/document.xml", 8, &packed, 1000)]);
    refused("bomb.docx", &bomb, "解压后过大");
}

#[test]
fn billion_laughs_is_harmless() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        xml.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    xml.push_str(concat!(
        "]>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p>",
        "</w:body></w:document>"
    ));
    let bytes = zip(&[("word/document.xml", 0, xml.as_bytes(), xml.len() as u32)]);
    let start = Instant::now();
    let opened = input::open("laughs.docx", &bytes, decode).expect("reads");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(opened.text, "正文\n");
}

#[test]
fn encrypted_entries_are_refused() {
    let xml = b"<w:document><w:body/></w:document>";
    let mut bytes = zip(&[("word/document.xml", 0, xml, xml.len() as u32)]);
    // Set bit 0 (encrypted) of the general purpose flags in both headers.
    bytes[6] = 1;
    let cd = bytes
        .windows(4)
        .position(|w| w == b"PK\x01\x02")
        .expect("central directory");
    bytes[cd + 8] = 1;
    refused("secret.docx", &bytes, "已加密");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 504]);
    ole.extend("EncryptedPackage".bytes().flat_map(|b| [b, 0]));
    assert!(input::docx::is_encrypted_package(&ole));
    assert!(matches!(input::docx::read(&ole), Err(Refusal(m)) if m.contains("已加密")));
    // Opened as a file (an OLE file, like .doc): said to be encrypted, not an old format.
    refused("secret.docx", &ole, "已加密");
}

#[test]
fn unknown_compression_and_missing_part_are_refused() {
    let xml = b"<w:document><w:body/></w:document>";
    refused(
        "odd.docx",
        &zip(&[("word/document.xml", 14, xml, xml.len() as u32)]),
        "不支持的压缩方式",
    );
    refused(
        "empty.docx",
        &zip(&[("word/styles.xml", 0, xml, xml.len() as u32)]),
        "没有 word/document.xml",
    );
    refused(
        "broken.docx",
        &zip(&[("word/document.xml", 0, b"<w:document><w:body></w:p>", 26)]),
        "XML",
    );
}
