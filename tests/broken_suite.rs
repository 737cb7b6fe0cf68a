//! The broken-scenario corpus (tests/data/broken/): every file in it is wrong in one
//! way, and `wbxconf check` must say exactly what and where — file, line, column, the
//! offending line with a caret, and what was expected. The expected output is
//! tests/data/broken/expected.txt; `WBXCONF_UPDATE_EXPECTED=1` rewrites it after a
//! deliberate change (review the diff).

mod support;

use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let p = entry.path();
        let dest = to.join(entry.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).expect("copy");
        }
    }
}

#[test]
fn check_names_file_line_column_and_what_was_expected_for_every_broken_file() {
    let corpus = support::repo().join("tests/data/broken");
    let suite = tempfile::tempdir().expect("temp dir");
    copy_dir(&corpus.join("cases"), &suite.path().join("cases"));
    copy_dir(&corpus.join("golden"), &suite.path().join("golden"));
    for f in ["cases/clauses.yaml", "cases/apis.yaml"] {
        std::fs::copy(support::repo().join(f), suite.path().join(f)).expect("catalogue");
    }
    let out = support::wbxconf(suite.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", support::text(&out));
    let actual = String::from_utf8_lossy(&out.stderr)
        .replace(&suite.path().display().to_string(), "<suite>");
    let expected_file = corpus.join("expected.txt");
    if std::env::var_os("WBXCONF_UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected_file, &actual).expect("write expected");
    }
    let expected = std::fs::read_to_string(&expected_file).expect("expected.txt");
    if actual != expected {
        let diff = similar::TextDiff::from_lines(&expected, &actual)
            .unified_diff()
            .header("expected.txt", "wbxconf check")
            .to_string();
        panic!("`wbxconf check` on the broken corpus differs from expected.txt:\n{diff}");
    }
    // Every broken file is named: one problem at least per file of the corpus.
    for entry in std::fs::read_dir(corpus.join("cases/broken"))
        .expect("corpus")
        .flatten()
    {
        let name = format!("cases/broken/{}", entry.file_name().to_string_lossy());
        assert!(actual.contains(&name), "{name} is not reported");
    }
}
