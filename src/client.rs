//! The HTTP transport: one POST per step, bounded in time and size, never following a
//! redirect, and labelled so an implementation's logs can be matched to a failure.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, CONTENT_TYPE, LOCATION};

/// Header naming the scenario a request belongs to.
pub const SCENARIO_HEADER: &str = "x-wbxconf-scenario";
/// Header naming the step (`3: host lists the meeting`).
pub const STEP_HEADER: &str = "x-wbxconf-step";

#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Whole exchange, from connecting to the last byte of the body.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Larger bodies are not read further: the step fails with that diagnosis.
    pub max_response_bytes: usize,
    /// PEM file of a CA to trust in addition to the system's.
    pub ca_file: Option<std::path::PathBuf>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(5),
            max_response_bytes: 16 * 1024 * 1024,
            ca_file: None,
        }
    }
}

/// What came back over HTTP.
#[derive(Debug, Clone)]
pub struct HttpAnswer {
    pub status: u16,
    pub content_type: Option<String>,
    /// Where a redirect pointed (never followed).
    pub location: Option<String>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
}

/// Why no complete answer came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// Nothing listens there, or the name does not resolve.
    Connect(String),
    /// No complete answer within the timeout.
    Timeout(Duration),
    /// The body grew past the cap; reading stopped there.
    TooLarge(usize),
    /// The connection broke mid-answer.
    Broken(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::Connect(m) => write!(f, "cannot connect: {m}"),
            TransportError::Timeout(d) => write!(
                f,
                "no complete answer within {:.1}s (the configured timeout)",
                d.as_secs_f64()
            ),
            TransportError::TooLarge(n) => write!(
                f,
                "the answer is larger than {n} bytes (the size cap); reading stopped there"
            ),
            TransportError::Broken(m) => write!(
                f,
                "the connection broke before the answer was complete: {m}"
            ),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    options: ClientOptions,
}

impl Client {
    pub fn new(options: ClientOptions) -> Result<Client, String> {
        install_crypto_provider();
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(concat!("wbxconf/", env!("CARGO_PKG_VERSION")));
        if let Some(ca) = &options.ca_file {
            let pem = std::fs::read(ca)
                .map_err(|e| format!("cannot read CA file {}: {e}", ca.display()))?;
            let cert = reqwest::Certificate::from_pem(&pem)
                .map_err(|e| format!("CA file {} is not a PEM certificate: {e}", ca.display()))?;
            builder = builder.add_root_certificate(cert);
        }
        let http = builder
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Client { http, options })
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// POSTs `body` to `url`, reading at most the size cap of the answer.
    pub async fn post(
        &self,
        url: &str,
        body: String,
        scenario: &str,
        step: &str,
    ) -> Result<HttpAnswer, TransportError> {
        let started = Instant::now();
        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/xml; charset=UTF-8"),
        );
        headers.insert(SCENARIO_HEADER, header_value(scenario));
        headers.insert(STEP_HEADER, header_value(step));
        let response = self
            .http
            .post(url)
            .headers(headers)
            .body(body)
            .send()
            .await
            .map_err(|e| self.classify(e))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let cap = self.options.max_response_bytes;
        if response.content_length().is_some_and(|n| n as usize > cap) {
            return Err(TransportError::TooLarge(cap));
        }
        let mut response = response;
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > cap {
                        return Err(TransportError::TooLarge(cap));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Err(self.classify(e)),
            }
        }
        Ok(HttpAnswer {
            status,
            content_type,
            location,
            body,
            elapsed: started.elapsed(),
        })
    }

    fn classify(&self, e: reqwest::Error) -> TransportError {
        if e.is_timeout() {
            TransportError::Timeout(self.options.timeout)
        } else if e.is_connect() {
            TransportError::Connect(root_cause(&e))
        } else {
            TransportError::Broken(root_cause(&e))
        }
    }
}

/// Header values must be visible ASCII; anything else is replaced rather than refused.
fn header_value(s: &str) -> HeaderValue {
    let clean: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(200)
        .collect();
    HeaderValue::from_str(&clean).unwrap_or_else(|_| HeaderValue::from_static("-"))
}

/// The innermost error message: reqwest's outer text ("error sending request") says little.
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg = s.to_string();
        source = s.source();
    }
    msg
}

/// rustls needs one process-wide crypto provider; ring keeps the build light.
fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Another part of the process may have installed one already: that is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Whether `url` points at this machine (credentials may go there over plain HTTP).
pub fn is_loopback(url: &str) -> bool {
    let Ok(u) = reqwest::Url::parse(url) else {
        return false;
    };
    match u.host_str() {
        Some("localhost") => true,
        Some(h) => h
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}
