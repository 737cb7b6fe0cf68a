//! The embedded reference under load: requests per second for GetUser and for a
//! date-ranged LstsummarySession on a site with 100,000 meetings (two in five of them
//! series), and how the time of that one list grows from 10,000 to 100,000 meetings.
//!
//! Meetings are created through the API itself (CreateMeeting, 100 bodies per request),
//! spread at a constant density of 10,000 a year, so the listed week holds about as
//! many sessions on either site: what grows is only what lies outside the range.
//! Each site size runs in its own process, so each peak memory is its own.
//! `cargo bench --bench reference`.

mod support;

use std::net::SocketAddr;
use std::time::Instant;

use chrono::{Days, NaiveDate, Utc};
use support::api::{
    client, envelope, load, ms, post, Login, CREATE_MEETING, GET_USER, LST_SUMMARY_SESSION,
};
use support::memory::{child, mib, resident};
use wbxconf::reference::{self, Config, Seed};

const CHILD: &str = "WBXCONF_BENCH_REFERENCE_MEETINGS";
/// Meetings per year of the site's calendar.
const DENSITY: usize = 10_000;
const BATCH: usize = 100;
/// Requests in flight in the load runs (the client shares the machine's cores).
const CONCURRENCY: usize = 4;

fn main() {
    if let Ok(n) = std::env::var(CHILD) {
        let n: usize = n.parse().unwrap_or(10_000);
        let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
        if let Err(e) = runtime.block_on(measure(n)) {
            eprintln!("reference bench failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    println!("reference: load over HTTP on loopback, client in the same process");
    let mut medians = Vec::new();
    for n in [10_000usize, 100_000] {
        match child(&[], &[(CHILD, n.to_string())]) {
            Ok(out) => {
                print!("{out}");
                let median = out
                    .lines()
                    .find_map(|l| l.strip_prefix("ranged-list-median-us "))
                    .and_then(|v| v.trim().parse::<f64>().ok());
                medians.push((n, median));
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    if let [(small, Some(a)), (large, Some(b))] = medians.as_slice() {
        println!(
            "one ranged LstsummarySession: {large} vs {small} meetings costs {:.2}x the time (target: at most 2x)",
            b / a
        );
    }
}

fn login() -> Login {
    let admin = Seed::builtin()
        .admin("cmr")
        .expect("the built-in seed has an admin on the cmr site");
    Login {
        site: admin.site_name,
        webex_id: admin.webex_id,
        password: admin.password,
    }
}

fn api_date(day: NaiveDate, hour: u32) -> String {
    format!("{} {hour:02}:00:00", day.format("%m/%d/%Y"))
}

/// Meeting `i` of a site of `n`: singles, weekly series of 4 to 12 and daily series of 5.
fn meeting_body(i: usize, n: usize, today: NaiveDate) -> String {
    let span_days = (n * 365 / DENSITY).max(7) as u64;
    let day = today + Days::new(2 + (i as u64 * 7919) % span_days);
    let repeat = match i % 5 {
        0 | 1 => format!(
            "<repeat><repeatType>WEEKLY</repeatType><interval>1</interval><afterMeetingNumber>{}</afterMeetingNumber></repeat>",
            4 + i % 9
        ),
        2 => "<repeat><repeatType>DAILY</repeatType><interval>1</interval><afterMeetingNumber>5</afterMeetingNumber></repeat>".to_owned(),
        _ => String::new(),
    };
    format!(
        "<metaData><confName>Bench meeting {i}</confName></metaData>\
<schedule><startDate>{}</startDate><timeZoneID>4</timeZoneID><duration>30</duration></schedule>{repeat}",
        api_date(day, 7 + (i % 11) as u32)
    )
}

fn ranged_list(today: NaiveDate, recurrence: bool) -> String {
    let from = today + Days::new(60);
    let to = today + Days::new(67);
    format!(
        "<listControl><startFrom>1</startFrom><maximumNum>100</maximumNum></listControl>\
<dateScope><startDateStart>{}</startDateStart><startDateEnd>{}</startDateEnd><timeZoneID>4</timeZoneID></dateScope>\
<recurrence>{recurrence}</recurrence>",
        api_date(from, 0),
        api_date(to, 0)
    )
}

fn total_of(answer: &str) -> String {
    answer
        .split_once("total>")
        .and_then(|(_, rest)| rest.split_once('<'))
        .map_or_else(|| "?".to_owned(), |(v, _)| v.to_owned())
}

async fn measure(n: usize) -> Result<(), String> {
    let (base, _) = resident().unwrap_or((0, 0));
    let running = reference::start(Config::default(), SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .map_err(|e| e.to_string())?;
    let url = running.url();
    let client = client()?;
    let login = login();
    let today = Utc::now().date_naive();

    // Seeding, through the API.
    let started = Instant::now();
    let mut requests = Vec::new();
    for first in (0..n).step_by(BATCH) {
        let bodies: Vec<(&str, String)> = (first..(first + BATCH).min(n))
            .map(|i| (CREATE_MEETING, meeting_body(i, n, today)))
            .collect();
        requests.push(envelope(&login, &bodies));
    }
    let mut created = 0usize;
    let mut tasks = tokio::task::JoinSet::new();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(requests));
    for _ in 0..2 {
        let (client, url, queue) = (client.clone(), url.clone(), queue.clone());
        tasks.spawn(async move {
            let mut ok = 0usize;
            loop {
                let next = queue.lock().map(|mut q| q.pop()).unwrap_or(None);
                let Some(body) = next else { break };
                if let Ok(text) = post(&client, &url, body).await {
                    ok += text.matches(">SUCCESS<").count();
                }
            }
            ok
        });
    }
    while let Some(done) = tasks.join_next().await {
        created += done.unwrap_or(0);
    }
    let seeding = started.elapsed();
    println!(
        "site of {n} meetings: created {created} through CreateMeeting in {:.1}s ({:.0} meetings/s)",
        seeding.as_secs_f64(),
        created as f64 / seeding.as_secs_f64()
    );
    if created != n {
        return Err(format!("only {created} of {n} meetings were created"));
    }

    let get_user = envelope(
        &login,
        &[(GET_USER, format!("<webExId>{}</webExId>", login.webex_id))],
    );
    let warm = load(&client, &url, &get_user, CONCURRENCY, 500).await;
    let users = load(&client, &url, &get_user, CONCURRENCY, 10_000).await;
    println!(
        "  GetUser: {:.0} requests/s ({} requests, {} failed, p50 {:.3} ms, p99 {:.3} ms){}",
        users.per_second(),
        users.requests,
        users.failures,
        ms(users.percentile(0.5)),
        ms(users.percentile(0.99)),
        if warm.failures > 0 {
            " (warm-up failures!)"
        } else {
            ""
        }
    );

    for recurrence in [true, false] {
        let list = envelope(
            &login,
            &[(LST_SUMMARY_SESSION, ranged_list(today, recurrence))],
        );
        let answer = post(&client, &url, list.clone()).await?;
        // One at a time: the time of one list, not of a queue.
        let one = load(&client, &url, &list, 1, 400).await;
        let many = load(&client, &url, &list, CONCURRENCY, 2_000).await;
        println!(
            "  LstsummarySession, one week, recurrence {recurrence}: {} sessions in range ({} bytes answered); one at a time p50 {:.3} ms p90 {:.3} ms; {:.0} requests/s with {CONCURRENCY} in flight ({} failed)",
            total_of(&answer),
            answer.len(),
            ms(one.percentile(0.5)),
            ms(one.percentile(0.9)),
            many.per_second(),
            one.failures + many.failures
        );
        if recurrence {
            println!(
                "ranged-list-median-us {:.1}",
                one.percentile(0.5).as_secs_f64() * 1e6
            );
        }
    }
    let (peak, _) = resident().unwrap_or((0, 0));
    println!(
        "  peak memory (reference and client): {:.1} MiB (process baseline {:.1} MiB)",
        mib(peak),
        mib(base)
    );
    running.shutdown().await;
    Ok(())
}
