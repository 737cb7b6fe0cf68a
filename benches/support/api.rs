//! Hand-written XML API requests and a small load driver, for the bench binaries that
//! talk to the reference over HTTP.

use std::time::{Duration, Instant};

pub const CREATE_MEETING: &str = "java:com.webex.service.binding.meeting.CreateMeeting";
pub const LST_SUMMARY_SESSION: &str = "java:com.webex.service.binding.ep.LstsummarySession";
pub const GET_USER: &str = "java:com.webex.service.binding.user.GetUser";

/// The seed's administrator of the `cmr` site.
pub struct Login {
    pub site: String,
    pub webex_id: String,
    pub password: String,
}

/// A request document with one bodyContent per (xsi:type, body).
pub fn envelope(login: &Login, bodies: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(512 + bodies.iter().map(|b| b.1.len() + 96).sum::<usize>());
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
<serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><header><securityContext>",
    );
    out.push_str(&format!(
        "<webExID>{}</webExID><password>{}</password><siteName>{}</siteName>",
        login.webex_id, login.password, login.site
    ));
    out.push_str("</securityContext></header><body>");
    for (xsi_type, body) in bodies {
        out.push_str(&format!(
            "<bodyContent xsi:type=\"{xsi_type}\">{body}</bodyContent>"
        ));
    }
    out.push_str("</body></serv:message>");
    out
}

/// A plain HTTP client (the ring provider installed, as the harness does).
pub fn client() -> Result<reqwest::Client, String> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .build()
        .map_err(|e| e.to_string())
}

/// Sends one request; the answer's body.
pub async fn post(client: &reqwest::Client, url: &str, body: String) -> Result<String, String> {
    let answer = client
        .post(url)
        .header("content-type", "text/xml; charset=UTF-8")
        .body(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    answer.text().await.map_err(|e| e.to_string())
}

/// What a load run measured.
pub struct Load {
    pub requests: usize,
    pub failures: usize,
    pub elapsed: Duration,
    /// Every request's latency, sorted.
    pub latencies: Vec<Duration>,
}

impl Load {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies.len() - 1) as f64 * p).round() as usize;
        self.latencies[i.min(self.latencies.len() - 1)]
    }
}

/// Sends `total` copies of `body` with `concurrency` requests in flight; an answer
/// without `SUCCESS` counts as a failure.
pub async fn load(
    client: &reqwest::Client,
    url: &str,
    body: &str,
    concurrency: usize,
    total: usize,
) -> Load {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in 0..concurrency {
        let (client, url, body) = (client.clone(), url.to_owned(), body.to_owned());
        let share = total / concurrency + usize::from(worker < total % concurrency);
        tasks.spawn(async move {
            let mut latencies = Vec::with_capacity(share);
            let mut failures = 0;
            for _ in 0..share {
                let t = Instant::now();
                match post(&client, &url, body.clone()).await {
                    Ok(text) if text.contains(">SUCCESS<") => {}
                    _ => failures += 1,
                }
                latencies.push(t.elapsed());
            }
            (latencies, failures)
        });
    }
    let mut latencies = Vec::with_capacity(total);
    let mut failures = 0;
    while let Some(done) = tasks.join_next().await {
        if let Ok((l, f)) = done {
            latencies.extend(l);
            failures += f;
        }
    }
    latencies.sort();
    Load {
        requests: latencies.len(),
        failures,
        elapsed: started.elapsed(),
        latencies,
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
