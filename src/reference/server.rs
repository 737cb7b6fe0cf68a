//! The HTTP edge: axum on a loopback (or given) address, one route
//! `POST /WBXService/XMLService`, always HTTP 200 with an XML answer.
//!
//! The state lock is held only while the bodies of one request are answered
//! in memory; reading the request, writing the answer and sending mail happen
//! outside it.

use super::config::{Config, Release};
use super::envelope::{self, HeaderExtras, Reply};
use super::mailer::Mailer;
use super::model::State;
use super::ops::{self, Ctx};
use super::switches::{Switch, Switches};
use super::xmlout;
use axum::body::{Body, HttpBody};
use axum::extract::State as Shared;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, Utc};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Larger request bodies are answered with 000000 (after being drained).
const MAX_BODY: usize = 4 * 1024 * 1024;
/// Beyond this much the connection is no longer drained, only answered.
const MAX_DRAIN: usize = 64 * 1024 * 1024;

struct App {
    state: Mutex<State>,
    switches: Switches,
    release: Release,
    fixed_clock: Option<DateTime<Utc>>,
    mailer: Mailer,
}

impl App {
    fn now(&self) -> DateTime<Utc> {
        self.fixed_clock.unwrap_or_else(Utc::now)
    }
}

/// A running reference server. Dropping it stops the server too.
pub struct Running {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    mail_lanes: Vec<JoinHandle<()>>,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}/WBXService/XMLService", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, then waits for queued mail to be sent.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
        for lane in std::mem::take(&mut self.mail_lanes) {
            let _ = lane.await;
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts the reference on `listen` (port 0 picks a free port).
pub async fn start(config: Config, listen: SocketAddr) -> std::io::Result<Running> {
    let fixed_clock = config.seed.fixed_clock();
    let now = fixed_clock.unwrap_or_else(Utc::now);
    let (mailer, mail_lanes) = Mailer::start(config.seed.mail.from.clone(), config.mail_relay);
    let app = Arc::new(App {
        state: Mutex::new(State::from_seed(&config.seed, now)),
        switches: config.effective_switches(),
        release: config.release,
        fixed_clock,
        mailer,
    });
    let router = Router::new()
        .route("/WBXService/XMLService", post(xml_service))
        .fallback(not_found)
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let serve = axum::serve(listener, router).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(e) = serve.await {
            tracing::error!("reference server stopped: {e}");
        }
    });
    tracing::info!(%addr, "reference implementation listening");
    Ok(Running {
        addr,
        stop: Some(stop),
        server: Some(server),
        mail_lanes,
    })
}

async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        "not found: the XML API is POST /WBXService/XMLService\n",
    )
}

fn xml(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/xml;charset=UTF-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// The answer to a request that cannot be read: a FAILURE envelope (or, with
/// the `unreadable-http-400` defect, a bare HTTP error).
fn unreadable(app: &App) -> Response {
    if app.switches.is_on(Switch::UnreadableHttp400) {
        return (
            StatusCode::BAD_REQUEST,
            "Bad Request: not an XML document\n",
        )
            .into_response();
    }
    let doc = envelope::unreadable(&app.switches);
    xml(StatusCode::OK, xmlout::restyle(&doc, &app.switches))
}

/// Reads the body up to `MAX_BODY`; a larger one is drained (so the client
/// can read the answer) and reported as `None`.
async fn read_body(mut body: Body) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let Ok(frame) = frame else { return None };
        if let Ok(data) = frame.into_data() {
            seen = seen.saturating_add(data.len());
            if seen > MAX_DRAIN {
                return None;
            }
            if seen <= MAX_BODY {
                buf.extend_from_slice(&data);
            }
        }
    }
    (seen <= MAX_BODY).then_some(buf)
}

async fn xml_service(Shared(app): Shared<Arc<App>>, body: Body) -> Response {
    let Some(bytes) = read_body(body).await else {
        return unreadable(&app);
    };
    let started = std::time::Instant::now();
    let request = match envelope::read(&bytes) {
        Ok(r) => r,
        Err(_) => return unreadable(&app),
    };
    let now = app.now();
    let mut ctx = Ctx {
        now,
        switches: &app.switches,
        release: app.release,
        notices: Vec::new(),
    };
    let replies: Vec<Reply> = {
        // A poisoned lock means a handler panicked mid-change; the state is
        // still the best one there is, so keep serving it.
        let mut state = app.state.lock().unwrap_or_else(|p| p.into_inner());
        let answered = if app.switches.is_on(Switch::OnlyFirstBodyAnswered) {
            1
        } else {
            request.bodies.len()
        };
        request
            .bodies
            .iter()
            .take(answered)
            .map(|b| ops::answer(&mut state, &mut ctx, &request.security, b))
            .collect()
    };
    // `serve -v` shows each exchange as an operator would want it: who asked what, and
    // the outcome; never the bodies, which carry credentials.
    for (body, reply) in request.bodies.iter().zip(&replies) {
        let op = match &body.op {
            Ok(op) => format!("{op:?}"),
            Err(t) => format!("unknown `{t}`"),
        };
        let who = request.security.webex_id.as_deref().unwrap_or("-");
        let site = request.security.site_name.as_deref().unwrap_or("-");
        match &reply.outcome {
            Ok(_) => tracing::debug!("{op} as {who} on {site}: SUCCESS"),
            Err(f) => tracing::debug!("{op} as {who} on {site}: FAILURE {}", f.code.id()),
        }
    }
    let notices = std::mem::take(&mut ctx.notices);
    app.mailer.send(notices);
    let mut extras = HeaderExtras::default();
    if app.switches.is_on(Switch::HeaderTimingElements) {
        let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        extras.timing = Some((ms, format!("reference {}", now.format("%Y%m%d%H%M%S"))));
    }
    let failed = replies.iter().any(|r| r.outcome.is_err());
    let status = if failed && app.switches.is_on(Switch::Http500OnFailure) {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    };
    let doc = envelope::write(&replies, &extras, &app.switches);
    xml(status, xmlout::restyle(&doc, &app.switches))
}
