//! Exports: the v1 JSON (byte-identical to the CLI's), the tables as CSV, and printing.

use super::dom;
use super::state::Checked;
use crate::model::{Report, TableKey};
use crate::template::cell_name;
use yew::prelude::*;

/// The JSON the CLI prints for the same text (`nianbao check --format json`), newline included.
pub fn json(report: &Report) -> String {
    format!("{}\n", crate::json::to_json(report))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Every cell as a CSV row: table, row, column, name, value, status, source text, line, column.
pub fn csv(report: &Report) -> String {
    let mut out = String::from("\u{feff}table,row,column,name,value,status,text,line,col\n");
    for t in TableKey::ALL {
        for (row, col, cell) in report.tables.get(t).cells() {
            let r = crate::model::CellRef::new(t, row, col);
            let fields = [
                t.as_str().to_string(),
                row.to_string(),
                col.to_string(),
                cell_name(&r),
                cell.value.map(|v| v.to_string()).unwrap_or_default(),
                cell.status.as_str().to_string(),
                cell.text.clone().unwrap_or_default(),
                cell.span.map(|s| s.line.to_string()).unwrap_or_default(),
                cell.span.map(|s| s.column.to_string()).unwrap_or_default(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub checked: Checked,
}

#[function_component(Export)]
pub fn export(props: &Props) -> Html {
    // Nothing to export before a report is pasted.
    if props.checked.is_empty() {
        return html! {};
    }
    let base = {
        let r = &props.checked.report;
        let mut b = String::from("nianbao");
        if let Some(a) = &r.agency {
            b.push('-');
            b.push_str(a);
        }
        if let Some(y) = r.year {
            b.push_str(&format!("-{y}"));
        }
        b
    };
    let on_json = {
        let r = props.checked.report.clone();
        let name = format!("{base}.json");
        Callback::from(move |_: MouseEvent| dom::download(&name, "application/json", &json(&r)))
    };
    let on_csv = {
        let r = props.checked.report.clone();
        let name = format!("{base}.csv");
        Callback::from(move |_: MouseEvent| dom::download(&name, "text/csv", &csv(&r)))
    };
    let on_print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    html! {
        <div class="nb-export" role="group" aria-label="导出">
            <button type="button" class="nb-button" id="nb-export-json" onclick={on_json}>{"导出 JSON"}</button>
            <button type="button" class="nb-button" id="nb-export-csv" onclick={on_csv}>{"导出表格 CSV"}</button>
            <button type="button" class="nb-button" onclick={on_print}>{"打印"}</button>
        </div>
    }
}
