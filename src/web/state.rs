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

/// A large text being checked in the page's worker (see `worker.rs`): shown as progress until its
/// result arrives as [`Action::Checked`] with the same `id` (a newer text's id is larger, so an
/// older result is ignored).
#[derive(Clone)]
pub struct Pending {
    pub id: u64,
    pub text: Rc<str>,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

#[derive(Clone, PartialEq)]
pub struct State {
    pub checked: Checked,
    pub selection: Selection,
    /// A message about input handling (a file that could not be read, storage unavailable…).
    pub notice: Option<String>,
    /// Worker: the text being checked off the main thread, if any (`checked` is the last result).
    pub pending: Option<Pending>,
}

pub enum Action {
    /// Check this text (replacing the current one).
    Check(String),
    /// Worker: the result for the pending text `id` (`None`: the worker failed, check it here).
    Checked(u64, Option<Rc<Report>>),
    SelectFinding(usize),
    SelectCell(CellRef),
    Notice(Option<String>),
}

impl State {
    pub fn new(text: String) -> State {
        // Worker: a large saved text is checked off the main thread, from an empty page.
        let (checked, pending) = if super::worker::wanted(&text) {
            let pending = Pending {
                id: 1,
                text: text.into(),
            };
            (check(0, String::new()), Some(pending))
        } else {
            (check(0, text), None)
        };
        State {
            checked,
            selection: Selection::default(),
            notice: None,
            pending,
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
                // Worker: the text being checked is not sent again; going back to the checked
                // text drops it.
                let same_pending = self.pending.as_ref().is_some_and(|p| *p.text == *text);
                if same_pending || *self.checked.text == *text {
                    // Nothing to re-check; a message about an earlier file or paste is stale.
                    let pending = self.pending.clone().filter(|_| same_pending);
                    return match (&self.notice, pending == self.pending) {
                        (None, true) => self,
                        _ => Rc::new(State {
                            notice: None,
                            pending,
                            ..(*self).clone()
                        }),
                    };
                }
                // Worker: a large text is checked off the main thread; its result comes back as
                // `Checked`, and until then the last result stays (hidden behind the progress).
                if super::worker::wanted(&text) {
                    let last = self.pending.as_ref().map_or(0, |p| p.id);
                    return Rc::new(State {
                        pending: Some(Pending {
                            id: last.max(self.checked.generation) + 1,
                            text: text.into(),
                        }),
                        notice: None,
                        ..(*self).clone()
                    });
                }
                Rc::new(State {
                    checked: check(self.checked.generation + 1, text),
                    selection: Selection::default(),
                    notice: None,
                    pending: None,
                })
            }
            Action::Checked(id, report) => {
                let Some(p) = self.pending.as_ref().filter(|p| p.id == id) else {
                    return self; // an older text's result
                };
                let report = report.unwrap_or_else(|| Rc::new(crate::check(&p.text)));
                Rc::new(State {
                    checked: Checked {
                        generation: id,
                        text: p.text.clone(),
                        report,
                    },
                    selection: Selection::default(),
                    notice: self.notice.clone(),
                    pending: None,
                })
            }
            Action::SelectFinding(i) => {
                let Some(d) = self.checked.report.diagnostics.get(i) else {
                    return self;
                };
                let span = self.checked.report.source_of(d);
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
