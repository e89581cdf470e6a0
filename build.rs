//! Rebuild when a file is added to the built-in theme: `include_dir!` tracks
//! the files it read, not the folder they are in.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
