//! The page's state and its reducer: the text, its report, what is selected (Yew `use_reducer`).

use crate::model::{CellRef, Report, Span};
use std::rc::Rc;
use yew::Reducible;

/// A checked text: the report and a generation number that changes with every check (cheap
/// equality for components).
#[derive(Clone)]
pub struct Checked {
    pub generation: u64,
    pub text: Rc<str>,
    pub report: Rc<Report>,
}

impl Checked {
    /// Nothing to check yet (empty or white space only): the page shows how to start instead of
    /// the findings about a missing report.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

impl PartialEq for Checked {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

/// What the user pointed at: a finding (by index) or a cell; its cells and source span.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Selection {
    pub finding: Option<usize>,
    pub cells: Vec<CellRef>,
    pub span: Option<Span>,
    /// Bumped on every selection, so selecting the same thing twice still scrolls to it.
    pub nonce: u64,
}

#[derive(Clone, PartialEq)]
pub struct State {
    pub checked: Checked,
    pub selection: Selection,
    /// A message about input handling (a file that could not be read, storage unavailable…).
    pub notice: Option<String>,
}

pub enum Action {
    /// Check this text (replacing the current one).
    Check(String),
    SelectFinding(usize),
    SelectCell(CellRef),
    Notice(Option<String>),
}

impl State {
    pub fn new(text: String) -> State {
        State {
            checked: check(0, text),
            selection: Selection::default(),
            notice: None,
        }
    }
}

fn check(generation: u64, text: String) -> Checked {
    let report = crate::check(&text);
    Checked {
        generation,
        text: text.into(),
        report: Rc::new(report),
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let nonce = self.selection.nonce + 1;
        match action {
            Action::Check(text) => {
                if *self.checked.text == *text {
                    // Nothing to re-check; a message about an earlier file or paste is stale.
                    return match self.notice {
                        None => self,
                        Some(_) => Rc::new(State {
                            notice: None,
                            ..(*self).clone()
                        }),
                    };
                }
                Rc::new(State {
                    checked: check(self.checked.generation + 1, text),
                    selection: Selection::default(),
                    notice: None,
                })
            }
            Action::SelectFinding(i) => {
                let Some(d) = self.checked.report.diagnostics.get(i) else {
                    return self;
                };
                let span = d.span.or_else(|| {
                    d.cells
                        .iter()
                        .find_map(|c| self.checked.report.tables.cell(c).and_then(|c| c.span))
                });
                Rc::new(State {
                    selection: Selection {
                        finding: Some(i),
                        cells: d.cells.clone(),
                        span,
                        nonce,
                    },
                    ..(*self).clone()
                })
            }
            Action::SelectCell(r) => {
                let span = self.checked.report.tables.cell(&r).and_then(|c| c.span);
                Rc::new(State {
                    selection: Selection {
                        finding: None,
                        cells: vec![r],
                        span,
                        nonce,
                    },
                    ..(*self).clone()
                })
            }
            Action::Notice(n) => Rc::new(State {
                notice: n,
                ..(*self).clone()
            }),
        }
    }
}
