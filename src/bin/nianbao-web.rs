//! The browser app's entry point: mounts the Yew app (wasm32 only; built by Trunk from index.html).

#[cfg(target_arch = "wasm32")]
fn main() {
    nianbao::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("nianbao-web is the browser app: build and serve it with scripts/serve");
    std::process::exit(2);
}
