//! Embeds the suite (cases, golden files, target profiles) into the binary and records
//! its digest, so an installed `wbxconf` can run without a checkout and
//! `wbxconf --version` names the suite it carries.

use std::fmt::Write;
use std::path::{Path, PathBuf};

#[path = "src/scenario/files.rs"]
#[allow(dead_code)]
mod files;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    for dir in ["cases", "golden", "targets", "src/scenario/files.rs"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    let suite = files::suite_files(&root);
    let digest = files::digest(&root, &suite);
    println!("cargo:rustc-env=WBXCONF_SUITE_DIGEST={digest}");

    let mut all = suite;
    files::collect_files(&root, &root.join("targets"), "yaml", &mut all);
    let mut code = String::from("/// Every file of the suite this binary was built with: (relative path, bytes).\npub static FILES: &[(&str, &[u8])] = &[\n");
    for rel in &all {
        if !root.join(rel).is_file() {
            continue;
        }
        let name = rel.to_string_lossy().replace('\\', "/");
        let abs = root.join(rel);
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path_str(&abs)
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("embedded_suite.rs");
    std::fs::write(out, code).expect("write embedded_suite.rs");
}

fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
