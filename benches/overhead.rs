//! Harness overhead: the whole suite against the embedded reference, as `wbxconf run`
//! runs it, against a bare replay of the very same HTTP exchanges with plain reqwest
//! (no templating, no judging, no mail expectations, no reports) on a fresh reference.
//!
//! The exchanges come from the run's own report. Secrets there are masked, and the
//! fresh reference hands out other meeting keys and tickets, so the replay puts values
//! back: seed credentials by the account they belong to, generated passwords by a
//! stand-in, and server-made values (9+ digit numbers, tickets) by pairing the recorded
//! answer's text with the replayed one. How many replayed answers carry the recorded
//! result is printed: the replay is faithful when all of them do.
//! Each scenario's exchanges are replayed in order, as many scenarios at once as the run
//! had (8), honouring the scenario's `wait` steps. `cargo bench --bench overhead`.

mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::api::{client, post};
use wbxconf::mail::MailSink;
use wbxconf::reference::{self, Config, Seed};
use wbxconf::runner::outcome::{Phase, RunReport, Verdict};
use wbxconf::runner::session::SessionOptions;
use wbxconf::runner::{self, RunOptions};
use wbxconf::scenario::load::parse_duration;
use wbxconf::scenario::Suite;

/// Scenarios in flight, as `wbxconf run` (its default `--test-threads`).
const CONCURRENCY: usize = 8;
const ROUNDS: usize = 5;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let loading = Instant::now();
    let suite = match wbxconf::scenario::load(&root) {
        Ok(s) => Arc::new(s),
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            std::process::exit(1);
        }
    };
    let load_time = loading.elapsed();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");

    let mut harness = Vec::new();
    let mut reports = Vec::new();
    let mut replays = Vec::new();
    let mut fidelity = (0, 0);
    let mut harness_busy = Vec::new();
    let mut replay_busy = Vec::new();
    let mut waits = Duration::ZERO;
    for round in 0..ROUNDS {
        let started = Instant::now();
        let report = harness_run(&root, &suite);
        harness.push(started.elapsed());
        let written = Instant::now();
        let dir = tempfile::tempdir().expect("a temporary folder");
        wbxconf::report::files::write_run(&report, dir.path()).expect("reports written");
        reports.push(written.elapsed());
        if report.totals.passed + report.totals.warned != report.totals.scenarios {
            eprintln!("warning: not every scenario passed: {:?}", report.totals);
        }
        let plan = plan(&report, &suite);
        let scenario_waits: Duration = plan.iter().flatten().map(|x| x.wait).sum();
        waits = plan
            .iter()
            .map(|s| s.iter().map(|x| x.wait).sum())
            .max()
            .unwrap_or_default();
        let busy: u64 = report.scenarios.iter().map(|s| s.duration_ms).sum();
        harness_busy.push(Duration::from_millis(busy).saturating_sub(scenario_waits));
        let replayed = runtime.block_on(replay(plan));
        replays.push(replayed.wall);
        replay_busy.push(replayed.busy);
        fidelity = (replayed.same, replayed.total);
        eprintln!(
            "round {}: suite {:.3}s, replay {:.3}s ({}/{} answers as recorded)",
            round + 1,
            harness.last().map_or(0.0, Duration::as_secs_f64),
            replayed.wall.as_secs_f64(),
            replayed.same,
            replayed.total
        );
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (h, r, w) = (
        median(&mut harness),
        median(&mut replays),
        median(&mut reports),
    );
    let (hb, rb) = (median(&mut harness_busy), median(&mut replay_busy));
    println!(
        "harness overhead: {} scenarios, median of {ROUNDS} rounds",
        suite.scenarios.len()
    );
    println!(
        "  loading the suite:               {:>8.3} s",
        load_time.as_secs_f64()
    );
    println!(
        "  suite against the reference:     {:>8.3} s",
        h.as_secs_f64()
    );
    println!(
        "  writing the reports:             {:>8.3} s",
        w.as_secs_f64()
    );
    println!(
        "  bare replay of its exchanges:    {:>8.3} s",
        r.as_secs_f64()
    );
    println!(
        "  replayed answers as recorded:    {} of {}",
        fidelity.0, fidelity.1
    );
    println!(
        "  longest scheduled wait in one scenario: {:.1} s (in both)",
        waits.as_secs_f64()
    );
    println!(
        "  ratio suite / replay:            {:>8.2} (target: at most 1.3)",
        h.as_secs_f64() / r.as_secs_f64()
    );
    println!(
        "  ratio with loading and reports:  {:>8.2}",
        (h + w + load_time).as_secs_f64() / r.as_secs_f64()
    );
    println!(
        "  scenario times added up, waits left out: suite {:.3} s, replay {:.3} s, ratio {:.2}",
        hb.as_secs_f64(),
        rb.as_secs_f64(),
        hb.as_secs_f64() / rb.as_secs_f64()
    );
}

/// The suite as `wbxconf run` runs it: libtest-mimic trials, 8 test threads.
fn harness_run(root: &std::path::Path, suite: &Arc<Suite>) -> RunReport {
    let target = wbxconf::target::resolve("reference", root).expect("targets/reference.yaml");
    let mut args = libtest_mimic::Arguments::from_iter(["overhead", "--quiet"]);
    args.test_threads = Some(CONCURRENCY);
    let opts = RunOptions {
        target,
        session: SessionOptions::default(),
        args,
    };
    runner::run(suite.clone(), opts)
        .ok()
        .and_then(|r| r.report)
        .expect("the suite runs")
}

/// One recorded exchange.
struct Exchange {
    /// Slept before sending: the step's own `wait`.
    wait: Duration,
    request: String,
    response: String,
}

fn plan(report: &RunReport, suite: &Suite) -> Vec<Vec<Exchange>> {
    let mut out = Vec::new();
    for outcome in &report.scenarios {
        if outcome.verdict == Verdict::Skip {
            continue;
        }
        let spec = suite.scenario(&outcome.id).map(|s| &s.spec);
        let mut exchanges = Vec::new();
        for step in &outcome.steps {
            let (Some(request), Some(response)) = (&step.request, &step.response) else {
                continue;
            };
            let declared = match (step.phase, spec) {
                (Phase::Steps, Some(spec)) => spec.steps.get(step.index - 1),
                (Phase::Cleanup, Some(spec)) => spec.finally.get(step.index - 1),
                _ => None,
            };
            let wait = declared
                .and_then(|s| s.wait.as_deref())
                .and_then(parse_duration)
                .unwrap_or_default();
            exchanges.push(Exchange {
                wait,
                request: request.clone(),
                response: response.clone(),
            });
        }
        out.push(exchanges);
    }
    out
}

/// Recorded value → value to send, shared by every scenario (recorded server-made
/// values are unique across a run).
#[derive(Default)]
struct Values {
    map: HashMap<String, String>,
}

impl Values {
    /// Fills in masked credentials of the securityContext from the seed, by account.
    fn credentials(&mut self, request: &str, seed: &Seed) {
        let field = |name: &str| -> Option<&str> {
            let open = format!("<{name}>");
            let start = request.find(&open)? + open.len();
            let end = request[start..].find('<')? + start;
            Some(&request[start..end])
        };
        let site = field("siteName").map(str::to_owned).or_else(|| {
            let id: i64 = field("siteID")?.parse().ok()?;
            seed.sites
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.name.clone())
        });
        let (Some(site), Some(user)) = (site, field("webExID")) else {
            return;
        };
        let admin = seed
            .sites
            .iter()
            .filter(|s| s.name.eq_ignore_ascii_case(&site))
            .flat_map(|s| &s.admins)
            .find(|a| a.webex_id.eq_ignore_ascii_case(user));
        let partner = seed
            .partners
            .iter()
            .find(|p| p.site.eq_ignore_ascii_case(&site) && p.webex_id.eq_ignore_ascii_case(user));
        let (password, partner_id) = match (admin, partner) {
            (Some(a), _) => (a.password.clone(), None),
            (None, Some(p)) => (p.password.clone(), Some(p.partner_id.clone())),
            _ => return,
        };
        if let Some(token) = field("password").filter(|t| t.starts_with('«')) {
            self.map.entry(token.to_owned()).or_insert(password);
        }
        if let (Some(token), Some(id)) = (
            field("partnerID").filter(|t| t.starts_with('«')),
            partner_id,
        ) {
            self.map.entry(token.to_owned()).or_insert(id);
        }
    }

    /// The request with every recorded value replaced, in one pass (a replayed value
    /// may equal another recorded one); masked values never seen before (generated
    /// passwords) get a stand-in of the same shape.
    fn apply(&mut self, request: &str) -> String {
        let mut out = String::with_capacity(request.len());
        let mut rest = request;
        while let Some((at, len)) = next_value(rest) {
            out.push_str(&rest[..at]);
            let recorded = &rest[at..at + len];
            if recorded.starts_with('«') {
                let n = self.map.len();
                let value = self
                    .map
                    .entry(recorded.to_owned())
                    .or_insert_with(|| format!("Wx{n:012x}bench!"));
                out.push_str(value);
            } else {
                out.push_str(self.map.get(recorded).map_or(recorded, String::as_str));
            }
            rest = &rest[at + len..];
        }
        out.push_str(rest);
        out
    }

    /// Pairs the recorded answer's texts with the replayed answer's and keeps the
    /// server-made values that differ.
    fn learn(&mut self, recorded: &str, replayed: &str) {
        let (a, b) = (texts(recorded), texts(replayed));
        if a.len() != b.len() {
            return;
        }
        for (r, p) in a.into_iter().zip(b) {
            let made =
                r.starts_with('«') || (r.len() >= 9 && r.bytes().all(|c| c.is_ascii_digit()));
            if r != p && made {
                self.map.insert(r.to_owned(), p.to_owned());
            }
        }
    }
}

/// Where the next replaceable value starts and how long it is: a masked token
/// (`«secret-3»`) or a run of nine or more digits (keys, confIDs).
fn next_value(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with("«".as_bytes()) {
            // A lead byte, so `i` is a char boundary.
            let len = text.get(i..)?.find('»').map(|j| j + '»'.len_utf8())?;
            return Some((i, len));
        }
        if bytes[i].is_ascii_digit() {
            let len = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
            if len >= 9 {
                return Some((i, len));
            }
            i += len;
            continue;
        }
        i += 1;
    }
    None
}

/// The non-blank texts between tags, in order.
fn texts(doc: &str) -> Vec<&str> {
    doc.split('<')
        .filter_map(|piece| piece.split_once('>').map(|(_, text)| text.trim()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// `result` and `exceptionID` of every body, to tell whether two answers agree.
fn results(doc: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for name in ["result>", "exceptionID>"] {
        let mut rest = doc;
        while let Some(i) = rest.find(name) {
            rest = &rest[i + name.len()..];
            if let Some(end) = rest.find('<') {
                if !rest[..end].trim().is_empty() {
                    out.push(rest[..end].trim());
                }
            }
        }
    }
    out
}

/// What one replay measured.
struct Replayed {
    wall: Duration,
    /// Every scenario's own time added up, its waits left out.
    busy: Duration,
    same: usize,
    total: usize,
}

/// Replays every scenario's exchanges on a fresh reference.
async fn replay(plan: Vec<Vec<Exchange>>) -> Replayed {
    let seed = Seed::builtin();
    let mut values = Values::default();
    for exchange in plan.iter().flatten() {
        values.credentials(&exchange.request, &seed);
    }
    let values = Arc::new(Mutex::new(values));
    let started = Instant::now();
    let sink = MailSink::start(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("an SMTP sink");
    let config = Config {
        mail_relay: Some(sink.addr()),
        ..Config::default()
    };
    let running = reference::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("the reference starts");
    let url = running.url();
    let http = client().expect("an HTTP client");
    let permits = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let mut tasks = tokio::task::JoinSet::new();
    for exchanges in plan {
        let (http, url, values, permits) =
            (http.clone(), url.clone(), values.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let began = Instant::now();
            let mut waited = Duration::ZERO;
            let (mut same, mut total) = (0, 0);
            for x in exchanges {
                if !x.wait.is_zero() {
                    tokio::time::sleep(x.wait).await;
                    waited += x.wait;
                }
                let body = values
                    .lock()
                    .map(|mut v| v.apply(&x.request))
                    .unwrap_or_default();
                let answer = post(&http, &url, body).await.unwrap_or_default();
                if let Ok(mut v) = values.lock() {
                    v.learn(&x.response, &answer);
                }
                total += 1;
                if results(&answer) == results(&x.response) {
                    same += 1;
                }
            }
            (began.elapsed().saturating_sub(waited), same, total)
        });
    }
    let (mut busy, mut same, mut total) = (Duration::ZERO, 0, 0);
    while let Some(done) = tasks.join_next().await {
        if let Ok((b, s, t)) = done {
            busy += b;
            same += s;
            total += t;
        }
    }
    running.shutdown().await;
    sink.shutdown().await;
    Replayed {
        wall: started.elapsed(),
        busy,
        same,
        total,
    }
}
