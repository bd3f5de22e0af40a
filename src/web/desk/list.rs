//! The desk's list: one row per report (file, agency, year, template, errors, warnings, verdict, decisions), sortable and filterable, with the exports.

use super::{Action, Column, Item, Show, State};
use crate::desk::export::{self, Entry};
use crate::desk::review::tally;
use crate::model::Severity;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<State>,
}

/// The verdict in words.
pub fn verdict_zh(status: &str) -> &'static str {
    match status {
        "holds" => "勾稽关系全部成立",
        "broken" => "勾稽关系不成立",
        "not_read" => "表格未能读出",
        "not_assessable" => "部分无法核对",
        _ => "无法读取",
    }
}

fn verdict_class(status: &str) -> &'static str {
    match status {
        "holds" => "nb-ok",
        "broken" | "unreadable" => "nb-bad",
        _ => "nb-warn",
    }
}

fn count(i: &Item, s: Severity) -> usize {
    i.report.as_ref().map_or(0, |r| r.count(s))
}

fn entries(items: &[Item]) -> Vec<Entry<'_>> {
    items
        .iter()
        .map(|i| Entry {
            file: &i.name,
            report: match (&i.report, &i.error) {
                (Some(r), _) => Ok(&**r),
                (None, e) => Err(e.as_deref().unwrap_or("无法读取")),
            },
            key: &i.key,
        })
        .collect()
}

#[function_component(List)]
pub fn list(props: &Props) -> Html {
    let s = &*props.state;
    if s.items.is_empty() {
        return html! {
            <section class="nb-summary nb-empty nb-start" aria-label="如何开始">
                <h2>{"如何开始"}</h2>
                <ol>
                    <li>{"把一批报告文件拖到上面的框里，或点“打开文件…”一次选多份；也可以粘贴报告全文（多份一份接一份）。"}</li>
                    <li>{"每份报告一行：错误、警告和结论一目了然；同一机关相邻两年的报告会自动比对（上年结转、现行有效件数、内容雷同）。"}</li>
                    <li>{"点开一份报告，对每条问题选“确认”或“忽略”（写明理由）；决定保存在本机，重新核对同一份报告时仍在。"}</li>
                    <li>{"打印审核意见发回修改；导出汇总表、数据集（CSV，Excel 可直接打开）或包含审核决定的 JSON。"}</li>
                </ol>
                <p class="nb-local">{"全部在本机浏览器中完成：文本和文件不会上传到任何地方。"}</p>
            </section>
        };
    }
    let dispatch = |a: fn() -> Action| {
        let d = props.state.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(a()))
    };
    let view = &s.view;
    let needle = view.filter.trim().to_lowercase();
    let mut rows: Vec<(usize, &Item)> = s
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| {
            needle.is_empty()
                || i.name.to_lowercase().contains(&needle)
                || i.report
                    .as_ref()
                    .and_then(|r| r.agency.as_deref())
                    .is_some_and(|a| a.to_lowercase().contains(&needle))
        })
        .filter(|(_, i)| match view.show {
            Show::All => true,
            Show::Errors => i.error.is_some() || count(i, Severity::Error) > 0,
            Show::NotHolding => i.status() != "holds",
            Show::Undecided => i
                .report
                .as_ref()
                .is_some_and(|r| tally(r, s.decisions.get(&i.key)).open > 0),
        })
        .collect();
    let open_of = |i: &Item| {
        i.report
            .as_ref()
            .map_or(0, |r| tally(r, s.decisions.get(&i.key)).open)
    };
    rows.sort_by(|(ai, a), (bi, b)| {
        let o = match view.sort {
            Column::Order => ai.cmp(bi),
            Column::File => a.name.cmp(&b.name),
            Column::Agency => {
                let ag = |i: &Item| i.report.as_ref().and_then(|r| r.agency.clone());
                ag(a).cmp(&ag(b))
            }
            Column::Year => {
                let y = |i: &Item| i.report.as_ref().and_then(|r| r.year);
                y(a).cmp(&y(b))
            }
            Column::Template => {
                let t = |i: &Item| {
                    i.report
                        .as_ref()
                        .and_then(|r| r.template.map(|t| t.as_str()))
                };
                t(a).cmp(&t(b))
            }
            Column::Errors => count(a, Severity::Error).cmp(&count(b, Severity::Error)),
            Column::Warnings => count(a, Severity::Warning).cmp(&count(b, Severity::Warning)),
            Column::Verdict => a.status().cmp(b.status()),
            Column::Open => open_of(a).cmp(&open_of(b)),
        };
        let o = o.then(ai.cmp(bi));
        if view.descending {
            o.reverse()
        } else {
            o
        }
    });

    let header = |c: Column, label: &str| {
        let d = props.state.dispatcher();
        let sorted = view.sort == c;
        let aria = match (sorted, view.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        let arrow = match (sorted, view.descending) {
            (false, _) => "",
            (true, false) => " ▲",
            (true, true) => " ▼",
        };
        html! {
            <th scope="col" aria-sort={aria}>
                <button type="button" class="nb-sort" onclick={Callback::from(move |_| d.dispatch(Action::Sort(c)))}>
                    { label.to_string() }{ arrow }
                </button>
            </th>
        }
    };
    let on_filter = {
        let d = props.state.dispatcher();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                d.dispatch(Action::Filter(i.value()));
            }
        })
    };
    let on_show = {
        let d = props.state.dispatcher();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                let show = match sel.value().as_str() {
                    "errors" => Show::Errors,
                    "not_holding" => Show::NotHolding,
                    "undecided" => Show::Undecided,
                    _ => Show::All,
                };
                d.dispatch(Action::Show(show));
            }
        })
    };
    let download = |name: &'static str, mime: &'static str, make: fn(&State) -> String| {
        let state = props.state.clone();
        Callback::from(move |_: MouseEvent| super::super::dom::download(name, mime, &make(&state)))
    };
    let on_summary = download("nianbao-汇总.csv", "text/csv", |s| {
        export::summary_csv(&entries(&s.items), &s.decisions)
    });
    let on_dataset = download("nianbao-数据集.csv", "text/csv", |s| {
        crate::desk::dataset::csv_with_review(s.items.iter().filter_map(|i| {
            i.report
                .as_ref()
                .map(|r| (i.name.as_str(), &**r, s.decisions.get(&i.key)))
        }))
    });
    let on_json = download("nianbao-审核.json", "application/json", |s| {
        export::json(&entries(&s.items), &s.decisions)
    });

    let errors: usize = s.items.iter().map(|i| count(i, Severity::Error)).sum();
    let with_errors = s
        .items
        .iter()
        .filter(|i| i.error.is_some() || count(i, Severity::Error) > 0)
        .count();
    let shown = rows.len();
    html! {
        <section class="nb-desk-list" aria-label="报告列表">
            <div class="nb-toolbar">
                <p class="nb-desk-totals" data-reports={s.items.len().to_string()}>
                    { format!("{} 份报告 · 有错误的 {} 份 · 错误共 {} 条 · 相邻年度配对 {} 组", s.items.len(), with_errors, errors, s.pairs) }
                </p>
                <label class="nb-select">{"筛选："}
                    <input type="search" id="nb-desk-filter" placeholder="文件名或机关" value={view.filter.clone()} oninput={on_filter} />
                </label>
                <label class="nb-select">
                    <span class="nb-visually-hidden">{"显示哪些报告"}</span>
                    <select id="nb-desk-show" onchange={on_show} aria-label="显示哪些报告">
                        <option value="all" selected={view.show == Show::All}>{"全部报告"}</option>
                        <option value="errors" selected={view.show == Show::Errors}>{"有错误的"}</option>
                        <option value="not_holding" selected={view.show == Show::NotHolding}>{"勾稽关系未全部成立的"}</option>
                        <option value="undecided" selected={view.show == Show::Undecided}>{"有待审核问题的"}</option>
                    </select>
                </label>
            </div>
            <div class="nb-export" role="group" aria-label="导出">
                <button type="button" class="nb-button" id="nb-desk-summary" onclick={on_summary}>{"导出汇总 CSV"}</button>
                <button type="button" class="nb-button" id="nb-desk-dataset" onclick={on_dataset}>{"导出数据集 CSV"}</button>
                <button type="button" class="nb-button" id="nb-desk-json" onclick={on_json}>{"导出全部 JSON（含审核决定）"}</button>
                <button type="button" class="nb-button" id="nb-desk-clear" onclick={dispatch(|| Action::Clear)}>{"清空列表"}</button>
            </div>
            if shown < s.items.len() {
                <p class="nb-desk-shown">{ format!("显示 {shown} / {} 份", s.items.len()) }</p>
            }
            <table class="nb-table nb-desk-table">
                <thead><tr>
                    { header(Column::Order, "#") }
                    { header(Column::File, "文件") }
                    { header(Column::Agency, "机关") }
                    { header(Column::Year, "年度") }
                    { header(Column::Template, "模板") }
                    { header(Column::Errors, "错误") }
                    { header(Column::Warnings, "警告") }
                    { header(Column::Verdict, "结论") }
                    { header(Column::Open, "审核") }
                    <th scope="col"><span class="nb-visually-hidden">{"操作"}</span></th>
                </tr></thead>
                <tbody>
                { for rows.into_iter().map(|(k, i)| {
                    let r = i.report.as_deref();
                    let status = i.status();
                    let t = r.map(|r| tally(r, s.decisions.get(&i.key))).unwrap_or_default();
                    let id = i.id;
                    let open = { let d = props.state.dispatcher(); Callback::from(move |_: MouseEvent| d.dispatch(Action::Open(Some(id)))) };
                    let remove = { let d = props.state.dispatcher(); Callback::from(move |_: MouseEvent| d.dispatch(Action::Remove(id))) };
                    let dash = || "—".to_string();
                    html! {
                        <tr key={id} data-status={status}>
                            <td>{ k + 1 }</td>
                            <td><button type="button" class="nb-link nb-desk-open" onclick={open} title="查看这份报告的核对结果">{ &i.name }</button></td>
                            <td>{ r.and_then(|r| r.agency.clone()).unwrap_or_else(dash) }</td>
                            <td>{ r.and_then(|r| r.year).map_or_else(dash, |y| y.to_string()) }</td>
                            <td>{ r.and_then(|r| r.template).map_or_else(dash, |t| t.as_str().to_string()) }</td>
                            <td class="nb-num" data-col="errors">{ r.map_or_else(dash, |r| r.count(Severity::Error).to_string()) }</td>
                            <td class="nb-num" data-col="warnings">{ r.map_or_else(dash, |r| r.count(Severity::Warning).to_string()) }</td>
                            <td class={verdict_class(status)} data-col="verdict" title={ i.error.clone().unwrap_or_default() }>{ verdict_zh(status) }</td>
                            <td data-col="decisions">{ if r.is_some() { format!("已确认 {} · 已忽略 {} · 待定 {}", t.confirmed, t.ignored, t.open) } else { dash() } }</td>
                            <td><button type="button" class="nb-link" onclick={remove} aria-label={format!("从列表移除 {}", i.name)}>{"移除"}</button></td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </section>
    }
}
