//! The core compiled to WebAssembly reads the fixtures exactly as natively (run by wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use serde_json::Value;
use wasm_bindgen_test::wasm_bindgen_test;

const FIXTURES: &[(&str, &str, &str)] = &[
    (
        "000",
        include_str!("fixtures/seeds/000_1d8a7430696514a6.txt"),
        include_str!("fixtures/seeds/000_1d8a7430696514a6.expected.json"),
    ),
    (
        "001",
        include_str!("fixtures/seeds/001_8be41c244005adf4.txt"),
        include_str!("fixtures/seeds/001_8be41c244005adf4.expected.json"),
    ),
    (
        "002",
        include_str!("fixtures/seeds/002_fd51e9f6bd28d4cd.txt"),
        include_str!("fixtures/seeds/002_fd51e9f6bd28d4cd.expected.json"),
    ),
    (
        "003",
        include_str!("fixtures/seeds/003_2baf5ee0490418e5.txt"),
        include_str!("fixtures/seeds/003_2baf5ee0490418e5.expected.json"),
    ),
    (
        "004",
        include_str!("fixtures/seeds/004_63cb935bb53fbf27.txt"),
        include_str!("fixtures/seeds/004_63cb935bb53fbf27.expected.json"),
    ),
    (
        "huaian-layout",
        include_str!("fixtures/corpus/huaian-2024.pdftotext-layout.txt"),
        include_str!("fixtures/corpus/huaian-2024.expected.json"),
    ),
    (
        "huaian-raw",
        include_str!("fixtures/corpus/huaian-2024.pdftotext-raw.txt"),
        include_str!("fixtures/corpus/huaian-2024.expected.json"),
    ),
    (
        "pingtan-2024-browser",
        include_str!("fixtures/corpus/pingtan-2024.browser-copy.txt"),
        include_str!("fixtures/corpus/pingtan-2024.expected.json"),
    ),
    (
        "shkw",
        include_str!("fixtures/corpus/shkw-2024.converter-markdown.txt"),
        include_str!("fixtures/corpus/shkw-2024.expected.json"),
    ),
];

#[wasm_bindgen_test]
fn fixtures_read_the_same_in_wasm() {
    for (name, text, expected) in FIXTURES {
        let json: Value = serde_json::from_str(&nianbao::check_json(text)).unwrap();
        let exp: Value = serde_json::from_str(expected).unwrap();
        let mut n = 0;
        for table in ["active_disclosure", "applications"] {
            for (row, cols) in exp[table].as_object().unwrap() {
                for (col, v) in cols.as_object().unwrap() {
                    if let Some(v) = v.as_f64() {
                        let got = json["tables"][table][row][col]["value"].as_f64();
                        assert_eq!(got, Some(v), "{name}: {table}.{row}.{col}");
                        n += 1;
                    }
                }
            }
        }
        for (k, v) in exp["review_litigation"].as_object().unwrap() {
            if let Some(v) = v.as_f64() {
                assert_eq!(
                    json["tables"]["review_litigation"][k]["value"].as_f64(),
                    Some(v),
                    "{name}: {k}"
                );
                n += 1;
            }
        }
        assert!(n > 100, "{name}: only {n} cells");
    }
}

#[wasm_bindgen_test]
fn garbage_never_panics_in_wasm() {
    for s in [
        "",
        "\u{0}",
        "一、本年新收政府信息公开申请数量99999999999999999999999",
        "|||\t\t\n--\n-3-",
        "总计总计总计1.2.3.4.",
    ] {
        let _ = nianbao::check_json(s);
    }
}

/// The JS API's object (`web::api::to_js`: the v1 JSON text parsed by `JSON.parse`) is the one
/// serde-wasm-bindgen made before, key for key and number for number, and a whole number beyond
/// JS's exact integers is refused with the same message.
#[wasm_bindgen_test]
fn the_js_object_is_the_one_serde_wasm_bindgen_made() {
    use nianbao::{Num, Report};
    use wasm_bindgen::JsValue;
    let old = |r: &Report| -> Result<JsValue, JsValue> {
        nianbao::json::serialize(r, &serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| JsValue::from_str(&e.to_string()))
    };
    let text = |v: Result<JsValue, JsValue>| match v {
        Ok(v) => Ok(String::from(js_sys::JSON::stringify(&v).unwrap())),
        Err(e) => Err(e.as_string().unwrap()),
    };
    let mut reports: Vec<Report> = FIXTURES.iter().map(|(_, t, _)| nianbao::check(t)).collect();
    reports.push(nianbao::check(""));
    reports.push(nianbao::check(
        "一、本年新收政府信息公开申请数量99999999999999999999999",
    ));
    // Decimals, and whole numbers at and beyond JS's exact integers (as values and candidates,
    // also written with trailing zero decimals).
    let exact = (1i64 << 53) - 1;
    for (value, candidate) in [
        (
            Num {
                mantissa: 125,
                scale: 2,
            },
            Num::int(7),
        ),
        (
            Num {
                mantissa: -123_456_789_012_345,
                scale: 4,
            },
            Num {
                mantissa: 1,
                scale: 8,
            },
        ),
        (Num::int(exact), Num::int(-exact)),
        (Num::int(exact + 1), Num::int(1)),
        (Num::int(1), Num::int(-exact - 1)),
        (
            Num {
                mantissa: (exact + 1) * 10,
                scale: 1,
            },
            Num::int(1),
        ),
        (Num::int(i64::MIN), Num::int(i64::MAX)),
    ] {
        let mut r = nianbao::check(FIXTURES[0].1);
        let cell = &mut r.tables.applications.rows[2].cells[3].1;
        cell.value = Some(value);
        cell.candidates = vec![candidate, value];
        reports.push(r);
    }
    let mut refused = 0;
    for r in &reports {
        let new = text(nianbao::web::api::to_js(r));
        refused += usize::from(new.is_err());
        assert_eq!(new, text(old(r)));
    }
    assert_eq!(refused, 4);
}
