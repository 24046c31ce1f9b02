//! `skalint serve`: one page on which a rektor drops a report and sees, in Swedish, what it
//! lacks and how to fix it.
//!
//! Flow: a `multipart/form-data` POST to `/granska` is read into memory ([`form`]), becomes an
//! [`Input`] and the form's [`Overrides`], goes through [`review::review_as`] (the engine and
//! rules of `skalint check`) on a blocking thread, and the [`CheckedFile`] it gives is rendered
//! by [`page`]. The page renders; it detects nothing.
//!
//! Invariants:
//! - uploads live in memory only: never a temporary file, never a log line with their text or
//!   name (the server logs nothing per request);
//! - no state is shared between requests beyond the immutable [`Setup`];
//! - a request body is at most [`Settings::body_limit`] bytes (413 with a Swedish page), a
//!   request takes at most [`Settings::timeout`] (504), and at most [`Settings::jobs`] checks
//!   run at once; the others wait for a place within their time (503 if none frees up);
//! - every response carries the security headers of [`security_headers`], and the page loads
//!   nothing from anywhere but the server itself.

pub mod form;
pub mod page;

use crate::profile::Overrides;
use crate::report::CheckedFile;
use crate::review::{self, Setup};
use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub addr: SocketAddr,
    /// The largest request body accepted, in bytes (the file and the form around it).
    pub max_upload: usize,
    /// How many checks may run at the same time.
    pub jobs: usize,
    /// How long one request may take, from the first byte of its body to the answer.
    pub timeout: Duration,
}

impl Settings {
    /// The largest request body: a file of `max_upload` bytes and the form around it.
    pub fn body_limit(&self) -> usize {
        self.max_upload.saturating_add(FORM_OVERHEAD)
    }
}

/// Room for the form's other fields and the multipart framing, beyond the file itself.
const FORM_OVERHEAD: usize = 64 * 1024;

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            addr: SocketAddr::from(([127, 0, 0, 1], 7878)),
            max_upload: 25 * 1024 * 1024,
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            timeout: Duration::from_secs(60),
        }
    }
}

/// The Content-Security-Policy of every response: only the server's own stylesheet, script
/// and icon; forms post only to the server; no framing.
pub const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SCRIPT: &str = include_str!("skalint.js");
const SERVE_CSS: &str = include_str!("serve.css");
const ICON: &str = include_str!("favicon.svg");

/// Shared by all requests; nothing in it changes after start.
struct App {
    setup: Arc<Setup>,
    settings: Settings,
    permits: Arc<Semaphore>,
    /// Requests waiting for a permit.
    waiting: AtomicUsize,
    css: String,
}

/// How many requests may wait for a place per permit before the server says it is busy.
const QUEUE_PER_JOB: usize = 16;

/// A place in the queue for a permit, given back when dropped.
struct Queued<'a>(&'a AtomicUsize);

impl<'a> Queued<'a> {
    fn join(app: &'a App) -> Option<Queued<'a>> {
        let max = QUEUE_PER_JOB * app.settings.jobs.max(1);
        let before = app.waiting.fetch_add(1, Ordering::AcqRel);
        let q = Queued(&app.waiting);
        (before < max).then_some(q)
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

type Shared = Arc<App>;

/// The whole application, ready for [`axum::serve`].
pub fn router(setup: Arc<Setup>, settings: Settings) -> Router {
    let app = Arc::new(App {
        permits: Arc::new(Semaphore::new(settings.jobs.max(1))),
        waiting: AtomicUsize::new(0),
        css: format!("{}\n{}", crate::report::html::CSS, SERVE_CSS),
        setup,
        settings,
    });
    Router::new()
        .route("/", get(front))
        .route("/granska", post(check))
        .route("/stil.css", get(stylesheet))
        .route("/skalint.js", get(script))
        .route("/favicon.svg", get(icon))
        .route("/halsa", get(health))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // The multipart reader stops at the limit (413) when a body has no Content-Length;
        // `limit_body` answers the ordinary case, a declared length, before reading anything.
        .layer(DefaultBodyLimit::max(app.settings.body_limit()))
        .layer(middleware::from_fn_with_state(app.clone(), limit_body))
        .layer(middleware::from_fn(security_headers))
        .with_state(app)
}

/// Binds, says where the page is, and serves until Ctrl+C.
pub fn run(setup: Setup, settings: Settings) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("skalint-serve")
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(settings.addr).await?;
        for line in announcement(listener.local_addr()?, &settings) {
            eprintln!("{line}");
        }
        serve(listener, Arc::new(setup), settings, async {
            let _ = tokio::signal::ctrl_c().await;
            eprintln!("skalint serve: avslutar");
        })
        .await
    })
}

/// Bounds on connections, before a request reaches the router.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A client must have sent a request's headers within this time of connecting, or of its
    /// previous answer; otherwise the connection is closed. Slow or idle connections cannot
    /// then be held open to keep others out.
    pub header_timeout: Duration,
    /// At most this many connections are served at once; a further one waits in the system's
    /// queue until one closes (an idle one closes within `header_timeout`).
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_connections: 256,
        }
    }
}

/// Serves the page on `listener` until `shutdown` completes (then lets running requests end).
/// HTTP/1.1 with a header-read timeout and a bound on open connections; everything past the
/// headers is bounded by the router (body size, request time, checks at once).
pub async fn serve(
    listener: tokio::net::TcpListener,
    setup: Arc<Setup>,
    settings: Settings,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(
        listener,
        router(setup, settings),
        Limits::default(),
        shutdown,
    )
    .await
}

/// [`serve`] with a given router and connection limits (for tests).
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            p = open.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let (stream, _) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // Out of file descriptors and the like: wait a moment, as axum::serve does.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A connection's errors (a client gone, a timeout) are the connection's own.
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Where to open the page, and who can reach it, in Swedish, for standard error.
pub fn announcement(addr: SocketAddr, settings: &Settings) -> Vec<String> {
    let host = match addr {
        SocketAddr::V4(a) if a.ip().is_unspecified() => format!("127.0.0.1:{}", a.port()),
        SocketAddr::V6(a) if a.ip().is_unspecified() => format!("[::1]:{}", a.port()),
        a => a.to_string(),
    };
    let mut lines = vec![format!("skalint serve: öppna http://{host}/ i webbläsaren")];
    if addr.ip().is_loopback() {
        lines.push(format!(
            "skalint serve: lyssnar bara på den här datorn ({addr}); andra datorer når inte sidan"
        ));
    } else {
        lines.push(format!(
            "varning: skalint serve lyssnar på {addr} och nås från andra datorer i nätverket. \
             Trafiken är okrypterad (http): ställ servern bakom en HTTPS-proxy på intranätet."
        ));
    }
    lines.push(format!(
        "skalint serve: högst {} MB per fil, {} granskningar åt gången, {} sekunder per granskning; \
         dokumenten granskas i minnet och sparas inte. Avsluta med Ctrl+C.",
        settings.max_upload / (1024 * 1024),
        settings.jobs.max(1),
        settings.timeout.as_secs()
    ));
    lines
}

/// Security headers on every response, errors included.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        // Results quote the document: no cache may keep them.
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

/// Refuses a body whose declared length is over the limit, with the Swedish 413 page. The
/// body is read and thrown away first (up to four times the limit, within the time limit), so
/// that the browser, still sending, gets the page rather than a reset connection.
async fn limit_body(State(app): State<Shared>, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(n) if n > app.settings.body_limit() as u64 => {
            let cap = 4 * app.settings.body_limit() as u64;
            if n <= cap {
                let body = req.into_body();
                let _ = tokio::time::timeout(app.settings.timeout, drain(body)).await;
            }
            too_large(&app.settings)
        }
        _ => next.run(req).await,
    }
}

/// Reads a body to its end, keeping nothing.
async fn drain(body: Body) {
    use http_body_util::BodyExt;
    let mut body = body;
    while let Some(Ok(_)) = body.frame().await {}
}

fn html(status: StatusCode, markup: maud::Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

fn asset(kind: &'static str, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

fn too_large(settings: &Settings) -> Response {
    let mb = settings.max_upload / (1024 * 1024);
    error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "Filen är för stor",
        &format!(
            "Filen är större än {mb} MB, som är det största som kan granskas här. \
             Spara rapporten utan bilder, eller som .docx eller PDF utan inbäddade bilder, och försök igen."
        ),
        settings,
    )
}

fn error(status: StatusCode, title: &str, message: &str, settings: &Settings) -> Response {
    html(
        status,
        page::error(title, message, &form::Choice::default(), settings),
    )
}

async fn front(State(app): State<Shared>) -> Response {
    html(
        StatusCode::OK,
        page::front(&form::Choice::default(), &app.settings),
    )
}

async fn stylesheet(State(app): State<Shared>) -> Response {
    asset("text/css; charset=utf-8", app.css.clone())
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT.to_string())
}

async fn icon() -> Response {
    asset("image/svg+xml", ICON.to_string())
}

async fn health() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "ok\n",
    )
        .into_response()
}

async fn not_found(State(app): State<Shared>) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "Sidan finns inte",
        "Adressen leder ingenstans. Börja om från granskningssidan.",
        &app.settings,
    )
}

async fn method_not_allowed(State(app): State<Shared>) -> Response {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "Det går inte att göra så här",
        "Sidan tar bara emot en granskning som skickas med formuläret. Börja om från granskningssidan.",
        &app.settings,
    )
}

/// What a request ended in, before it is rendered.
enum Outcome {
    Checked(Box<review::Reviewed>, form::Choice),
    Refused(StatusCode, &'static str, String, form::Choice),
}

/// `POST /granska`: read the form, check the document, render the checklist.
async fn check(
    State(app): State<Shared>,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let started = Instant::now();
    let deadline = app.settings.timeout;
    let checking = AtomicBool::new(false);
    let checking = &checking;
    let settings = &app.settings;
    let outcome = tokio::time::timeout(deadline, async {
        let multipart = match multipart {
            Ok(m) => m,
            Err(_) => {
                return Outcome::Refused(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "Formuläret kom inte fram",
                    "Sidan tar emot dokument som skickas med formuläret (multipart/form-data). \
                     Börja om från granskningssidan."
                        .into(),
                    form::Choice::default(),
                );
            }
        };
        let submitted = match form::read(multipart).await {
            Ok(s) => s,
            Err(form::FormError::TooLarge) => {
                return Outcome::Refused(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "",
                    String::new(),
                    form::Choice::default(),
                );
            }
            Err(form::FormError::Malformed) => {
                return Outcome::Refused(
                    StatusCode::BAD_REQUEST,
                    "Formuläret kunde inte läsas",
                    "Det som skickades gick inte att läsa som formuläret. Försök igen från granskningssidan."
                        .into(),
                    form::Choice::default(),
                );
            }
        };
        let choice = submitted.choice.clone();
        let Some(input) = submitted.input() else {
            return Outcome::Refused(
                StatusCode::BAD_REQUEST,
                "Inget dokument att granska",
                "Välj en fil, eller klistra in rapportens text i textrutan, och tryck sedan på Granska."
                    .into(),
                choice,
            );
        };
        let overrides = Overrides {
            level: choice.level,
            kind: choice.kind,
            school_forms: choice.school_forms.clone(),
            defaults: app.setup.overrides.defaults.clone(),
        };
        // A place among the checks that may run at once; waiting for one counts against the
        // request's time, as everything else does. A full queue is refused at once.
        let Some(_queued) = Queued::join(&app) else {
            return busy(choice);
        };
        let Ok(permit) = app.permits.clone().acquire_owned().await else {
            return busy(choice);
        };
        drop(_queued);
        checking.store(true, Ordering::Relaxed);
        let setup = app.setup.clone();
        // The permit goes with the check: a check that outlives its request's time limit still
        // holds its place until it ends, so the limit on concurrent checks is real.
        let job = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            review::review_as(input, &setup, &overrides)
        });
        match job.await {
            Ok(Ok(reviewed)) => Outcome::Checked(Box::new(reviewed), choice),
            Ok(Err(e)) => {
                let status = match e {
                    crate::document::LoadError::Binary(_)
                    | crate::document::LoadError::UnknownZip
                    | crate::document::LoadError::PdfUnsupported => {
                        StatusCode::UNSUPPORTED_MEDIA_TYPE
                    }
                    crate::document::LoadError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
                    _ => StatusCode::UNPROCESSABLE_ENTITY,
                };
                Outcome::Refused(
                    status,
                    "Dokumentet kunde inte läsas",
                    sentence(&e.to_string()),
                    choice,
                )
            }
            Err(_) => Outcome::Refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Granskningen misslyckades",
                "Något gick fel när dokumentet granskades. Försök igen; hjälper det inte, \
                 kontakta den som driver sidan."
                    .into(),
                choice,
            ),
        }
    })
    .await;
    match outcome {
        Ok(Outcome::Checked(reviewed, choice)) => html(
            StatusCode::OK,
            page::result(
                &reviewed.file,
                &reviewed.warnings,
                &app.setup,
                &choice,
                settings,
            ),
        ),
        Ok(Outcome::Refused(StatusCode::PAYLOAD_TOO_LARGE, ..)) => too_large(settings),
        Ok(Outcome::Refused(status, title, message, choice)) => {
            html(status, page::error(title, &message, &choice, settings))
        }
        Err(_) if !checking.load(Ordering::Relaxed) => html(
            StatusCode::SERVICE_UNAVAILABLE,
            page::error(
                "Servern är upptagen",
                "Servern hade för många granskningar på gång för att hinna med din. Försök igen om en stund.",
                &form::Choice::default(),
                settings,
            ),
        ),
        Err(_) => {
            let waited = started.elapsed().as_secs();
            error(
                StatusCode::GATEWAY_TIMEOUT,
                "Granskningen tog för lång tid",
                &format!(
                    "Dokumentet kunde inte granskas inom {waited} sekunder, antingen för att det \
                     är mycket stort eller för att servern har många granskningar på gång. \
                     Försök igen om en stund, eller med en mindre fil."
                ),
                settings,
            )
        }
    }
}

fn busy(choice: form::Choice) -> Outcome {
    Outcome::Refused(
        StatusCode::SERVICE_UNAVAILABLE,
        "Servern är upptagen",
        "Servern har för många granskningar på gång just nu. Försök igen om en stund.".into(),
        choice,
    )
}

/// "filen är tom" → "Filen är tom."
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// A document the way [`page::result`] needs it: a checked file is all it shows.
pub fn shown(file: &CheckedFile) -> &str {
    if file.path == form::PASTED {
        "inklistrad text"
    } else {
        file.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Input;

    #[test]
    fn the_announcement_warns_off_loopback() {
        let s = Settings::default();
        let local = announcement("127.0.0.1:7878".parse().unwrap(), &s).join("\n");
        assert!(local.contains("http://127.0.0.1:7878/"), "{local}");
        assert!(local.contains("bara på den här datorn"), "{local}");
        assert!(!local.contains("varning"), "{local}");
        for addr in ["0.0.0.0:8080", "192.168.1.20:8080", "[::]:8080"] {
            let open = announcement(addr.parse().unwrap(), &s).join("\n");
            assert!(
                open.contains("varning") && open.contains("andra datorer"),
                "{open}"
            );
        }
        let any = announcement("0.0.0.0:8080".parse().unwrap(), &s).join("\n");
        assert!(any.contains("http://127.0.0.1:8080/"), "{any}");
    }

    #[test]
    fn messages_become_sentences() {
        assert_eq!(sentence("filen är tom"), "Filen är tom.");
        assert_eq!(sentence("åtgärda."), "Åtgärda.");
    }

    #[test]
    fn input_from_a_file_wins_over_text() {
        let s = form::Submitted {
            file: Some(("a.md".into(), b"# A".to_vec())),
            text: "B".into(),
            choice: form::Choice::default(),
        };
        let i: Input = s.input().unwrap();
        assert_eq!(i.path, "a.md");
    }
}
