//! The fixture texts under `tests/fixtures/`: one listing shared by the fixture, mutation and benchmark code.

use std::path::{Path, PathBuf};

/// Every `.txt` file in the given folders of `tests/fixtures/`, sorted within each folder, as
/// (folder, path).
pub fn texts(dirs: &[&'static str]) -> Vec<(&'static str, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for &dir in dirs {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("fixture directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        out.extend(paths.into_iter().map(|p| (dir, p)));
    }
    out
}
