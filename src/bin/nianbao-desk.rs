//! The reviewer's desk page's entry point (wasm32 only): loaded on demand by www/desk.html, it mounts the desk into `#nianbao-desk`.

#[cfg(target_arch = "wasm32")]
fn main() {
    nianbao::web::desk::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "nianbao-desk is the browser's reviewer's desk: build and serve it with scripts/serve"
    );
    std::process::exit(2);
}
