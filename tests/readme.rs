//! The README cannot go stale: every command in its ```sh blocks runs here, in order,
//! in a copy of the suite, with `wbxconf` being the binary under test. A trailing
//! `# exits N` says which exit code the command must give (0 otherwise); a trailing `&`
//! starts a server in the background, waited for by its "listening on" line.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

fn commands(readme: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        let t = line.trim();
        if t.starts_with("```") {
            in_sh = !in_sh && t == "```sh";
            continue;
        }
        if in_sh && !t.is_empty() && !t.starts_with('#') {
            out.push(t.to_string());
        }
    }
    out
}

/// (command, expected exit code, runs in the background)
fn parse(line: &str) -> (String, i32, bool) {
    let (cmd, comment) = match line.find("  #") {
        Some(i) => (line[..i].trim(), line[i + 3..].trim()),
        None => (line, ""),
    };
    let code = comment
        .strip_prefix("exits ")
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let background = cmd.ends_with('&');
    let cmd = cmd.trim_end_matches('&').trim();
    let cmd = cmd
        .strip_prefix("cargo run -- ")
        .map(|r| format!("wbxconf {r}"))
        .unwrap_or_else(|| cmd.to_string());
    (cmd, code, background)
}

fn shell(dir: &Path, bin: &Path, port: u16, cmd: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(cmd.replace("8080", &port.to_string()))
        .current_dir(dir)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS");
    c
}

#[test]
fn every_readme_command_works_as_the_readme_says() {
    let readme = std::fs::read_to_string(support::repo().join("README.md")).unwrap();
    let cmds = commands(&readme);
    assert!(
        cmds.len() >= 10,
        "the README's tour has its commands: {cmds:?}"
    );
    let suite = support::suite_copy();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // The README's port 8080 becomes a free one, in the commands and in the profile they use.
    let local = suite.path().join("targets/serve-local.yaml");
    let profile = std::fs::read_to_string(&local).unwrap();
    std::fs::write(&local, profile.replace("8080", &port.to_string())).unwrap();
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_wbxconf"), bin.path().join("wbxconf")).unwrap();
    let mut background: Vec<Child> = Vec::new();
    let mut failures = Vec::new();
    for line in &cmds {
        let (cmd, want, bg) = parse(line);
        if bg {
            let mut child = shell(suite.path(), bin.path(), port, &format!("exec {cmd}"))
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            let mut reader = BufReader::new(stdout);
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            assert!(
                first.contains("listening on"),
                "`{cmd}` should report where it listens, said {first:?}"
            );
            background.push(child);
            continue;
        }
        let out = shell(suite.path(), bin.path(), port, &cmd)
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if code != want {
            failures.push(format!(
                "`{cmd}` exited {code}, the README says {want}:\n{text}"
            ));
        }
        if cmd.starts_with("curl") && !text.contains("<serv:result>SUCCESS</serv:result>") {
            failures.push(format!("`{cmd}` should answer SUCCESS:\n{text}"));
        }
    }
    for mut c in background {
        let _ = c.kill();
        let _ = c.wait();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
