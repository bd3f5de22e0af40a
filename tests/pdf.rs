//! PDF files through `input::open` and `check`: the real report and the PDFs we print from the corpus and from synthetic reports read every expected cell; encrypted, damaged, scanned and bomb PDFs are refused with their message, quickly.
#![cfg(feature = "pdf")]

use nianbao::input::{self, How, Opened, Refusal};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn decode(b: &[u8]) -> Result<String, String> {
    String::from_utf8(b.to_vec()).map_err(|e| e.to_string())
}

fn corpus(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel)
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(rel)
}

fn open_pdf(path: &Path) -> Opened {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = Instant::now();
    let opened = input::open("report.pdf", &bytes, decode)
        .unwrap_or_else(|Refusal(m)| panic!("{}: refused: {m}", path.display()));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{}: slow",
        path.display()
    );
    assert_eq!(opened.how, How::Pdf);
    assert!(opened.tables, "{}: tables read", path.display());
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

/// Reads `pdf` and compares every cell of `expected` (a number: read or inferred with that value;
/// null: blank). Returns how many cells were compared.
fn assert_reads(pdf: &Path, expected: &Path) -> usize {
    let opened = open_pdf(pdf);
    let report: Value =
        serde_json::from_str(&nianbao::json::to_json(&nianbao::check(&opened.text))).expect("json");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(expected)
            .unwrap_or_else(|e| panic!("{}: {e}", expected.display())),
    )
    .expect("expected json");
    for key in ["agency", "year", "template"] {
        if !expected[key].is_null() {
            assert_eq!(report[key], expected[key], "{}: {key}", pdf.display());
        }
    }
    let got = cells(&report["tables"]);
    let mut failures = Vec::new();
    let mut checked = 0;
    for table in ["active_disclosure", "applications", "review_litigation"] {
        let Some(t) = expected[table].as_object() else {
            continue;
        };
        let mut want = Vec::new();
        for (k, v) in t {
            match v.as_object() {
                Some(row) => want.extend(row.iter().map(|(c, v)| (format!("/{table}/{k}/{c}"), v))),
                None => want.push((format!("/{table}/{k}"), v)),
            }
        }
        for (path, v) in want {
            checked += 1;
            let cell = got.iter().find(|(p, _, _)| *p == path);
            let ok = match v.as_f64() {
                Some(v) => cell.is_some_and(|(_, value, status)| {
                    matches!(status.as_str(), "read" | "inferred")
                        && value.as_f64().is_some_and(|x| (x - v).abs() < 1e-9)
                }),
                None => cell.is_some_and(|(_, _, status)| status == "blank"),
            };
            if !ok {
                failures.push(format!("{path}: expected {v}, got {cell:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}: {} of {checked} cells wrong:\n{}\n--- text ---\n{}",
        pdf.display(),
        failures.len(),
        failures.join("\n"),
        opened.text
    );
    checked
}

#[test]
fn huaian_pdf_reads_every_expected_cell() {
    let n = assert_reads(
        &corpus("files/huaian-2024.pdf"),
        &corpus("huaian-2024.expected.json"),
    );
    assert!(n >= 200, "only {n} cells checked");
}

#[test]
fn pingtan_printed_by_libreoffice_reads_every_expected_cell() {
    let n = assert_reads(
        &fixture("pingtan-2024.lo-docx.pdf"),
        &corpus("pingtan-2024.expected.json"),
    );
    assert!(n >= 200, "only {n} cells checked");
    // LibreOffice's HTML import drops the page's title (the agency's name): not expected there.
    let n = assert_reads(
        &fixture("pingtan-2024.lo-html.pdf"),
        &fixture("pingtan-2024.lo-html.expected.json"),
    );
    assert!(n >= 200, "only {n} cells checked");
}

/// Printed by Chromium from the corpus page with 31 number cells blanked and a page break forced
/// inside table 三 (`make.py`): every number read, every blank cell blank, across the break.
#[test]
fn blank_cells_and_a_page_break_inside_table_three() {
    let n = assert_reads(
        &fixture("pingtan-2024.blank-break.chromium.pdf"),
        &fixture("pingtan-2024.blank-break.chromium.expected.json"),
    );
    assert!(n >= 200, "only {n} cells checked");
}

/// Refilled sources printed by LibreOffice (`tests/fixtures/pastes/tools/refill.py` seeds 50 and 7):
/// numbers wrapped in their narrow cells (（七）总计's 12300 as 1230 / 0; table 四's 439 as 43 / 9,
/// beside blank cells) are one number each, not two.
#[test]
fn numbers_wrapped_in_their_cells_read_whole() {
    for stem in ["refill-0050-pingtan.lo-docx", "refill-0007-tmpl.lo-docx"] {
        let n = assert_reads(
            &fixture(&format!("{stem}.pdf")),
            &fixture(&format!("{stem}.expected.json")),
        );
        assert!(n >= 190, "{stem}: only {n} cells checked");
    }
}

/// A web page printed by Chrome with its default header and footer (refill.py seed 17): the date
/// and time above each page ("2023/6/18 10:17  TITLE") and the address and page counter below it
/// ("https://…  3/4") are not cells, even where the page break cuts table 四 in two.
#[test]
fn browser_print_header_and_footer_are_not_cells() {
    let stem = "refill-0017-pingtan.chrome-print";
    let n = assert_reads(
        &fixture(&format!("{stem}.pdf")),
        &fixture(&format!("{stem}.expected.json")),
    );
    assert!(n >= 190, "{stem}: only {n} cells checked");
}

// ---------------------------------------------------------------------------------------------
// Bad PDFs: each is refused with its message, quickly, and nothing panics.

/// A PDF of the given objects (numbered from 1; object 1 the catalog), with a correct xref table.
fn pdf_file(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).bytes());
        out.extend(body);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    v.extend(data);
    v.extend(b"\nendstream");
    v
}

/// One page whose resources and contents are objects 4… (`contents`: the /Contents value).
fn one_page(resources: &str, contents: &str, rest: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents {contents} >>"
        )
        .into_bytes(),
    ];
    objects.extend(rest);
    pdf_file(&objects)
}

/// Opens the bytes as a PDF, expecting a one-line refusal containing `why` within a few seconds.
fn refused(what: &str, bytes: &[u8], why: &str) {
    let start = Instant::now();
    let result = input::open("report.pdf", bytes, decode);
    let took = start.elapsed();
    match result {
        Err(Refusal(message)) => {
            assert!(message.contains(why), "{what}: {message}");
            assert!(!message.contains('\n'), "one line: {message}");
        }
        Ok(o) => panic!("{what}: read {} bytes of text:\n{}", o.text.len(), o.text),
    }
    assert!(took < Duration::from_secs(5), "{what}: took {took:?}");
}

/// A font the file does not embed (here a standard one) cannot be drawn without font files of
/// our own (hayro's `embed-fonts`, ~240 KB, left out): said so, not "no text".
#[test]
fn fonts_not_embedded_are_said() {
    let content = b"BT /F1 12 Tf 72 700 Td (Hello 2024) Tj ET";
    let pdf = one_page(
        "<< /Font << /F1 5 0 R >> >>",
        "4 0 R",
        vec![
            stream("", content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_vec(),
        ],
    );
    refused("standard font", &pdf, "字体没有嵌入");
}

#[test]
fn encrypted_pdf_is_refused() {
    // LibreOffice's export with an open password ("nianbao").
    let bytes = std::fs::read(fixture("encrypted.pdf")).expect("fixture");
    refused("encrypted", &bytes, "此 PDF 已加密");
}

#[test]
fn damaged_pdfs_are_refused() {
    let bytes = std::fs::read(corpus("files/huaian-2024.pdf")).expect("corpus file");
    for cut in [100, 2000, bytes.len() / 3] {
        let start = Instant::now();
        // A cut file may still give some pages: read or refused, never a panic, quickly.
        match input::open("report.pdf", &bytes[..cut], decode) {
            Ok(_) => {}
            Err(Refusal(m)) => assert!(m.contains("PDF"), "{m}"),
        }
        assert!(start.elapsed() < Duration::from_secs(5));
    }
    refused("header only", b"%PDF-1.7\n", "已损坏");
    let mut noise = b"%PDF-1.4\n".to_vec();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..100_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise.push(x as u8);
    }
    refused("random bytes", &noise, "已损坏");
}

#[test]
fn image_only_pdf_is_said_to_need_ocr() {
    let pixels = vec![0x80u8; 64];
    let pdf = one_page(
        "<< /XObject << /Im1 5 0 R >> >>",
        "4 0 R",
        vec![
            stream("", b"q 400 0 0 600 100 100 cm /Im1 Do Q"),
            stream(
                "/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8",
                &pixels,
            ),
        ],
    );
    refused(
        "scan",
        &pdf,
        "没有文字层（可能是扫描件），需要先做文字识别（OCR）",
    );
    let empty = one_page("<< >>", "4 0 R", vec![stream("", b"")]);
    refused("empty page", &empty, "没有可读取的文字");
}

#[test]
fn deflate_bomb_is_refused() {
    // 300 content streams each inflating to 1 MiB: 300 MiB in all, past the 256 MiB measured.
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; 1 << 20], 10);
    let n = 300;
    let refs: Vec<String> = (0..n).map(|i| format!("{} 0 R", i + 4)).collect();
    let streams = (0..n)
        .map(|_| stream("/Filter /FlateDecode", &packed))
        .collect();
    let pdf = one_page("<< >>", &format!("[{}]", refs.join(" ")), streams);
    assert!(pdf.len() < 2_000_000);
    refused("bomb", &pdf, "解压后过大");
}
