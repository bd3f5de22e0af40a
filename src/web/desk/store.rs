//! What the desk keeps in the browser's local storage: the reviewer's decisions (kept when the list is cleared) and the list's texts (so a reload brings the batch back).

use crate::desk::review::Decisions;
use serde::{Deserialize, Serialize};

const DECISIONS: &str = "nianbao.desk.decisions.v1";
const BATCH: &str = "nianbao.desk.batch.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// One report of the list as stored: its name and its text, or why the file could not be read.
#[derive(Clone, Serialize, Deserialize)]
pub struct Saved {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The decisions kept by earlier visits (none when storage is unavailable or unreadable).
pub fn load_decisions() -> Decisions {
    storage()
        .and_then(|s| s.get_item(DECISIONS).ok().flatten())
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default()
}

/// Keeps the decisions; false when storage is unavailable or full.
pub fn save_decisions(d: &Decisions) -> bool {
    let Ok(json) = serde_json::to_string(d) else {
        return false;
    };
    storage().is_some_and(|s| s.set_item(DECISIONS, &json).is_ok())
}

/// The list kept by the last visit.
pub fn load_batch() -> Vec<Saved> {
    storage()
        .and_then(|s| s.get_item(BATCH).ok().flatten())
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default()
}

/// Keeps the list's texts; false when storage is unavailable or too small for them (the list
/// then lasts until the page is closed, and the decisions are kept all the same).
pub fn save_batch(items: &[Saved]) -> bool {
    let Some(s) = storage() else {
        return false;
    };
    if items.is_empty() {
        return s.remove_item(BATCH).is_ok();
    }
    let Ok(json) = serde_json::to_string(items) else {
        return false;
    };
    if s.set_item(BATCH, &json).is_ok() {
        return true;
    }
    // Too big: drop the stale copy rather than bring back an older list on reload.
    let _ = s.remove_item(BATCH);
    false
}
