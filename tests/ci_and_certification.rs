//! What vendors, CI systems and certifiers run around the suite, through the real
//! `wbxconf` binary: comparing targets, gating on known failures, partitions merged
//! into one run, certificates and their verification, and target checks.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{repo, suite_copy, text, wbxconf};

fn read_json(path: &Path) -> Value {
    let t = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&t).expect("JSON")
}

fn only_dir(parent: &Path, prefix: &str) -> std::path::PathBuf {
    let dirs: Vec<_> = std::fs::read_dir(parent)
        .expect("reports folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs[0].clone()
}

// ---------------------------------------------------------------- compare

#[test]
fn compare_shows_sp11_clauses_failing_on_sp10_with_aligned_differences() {
    let reports = tempfile::tempdir().unwrap();
    let out = wbxconf(
        &repo(),
        &[
            "compare",
            "--target",
            "reference",
            "--target",
            "reference-sp10",
            "--reports",
            reports.path().to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "clauses judged differently: {}",
        text(&out)
    );
    let dir = only_dir(reports.path(), "compare-");

    // compare.json: every SP11 clause holds on the reference and not on SP10.
    let json = read_json(&dir.join("compare.json"));
    let suite = wbxconf::scenario::load(&repo()).expect("suite");
    let sp11: Vec<&str> = suite
        .catalogue
        .clauses
        .iter()
        .filter(|c| c.sp11)
        .map(|c| c.id.as_str())
        .collect();
    assert!(sp11.len() > 20);
    let clauses = json["clauses"].as_array().expect("clauses");
    for id in &sp11 {
        let row = clauses
            .iter()
            .find(|c| c["clause"] == *id)
            .unwrap_or_else(|| panic!("{id} in compare.json"));
        assert_eq!(row["cells"][0]["verdict"], "PASS", "{id} on reference");
        assert_ne!(row["cells"][1]["verdict"], "PASS", "{id} on reference-sp10");
        assert_eq!(row["differs"], true, "{id}");
    }
    let base = clauses
        .iter()
        .find(|c| c["clause"].as_str().is_some_and(|s| s.starts_with("BASE")))
        .expect("a BASE clause");
    assert_eq!(
        base["cells"][1]["verdict"], "PASS",
        "BASE holds before SP11"
    );
    assert_eq!(json["targets"][1]["name"], "reference-sp10");
    assert!(json["sections"][0]["scores"][0].as_u64() > json["sections"][0]["scores"][1].as_u64());

    // The answers, aligned by path: GetMeeting's SP11 repeat elements are missing on SP10.
    let diffs = json["differences"].as_array().expect("differences");
    let missing = diffs.iter().find(|d| {
        d["pairs"][0]["differences"].as_array().is_some_and(|x| {
            x.iter().any(|d| {
                d["kind"] == "missing-element"
                    && d["expected_path"] == "/message/body/bodyContent/repeat/isException"
            })
        })
    });
    let missing = missing.expect("a step where SP10 lacks repeat/isException");
    assert_eq!(missing["pairs"][0]["baseline"], "reference");
    assert_eq!(missing["pairs"][0]["targets"][0], "reference-sp10");
    assert_eq!(
        missing["agree_with_baseline"].as_array().map(Vec::len),
        Some(0)
    );

    // The same in Markdown and HTML.
    let md = std::fs::read_to_string(dir.join("compare.md")).unwrap();
    let html = std::fs::read_to_string(dir.join("compare.html")).unwrap();
    for id in &sp11 {
        assert!(
            md.lines()
                .any(|l| l.starts_with(&format!("| {id} |")) && l.contains("| **PASS** |")),
            "{id} row in compare.md"
        );
        assert!(
            html.contains(&format!("<tr><td>{id} ≠</td>")),
            "{id} row in compare.html"
        );
    }
    for page in [&md, &html] {
        assert!(page.contains("/message/body/bodyContent/repeat/isException"));
        assert!(page.contains("agree with the baseline reference"));
        assert!(page.contains("Score per section"));
    }
    assert!(
        html.contains("default-src 'none'"),
        "no outside resource, no script"
    );
    assert!(!html.contains("<script"));
    // Each target's full results are kept beside the comparison.
    assert!(dir.join("target-reference-sp10/results.json").is_file());
}

#[test]
fn compare_of_targets_that_agree_exits_0_and_selects_as_run_does() {
    let reports = tempfile::tempdir().unwrap();
    let compare = |extra: &[&str]| {
        let mut args = vec![
            "compare",
            "--target",
            "reference",
            "--target",
            "reference",
            "--reports",
            reports.path().to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        wbxconf(&repo(), &args)
    };
    // The same implementation twice: every clause judged alike.
    let out = compare(&["base/", "--skip", "base/time-zones"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("0 clause(s) judged differently"),
        "{}",
        text(&out)
    );
    let dir = only_dir(reports.path(), "compare-");
    let json = read_json(&dir.join("target-reference/results.json"));
    let ids: Vec<&str> = json["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert!(ids.iter().all(|id| id.starts_with("base/")), "{ids:?}");
    assert!(
        !ids.contains(&"base/time-zones"),
        "--skip honoured: {ids:?}"
    );
    assert!(ids.contains(&"base/envelope"), "{ids:?}");

    // A selection that matches nothing is a usage error, as for `run`.
    let out = compare(&["base/envelope", "--exact", "--skip", "base/envelope"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("no scenario id equals `base/envelope` that --skip leaves"),
        "{}",
        text(&out)
    );
}

// ---------------------------------------------------------------- gating

#[test]
fn a_baseline_passes_its_run_and_fails_on_regressions_and_stale_entries() {
    let suite = suite_copy();
    let root = suite.path();
    let profile = std::fs::read_to_string(root.join("targets/reference-sp10.yaml"))
        .unwrap()
        .replace("name: reference-sp10", "name: sp10-gated");
    std::fs::write(
        root.join("targets/sp10-gated.yaml"),
        format!("{profile}expectations: gate/expectations.yaml\n"),
    )
    .unwrap();
    let reports = root.join("reports");
    let r = reports.to_str().unwrap();

    // `list` selects base/empty-list (passes before SP11) and two SP11 list cases (fail).
    let first = wbxconf(
        root,
        &["run", "--target", "reference-sp10", "list", "--reports", r],
    );
    assert_eq!(first.status.code(), Some(1), "{}", text(&first));
    let update = wbxconf(
        root,
        &[
            "expectations",
            "update",
            "--target",
            "sp10-gated",
            "--from",
            &format!("{r}/latest"),
        ],
    );
    assert_eq!(update.status.code(), Some(0), "{}", text(&update));
    let written = std::fs::read_to_string(root.join("gate/expectations.yaml")).unwrap();
    assert!(
        written.contains("scenario: recurring/series-list"),
        "{written}"
    );
    assert!(!written.contains("base/empty-list"), "{written}");

    // The same run against the baseline: the profile's `expectations` applies, exit 0.
    let same = wbxconf(
        root,
        &["run", "--target", "sp10-gated", "list", "--reports", r],
    );
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
    assert!(
        text(&same).contains("Regression gate: PASSED"),
        "{}",
        text(&same)
    );
    assert!(reports.join("latest/gate.md").is_file());

    // A case that starts failing is a regression.
    let case = root.join("cases/base/empty-list.yaml");
    let original = std::fs::read_to_string(&case).unwrap();
    assert!(original.contains("exception: \"000015\""));
    std::fs::write(
        &case,
        original.replace("exception: \"000015\"", "exception: \"000016\""),
    )
    .unwrap();
    let regressed = wbxconf(
        root,
        &["run", "--target", "sp10-gated", "list", "--reports", r],
    );
    let t = text(&regressed);
    assert_eq!(regressed.status.code(), Some(1), "{t}");
    assert!(
        t.contains("Regressions") && t.contains("`base/empty-list`"),
        "{t}"
    );
    std::fs::write(&case, original).unwrap();

    // A listed failure that now passes is a stale entry.
    let stale = wbxconf(
        root,
        &[
            "run",
            "--target",
            "reference",
            "list",
            "--reports",
            r,
            "--expectations",
            root.join("gate/expectations.yaml").to_str().unwrap(),
        ],
    );
    let t = text(&stale);
    assert_eq!(stale.status.code(), Some(1), "{t}");
    assert!(
        t.contains("Stale entries") && t.contains("`recurring/series-list`"),
        "{t}"
    );
    assert!(!t.contains("## Regressions"), "{t}");
}

// ---------------------------------------------------------------- partitions

/// What a run decided, without its timings and run-specific values.
fn decisions(results: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for s in results["scenarios"].as_array().expect("scenarios") {
        out.push(format!("{} {}", s["id"], s["verdict"]));
        for step in s["steps"].as_array().into_iter().flatten() {
            let checks: Vec<String> = step["checks"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    format!(
                        "{}:{}:{}:{}",
                        c["kind"], c["level"], c["clause"], c["passed"]
                    )
                })
                .collect();
            out.push(format!(
                "  {} {} {} [{}]",
                step["phase"],
                step["index"],
                step["verdict"],
                checks.join(" ")
            ));
        }
    }
    out
}

#[test]
fn two_partitions_merged_give_the_results_of_one_whole_run() {
    let work = tempfile::tempdir().unwrap();
    let dir = |n: &str| work.path().join(n).to_str().unwrap().to_string();
    let whole = wbxconf(&repo(), &["run", "--reports", &dir("whole")]);
    assert_eq!(whole.status.code(), Some(0), "{}", text(&whole));
    for k in ["1/2", "2/2"] {
        let part = wbxconf(
            &repo(),
            &[
                "run",
                "--partition",
                k,
                "--reports",
                &dir(&format!("p{}", &k[..1])),
            ],
        );
        assert_eq!(part.status.code(), Some(0), "{}", text(&part));
    }
    let p1 = read_json(&work.path().join("p1/latest/results.json"));
    let p2 = read_json(&work.path().join("p2/latest/results.json"));
    let (n1, n2) = (
        p1["scenarios"].as_array().unwrap().len(),
        p2["scenarios"].as_array().unwrap().len(),
    );
    assert!(n1 > 0 && n2 > 0 && n1.abs_diff(n2) <= 1, "{n1} + {n2}");

    let merged = wbxconf(
        &repo(),
        &[
            "merge",
            &dir("p1/latest"),
            &dir("p2/latest"),
            "--reports",
            &dir("merged"),
        ],
    );
    assert_eq!(merged.status.code(), Some(0), "{}", text(&merged));
    let m = work.path().join("merged/latest");
    for f in ["results.json", "junit.xml", "summary.md", "index.html"] {
        assert!(m.join(f).is_file(), "{f}");
    }
    let whole = read_json(&work.path().join("whole/latest/results.json"));
    let merged = read_json(&m.join("results.json"));
    assert_eq!(merged["totals"], whole["totals"]);
    assert_eq!(merged["suite_digest"], whole["suite_digest"]);
    assert_eq!(decisions(&merged), decisions(&whole));

    // The same slice twice is refused.
    let twice = wbxconf(
        &repo(),
        &[
            "merge",
            &dir("p1/latest"),
            &dir("p1/latest"),
            "--reports",
            &dir("bad"),
        ],
    );
    assert_eq!(twice.status.code(), Some(2), "{}", text(&twice));
    assert!(text(&twice).contains("in both run"));
}

// ---------------------------------------------------------------- certification

#[test]
fn a_signed_certificate_holds_only_for_its_signer_and_not_once_edited() {
    let suite = suite_copy();
    let root = suite.path();
    let work = tempfile::tempdir().unwrap();
    let key = work.path().join("lab.key");
    let cert = work.path().join("cert");
    let arg = |p: &Path| p.to_str().unwrap().to_string();

    let made = wbxconf(root, &["certify", "--new-key", &arg(&key)]);
    assert_eq!(made.status.code(), Some(0), "{}", text(&made));
    let public = std::fs::read_to_string(work.path().join("lab.key.pub")).unwrap();
    let public = public.trim();
    assert!(text(&made).contains(public), "{}", text(&made));
    let secret = std::fs::read_to_string(&key).unwrap();

    // The public key is not a signing key: refused before anything runs.
    let wrong = wbxconf(
        root,
        &[
            "certify",
            "--target",
            "reference",
            "--sign-key",
            &arg(&work.path().join("lab.key.pub")),
            "--out",
            &arg(&cert),
        ],
    );
    assert_eq!(wrong.status.code(), Some(2), "{}", text(&wrong));
    assert!(text(&wrong).contains("is not a wbxconf signing key"));
    assert!(!cert.exists(), "nothing ran, nothing was written");

    let signed = wbxconf(
        root,
        &[
            "certify",
            "--target",
            "reference",
            "--sign-key",
            &arg(&key),
            "--out",
            &arg(&cert),
        ],
    );
    assert_eq!(signed.status.code(), Some(0), "{}", text(&signed));
    assert!(text(&signed).contains(&format!("signed by {public}")));
    // The secret key is written nowhere but its own file.
    let secret_hex = secret.lines().nth(1).unwrap();
    for entry in std::fs::read_dir(&cert).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let body = std::fs::read_to_string(&path).unwrap();
            assert!(!body.contains(secret_hex), "{}", path.display());
        }
    }
    assert!(!text(&signed).contains(secret_hex));

    let verify = |trust: &[&str]| {
        let mut args = vec!["certify".to_string(), "--verify".to_string(), arg(&cert)];
        for t in trust {
            args.push("--trust".to_string());
            args.push(t.to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        wbxconf(root, &args)
    };
    let held = verify(&[&arg(&work.path().join("lab.key.pub"))]);
    assert_eq!(held.status.code(), Some(0), "{}", text(&held));
    assert!(text(&held).contains(&format!("signed by {public}")));

    let other = format!("ed25519:{}", "ab".repeat(32));
    let stranger = verify(&[&other]);
    assert_eq!(stranger.status.code(), Some(1), "{}", text(&stranger));
    assert!(
        text(&stranger).contains("which is not a key given with --trust"),
        "{}",
        text(&stranger)
    );

    // An edit that keeps certificate.json valid JSON still breaks the signature.
    let json = std::fs::read_to_string(cert.join("certificate.json")).unwrap();
    std::fs::write(cert.join("certificate.json"), format!("{json} ")).unwrap();
    let edited = verify(&[]);
    assert_eq!(edited.status.code(), Some(1), "{}", text(&edited));
    assert!(
        text(&edited).contains("does not match certificate.json"),
        "{}",
        text(&edited)
    );

    // Without the signature, --trust refuses the certificate; without --trust it holds
    // and says it is unsigned.
    std::fs::write(cert.join("certificate.json"), &json).unwrap();
    std::fs::remove_file(cert.join("certificate.sig")).unwrap();
    let unsigned = verify(&[public]);
    assert_eq!(unsigned.status.code(), Some(1), "{}", text(&unsigned));
    let plain = verify(&[]);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain));
    assert!(text(&plain).contains("not signed"), "{}", text(&plain));
}

#[test]
fn certify_reference_holds_sp10_does_not_and_any_edit_breaks_verification() {
    let suite = suite_copy();
    let root = suite.path();
    let work = tempfile::tempdir().unwrap();
    let ref_dir = work.path().join("ref");
    let sp10_dir = work.path().join("sp10");

    let ok = wbxconf(
        root,
        &[
            "certify",
            "--target",
            "reference",
            "--out",
            ref_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    let cert = read_json(&ref_dir.join("certificate.json"));
    assert_eq!(cert["certifiable"], true);
    assert_eq!(cert["suite"]["digest"].as_str().map(str::len), Some(64));
    assert!(cert["target"]["api_version"]
        .as_str()
        .is_some_and(|v| v.starts_with("WebEx XML API")));
    assert!(cert["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["verdict"] == "PASS" || c["verdict"] == "WARNING"));
    for f in [
        "certificate.md",
        "certificate.html",
        "results.json",
        "target.yaml",
    ] {
        assert!(ref_dir.join(f).is_file(), "{f}");
    }
    assert!(ref_dir.join("transcript/base__envelope.txt").is_file());

    let no = wbxconf(
        root,
        &[
            "certify",
            "--target",
            "reference-sp10",
            "--out",
            sp10_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(no.status.code(), Some(1), "{}", text(&no));
    let sp10 = read_json(&sp10_dir.join("certificate.json"));
    assert_eq!(sp10["certifiable"], false);
    assert!(sp10["blocking"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b.as_str().unwrap().starts_with("CPAC-1 (MUST) FAIL")));
    let md = std::fs::read_to_string(sp10_dir.join("certificate.md")).unwrap();
    assert!(
        md.contains("**NOT CERTIFIABLE**") && md.contains("| CPAC-1 | cpac | MUST | FAIL |"),
        "{md}"
    );

    let verify = |dir: &Path| wbxconf(root, &["certify", "--verify", dir.to_str().unwrap()]);
    let holds = verify(&ref_dir);
    assert_eq!(holds.status.code(), Some(0), "{}", text(&holds));
    assert_eq!(
        verify(&sp10_dir).status.code(),
        Some(0),
        "an honest NOT CERTIFIABLE holds too"
    );

    // An answer altered in the record, its digest recomputed to match: re-judging catches it.
    let forged = work.path().join("forged");
    copy_dir(&ref_dir, &forged);
    let mut results = read_json(&forged.join("results.json"));
    let scenarios = results["scenarios"].as_array_mut().unwrap();
    let envelope = scenarios
        .iter_mut()
        .find(|s| s["id"] == "base/envelope")
        .expect("base/envelope");
    let response = envelope["steps"][0]["response"]
        .as_str()
        .expect("a recorded answer")
        .to_string();
    assert!(response.contains("WebEx XML API V"));
    envelope["steps"][0]["response"] =
        Value::String(response.replace("WebEx XML API V", "Acme XML API V"));
    std::fs::write(
        forged.join("results.json"),
        serde_json::to_string_pretty(&results).unwrap(),
    )
    .unwrap();
    // A careful forger also rewrites the text transcript from the altered record.
    let run = wbxconf::gate::read_results(&forged).expect("the forged record reads");
    let s = run
        .scenarios
        .iter()
        .find(|s| s.id == "base/envelope")
        .unwrap();
    let mut buf = Vec::new();
    wbxconf::report::transcript::write(s, &mut buf).unwrap();
    std::fs::write(forged.join("transcript/base__envelope.txt"), buf).unwrap();
    let mut cert = read_json(&forged.join("certificate.json"));
    let record = wbxconf::certify::digest::files_identity(
        &forged,
        &wbxconf::certify::digest::record_files(&forged),
    );
    cert["transcripts"] = serde_json::to_value(&record).unwrap();
    std::fs::write(
        forged.join("certificate.json"),
        serde_json::to_string_pretty(&cert).unwrap(),
    )
    .unwrap();
    let caught = verify(&forged);
    let t = text(&caught);
    assert_eq!(caught.status.code(), Some(1), "{t}");
    assert!(
        !t.contains("record: "),
        "the digests were made to match: {t}"
    );
    assert!(t.contains("re-judged: `base/envelope` step 1"), "{t}");

    // A text transcript rewritten, its digest recomputed: it no longer renders results.json.
    let retold = work.path().join("retold");
    copy_dir(&ref_dir, &retold);
    let t = retold.join("transcript/base__envelope.txt");
    let told = std::fs::read_to_string(&t).unwrap();
    std::fs::write(&t, told.replace("WebEx XML API V", "Acme XML API V")).unwrap();
    let mut cert = read_json(&retold.join("certificate.json"));
    let record = wbxconf::certify::digest::files_identity(
        &retold,
        &wbxconf::certify::digest::record_files(&retold),
    );
    cert["transcripts"] = serde_json::to_value(&record).unwrap();
    std::fs::write(
        retold.join("certificate.json"),
        serde_json::to_string_pretty(&cert).unwrap(),
    )
    .unwrap();
    let caught = verify(&retold);
    assert_eq!(caught.status.code(), Some(1), "{}", text(&caught));
    assert!(
        text(&caught)
            .contains("transcript/base__envelope.txt is not the transcript of results.json"),
        "{}",
        text(&caught)
    );

    // The page a buyer reads claims what the data does not: caught.
    let painted = work.path().join("painted");
    copy_dir(&sp10_dir, &painted);
    let page = std::fs::read_to_string(painted.join("certificate.html")).unwrap();
    assert!(page.contains("NOT CERTIFIABLE"));
    std::fs::write(
        painted.join("certificate.html"),
        page.replace("NOT CERTIFIABLE", "CERTIFIABLE"),
    )
    .unwrap();
    let caught = verify(&painted);
    assert_eq!(caught.status.code(), Some(1), "{}", text(&caught));
    assert!(
        text(&caught).contains("certificate.html is not the rendering of certificate.json"),
        "{}",
        text(&caught)
    );

    // Certifying again into a certificate's folder replaces it whole: a file planted in
    // its record is not taken in. Any other non-empty folder is refused before the run.
    std::fs::write(sp10_dir.join("transcript/zzz-old.txt"), "planted").unwrap();
    let again = wbxconf(
        root,
        &[
            "certify",
            "--target",
            "reference-sp10",
            "--out",
            sp10_dir.to_str().unwrap(),
        ],
    );
    assert_eq!(again.status.code(), Some(1), "{}", text(&again));
    assert!(!sp10_dir.join("transcript/zzz-old.txt").exists());
    let record = std::fs::read_to_string(sp10_dir.join("certificate.json")).unwrap();
    assert!(!record.contains("zzz-old"), "not in the certified record");
    let other = work.path().join("notes");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("todo.txt"), "mine").unwrap();
    let refused = wbxconf(
        root,
        &[
            "certify",
            "--target",
            "reference",
            "--out",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("neither empty nor a certificate's folder"));
    assert_eq!(
        std::fs::read_to_string(other.join("todo.txt")).unwrap(),
        "mine"
    );

    // One golden file edited in the checkout: the certificate no longer holds.
    let golden = root.join("golden/base/envelope.api-version.xml");
    let g = std::fs::read_to_string(&golden).unwrap();
    std::fs::write(&golden, g.replace("{{any}}", "SP11")).unwrap();
    let broken = verify(&ref_dir);
    let t = text(&broken);
    assert_eq!(broken.status.code(), Some(1), "{t}");
    assert!(
        t.contains("golden/base/envelope.api-version.xml was changed"),
        "{t}"
    );
    std::fs::write(&golden, g).unwrap();
    assert_eq!(verify(&ref_dir).status.code(), Some(0), "restored");

    // So does an edited case.
    let case = root.join("cases/base/empty-list.yaml");
    let c = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, format!("{c}\n# edited\n")).unwrap();
    let broken = verify(&ref_dir);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        text(&broken).contains("cases/base/empty-list.yaml was changed"),
        "{}",
        text(&broken)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

// ---------------------------------------------------------------- targets

#[test]
fn targets_check_probes_the_reference_and_names_every_unset_variable() {
    let ok = wbxconf(&repo(), &["targets", "check", "reference"]);
    let t = text(&ok);
    assert_eq!(ok.status.code(), Some(0), "{t}");
    assert!(t.contains("ok   credentials of admin@nocmr"), "{t}");
    assert!(t.contains("LstMicroSites answers with 2 site(s)"), "{t}");

    let vendor = std::process::Command::new(env!("CARGO_BIN_EXE_wbxconf"))
        .args([
            "--suite",
            repo().to_str().unwrap(),
            "targets",
            "check",
            "example-vendor",
        ])
        .env("NO_COLOR", "1")
        .env_remove("ACME_PARTNER_ID")
        .env("ACME_CMR_ADMIN_PASSWORD", "set-for-the-test")
        .output()
        .expect("run wbxconf");
    let t = text(&vendor);
    assert_eq!(vendor.status.code(), Some(1), "{t}");
    assert!(t.contains("`ACME_PARTNER_ID` is not set"), "{t}");
    assert!(
        t.contains("`ACME_OUTSIDER_ADMIN_PASSWORD` is not set"),
        "{t}"
    );
    assert!(!t.contains("ACME_CMR_ADMIN_PASSWORD"), "{t}");
    assert!(!t.contains("set-for-the-test"), "{t}");
}

#[test]
fn the_ci_workflow_example_passes_every_variable_the_example_profile_needs() {
    let root = repo();
    let profile = std::fs::read_to_string(root.join("targets/example-vendor.yaml")).unwrap();
    let workflow = std::fs::read_to_string(root.join("docs/ci/github-actions.yml")).unwrap();
    let needed: Vec<&str> = profile
        .split("env: ")
        .skip(1)
        .filter_map(|rest| {
            rest.split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
                .next()
        })
        .filter(|name| name.len() > 4)
        .collect();
    assert!(needed.len() >= 10, "{needed:?}");
    for name in needed {
        assert!(
            workflow.contains(&format!("{name}: ${{{{ secrets.{name} }}}}")),
            "docs/ci/github-actions.yml does not pass {name}"
        );
    }
}
