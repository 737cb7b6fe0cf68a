//! A misbehaving XML API endpoint over real loopback sockets, for the hostile tests.
//!
//! One server plays every misbehaviour at once: each request carries the scenario id
//! in the `x-wbxconf-scenario` header, and a scenario `hostile/NAME` gets the
//! behaviour NAME (see [`Behaviour`]); anything else (the preflight) gets a good
//! answer. A second listener, "elsewhere", on another loopback address stands for
//! the host a redirect or an external entity points at: it only counts who calls.
//!
//! Every answer ends with `Connection: close`, so no pooled connection outlives the
//! behaviour it was opened for.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the endpoint answers a scenario `hostile/NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// A valid GetAPIVersion SUCCESS envelope.
    Good,
    /// Reads the request, then says nothing at all.
    Silent,
    /// Promises 100 bytes and sends one per second.
    Drip,
    /// Promises 10,000 bytes, sends 200, then resets the connection.
    Reset,
    /// Streams 1 GiB without announcing a length.
    Huge,
    /// Announces 1 GiB in `Content-Length`, then streams it.
    HugeDeclared,
    Html,
    Json,
    Empty,
    InvalidUtf8,
    ServerError,
    /// 302 to the same path on the "elsewhere" host.
    Redirect,
    /// An element nested 100,000 levels deep.
    Deep,
    /// The billion-laughs entity expansion.
    Laughs,
    /// A DOCTYPE naming an external entity on the "elsewhere" host.
    ExternalEntity,
    /// The GetAPIVersion answer, whatever was asked.
    WrongOperation,
}

impl Behaviour {
    pub const ALL: [(&'static str, Behaviour); 16] = [
        ("good", Behaviour::Good),
        ("silent", Behaviour::Silent),
        ("drip", Behaviour::Drip),
        ("reset", Behaviour::Reset),
        ("huge", Behaviour::Huge),
        ("huge-declared", Behaviour::HugeDeclared),
        ("html", Behaviour::Html),
        ("json", Behaviour::Json),
        ("empty", Behaviour::Empty),
        ("invalid-utf8", Behaviour::InvalidUtf8),
        ("server-error", Behaviour::ServerError),
        ("redirect", Behaviour::Redirect),
        ("deep", Behaviour::Deep),
        ("laughs", Behaviour::Laughs),
        ("external-entity", Behaviour::ExternalEntity),
        ("wrong-operation", Behaviour::WrongOperation),
    ];

    fn for_scenario(id: &str) -> Behaviour {
        let name = id.strip_prefix("hostile/").unwrap_or("");
        Behaviour::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| *b)
            .unwrap_or(Behaviour::Good)
    }
}

/// What the endpoint saw, for the tests' assertions.
#[derive(Debug, Default)]
pub struct Stats {
    /// Bytes of body written for the 1 GiB answers before the client stopped reading.
    pub huge_bytes_sent: AtomicU64,
    pub huge_declared_bytes_sent: AtomicU64,
    /// Connections the "elsewhere" host accepted.
    pub elsewhere_connections: AtomicUsize,
    /// Requests per scenario id, in arrival order.
    pub requests: Mutex<Vec<String>>,
}

pub struct Hostile {
    pub addr: SocketAddr,
    pub elsewhere: SocketAddr,
    pub stats: Arc<Stats>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Hostile {
    /// Starts the endpoint and its "elsewhere" host on loopback ports.
    pub fn start() -> Hostile {
        Hostile::start_with(false)
    }

    /// Starts an endpoint that answers one request (the preflight) and then closes its
    /// listening socket: every later connection is refused.
    pub fn start_refusing_after_preflight() -> Hostile {
        Hostile::start_with(true)
    }

    fn start_with(refuse_after_first: bool) -> Hostile {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("hostile endpoint runtime");
        let stats = Arc::new(Stats::default());
        let (addr, elsewhere) = runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            // Another loopback address: a different host as far as URLs go.
            let other = match TcpListener::bind("127.0.0.2:0").await {
                Ok(l) => l,
                Err(_) => TcpListener::bind("127.0.0.1:0").await.expect("bind"),
            };
            let addr = listener.local_addr().expect("addr");
            let elsewhere = other.local_addr().expect("addr");
            tokio::spawn(elsewhere_loop(other, stats.clone()));
            tokio::spawn(serve_loop(
                listener,
                stats.clone(),
                elsewhere,
                refuse_after_first,
            ));
            (addr, elsewhere)
        });
        Hostile {
            addr,
            elsewhere,
            stats,
            runtime: Some(runtime),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/WBXService/XMLService", self.addr)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

async fn elsewhere_loop(listener: TcpListener, stats: Arc<Stats>) {
    while let Ok((mut socket, _)) = listener.accept().await {
        stats.elsewhere_connections.fetch_add(1, Ordering::SeqCst);
        let _ = socket
            .write_all(b"HTTP/1.1 500 Not Here\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .await;
    }
}

async fn serve_loop(
    listener: TcpListener,
    stats: Arc<Stats>,
    elsewhere: SocketAddr,
    refuse_after_first: bool,
) {
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            return;
        };
        let task = tokio::spawn(handle(socket, stats.clone(), elsewhere));
        if refuse_after_first {
            // Answer the preflight in full, then stop listening: the socket closes and
            // the kernel refuses every later connection.
            let _ = task.await;
            return;
        }
    }
}

/// Reads one request: headers up to the blank line, then `Content-Length` bytes.
async fn read_request(socket: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let scenario = header("x-wbxconf-scenario").unwrap_or_default();
    Some((scenario, body))
}

async fn handle(mut socket: TcpStream, stats: Arc<Stats>, elsewhere: SocketAddr) {
    let Some((scenario, _body)) = read_request(&mut socket).await else {
        return;
    };
    if let Ok(mut r) = stats.requests.lock() {
        r.push(scenario.clone());
    }
    let behaviour = Behaviour::for_scenario(&scenario);
    let _ = answer(&mut socket, behaviour, &stats, elsewhere).await;
}

fn head(status: &str, content_type: &str, length: Option<usize>, extra: &str) -> String {
    let length = length
        .map(|n| format!("Content-Length: {n}\r\n"))
        .unwrap_or_default();
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{length}{extra}Connection: close\r\n\r\n"
    )
}

async fn send(socket: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) {
    let h = head(status, content_type, Some(body.len()), "");
    let _ = socket.write_all(h.as_bytes()).await;
    let _ = socket.write_all(body).await;
    let _ = socket.shutdown().await;
}

pub const GOOD_ENVELOPE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" xmlns:ep="http://www.webex.com/schemas/2002/06/service/ep" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY</serv:gsbStatus></serv:response></serv:header><serv:body><serv:bodyContent xsi:type="ep:getAPIVersionResponse"><ep:apiVersion>WebEx XML API V8.0 SP11</ep:apiVersion><ep:release>SP11</ep:release></serv:bodyContent></serv:body></serv:message>"#;

const GIB: u64 = 1 << 30;

async fn answer(
    socket: &mut TcpStream,
    behaviour: Behaviour,
    stats: &Stats,
    elsewhere: SocketAddr,
) -> std::io::Result<()> {
    let xml = "text/xml; charset=UTF-8";
    match behaviour {
        Behaviour::Good | Behaviour::WrongOperation => {
            send(socket, "200 OK", xml, GOOD_ENVELOPE.as_bytes()).await
        }
        Behaviour::Silent => {
            // Hold the connection open without a word until the client gives up.
            let mut sink = [0u8; 64];
            while socket.read(&mut sink).await? > 0 {}
        }
        Behaviour::Drip => {
            socket
                .write_all(head("200 OK", xml, Some(100), "").as_bytes())
                .await?;
            for b in GOOD_ENVELOPE.bytes().take(100) {
                socket.write_all(&[b]).await?;
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        Behaviour::Reset => {
            socket
                .write_all(head("200 OK", xml, Some(10_000), "").as_bytes())
                .await?;
            socket.write_all(&GOOD_ENVELOPE.as_bytes()[..200]).await?;
            socket.flush().await?;
            socket.set_zero_linger()?;
            // Dropping the socket with zero linger sends RST instead of FIN.
        }
        Behaviour::Huge | Behaviour::HugeDeclared => {
            let declared = behaviour == Behaviour::HugeDeclared;
            let counter = if declared {
                &stats.huge_declared_bytes_sent
            } else {
                &stats.huge_bytes_sent
            };
            let h = head("200 OK", xml, declared.then_some(GIB as usize), "");
            socket.write_all(h.as_bytes()).await?;
            let mut chunk = b"<serv:message>".to_vec();
            chunk.resize(64 * 1024, b' ');
            let mut sent = 0u64;
            while sent < GIB {
                socket.write_all(&chunk).await?;
                sent += chunk.len() as u64;
                counter.store(sent, Ordering::SeqCst);
            }
        }
        Behaviour::Html => {
            send(
                socket,
                "200 OK",
                "text/html",
                b"<!DOCTYPE html><html><body><h1>Login</h1><form>...</form></body></html>",
            )
            .await
        }
        Behaviour::Json => {
            send(
                socket,
                "200 OK",
                "application/json",
                br#"{"error":"not here","code":42}"#,
            )
            .await
        }
        Behaviour::Empty => send(socket, "200 OK", xml, b"").await,
        Behaviour::InvalidUtf8 => {
            let mut body = GOOD_ENVELOPE.as_bytes()[..120].to_vec();
            body.extend_from_slice(b"\xff\xfe\xc3\x28 broken");
            send(socket, "200 OK", xml, &body).await
        }
        Behaviour::ServerError => {
            send(
                socket,
                "500 Internal Server Error",
                "text/html",
                b"<html><body>java.lang.NullPointerException</body></html>",
            )
            .await
        }
        Behaviour::Redirect => {
            let to = format!("http://{elsewhere}/WBXService/XMLService");
            let h = head(
                "302 Found",
                "text/html",
                Some(0),
                &format!("Location: {to}\r\n"),
            );
            socket.write_all(h.as_bytes()).await?;
            socket.shutdown().await?;
        }
        Behaviour::Deep => {
            let depth = 100_000;
            let mut body = String::with_capacity(depth * 8);
            body.push_str(
                r#"<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service">"#,
            );
            body.push_str(&"<a>".repeat(depth));
            body.push_str(&"</a>".repeat(depth));
            body.push_str("</serv:message>");
            send(socket, "200 OK", xml, body.as_bytes()).await
        }
        Behaviour::Laughs => {
            let mut body =
                String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
            let mut prev = "lol".to_string();
            for i in 1..10 {
                let name = format!("lol{i}");
                body.push_str(&format!(
                    "<!ENTITY {name} \"{}\">\n",
                    format!("&{prev};").repeat(10)
                ));
                prev = name;
            }
            body.push_str(&format!("]>\n<serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\">&{prev};</serv:message>"));
            send(socket, "200 OK", xml, body.as_bytes()).await
        }
        Behaviour::ExternalEntity => {
            let to = elsewhere;
            let body = format!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE serv:message [\n<!ENTITY xxe SYSTEM \"http://{to}/secret.xml\">\n]>\n<serv:message xmlns:serv=\"http://www.webex.com/schemas/2002/06/service\"><serv:header><serv:response><serv:result>&xxe;</serv:result></serv:response></serv:header></serv:message>"
            );
            send(socket, "200 OK", xml, body.as_bytes()).await
        }
    }
    Ok(())
}
