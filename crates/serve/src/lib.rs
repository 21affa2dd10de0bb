//! `attache serve`: the corpus store as a JSON API (described by an OpenAPI document at
//! `/api/openapi.json`) and a web UI, both from one binary with nothing to install.
//!
//! Read-only by construction: every query runs on a SQLite connection opened read-only
//! (`Store::open_read_only`), so no request can change the store, whatever bug a handler has.
//! The one write path, `POST /api/ingest`, exists only when the binary hands in an
//! [`Ingestor`] (`--allow-ingest`); it lives in the binary because extraction needs the
//! knowledge base, which this crate does not load.
//!
//! Queries are blocking SQLite calls, so they run on tokio's blocking pool, each on a
//! connection taken from a small pool; the async workers only parse, route and write.

mod api;
mod assets;
pub mod export;
mod params;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use attache_store::{Store, StoreError};
use axum::Router;

pub use params::{EventFilter, ParamError, MAX_PER_PAGE};

/// Stores one request's upload (JSON Lines, HTML or text, as `attache ingest` reads files)
/// and answers with a report. Given only with `--allow-ingest`.
pub type Ingestor =
    Arc<dyn Fn(&[u8], &str) -> Result<serde_json::Value, String> + Send + Sync + 'static>;

/// What the server serves.
#[derive(Clone)]
pub struct Options {
    /// An existing store (`attache ingest` creates it).
    pub db: PathBuf,
    /// ISO3 → English name of every state the knowledge base knows: labels for the UI, and
    /// what makes `country=XYZ` a 400 rather than an empty page. Empty when the knowledge base
    /// could not be loaded; then the states of the store are the known ones.
    pub state_names: BTreeMap<String, String>,
    /// `Some` only with `--allow-ingest`.
    pub ingest: Option<Ingestor>,
}

/// Connections kept open between requests; more are opened under load and closed after.
const POOL_KEEP: usize = 16;

pub(crate) struct App {
    pub(crate) db: PathBuf,
    pool: Mutex<Vec<Store>>,
    pub(crate) state_names: BTreeMap<String, String>,
    pub(crate) ingest: Option<Ingestor>,
    /// Serialises uploads: one ingest at a time, as from the command line.
    pub(crate) ingest_lock: tokio::sync::Mutex<()>,
}

impl App {
    /// Runs `f` on a pooled read-only connection, on the blocking pool.
    pub(crate) async fn with_store<T, F>(self: &Arc<Self>, f: F) -> Result<T, api::ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, api::ApiError> + Send + 'static,
    {
        let app = self.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = app.pool.lock().ok().and_then(|mut p| p.pop());
            let store = match pooled {
                Some(s) => s,
                None => Store::open_read_only(&app.db).map_err(api::ApiError::from)?,
            };
            let r = f(&store);
            if let Ok(mut p) = app.pool.lock() {
                if p.len() < POOL_KEEP {
                    p.push(store);
                }
            }
            r
        })
        .await
        .unwrap_or_else(|_| Err(api::ApiError::internal("the query failed")))
    }
}

/// The application: API routes, UI assets, and a JSON 404 for everything else. Opens the store
/// once to fail early on a missing or foreign file.
pub fn router(opts: Options) -> Result<Router, StoreError> {
    let first = Store::open_read_only(&opts.db)?;
    let app = Arc::new(App {
        db: opts.db,
        pool: Mutex::new(vec![first]),
        state_names: opts.state_names,
        ingest: opts.ingest,
        ingest_lock: tokio::sync::Mutex::new(()),
    });
    Ok(api::routes(app).merge(assets::routes()))
}

/// Serves `router(opts)` on `bind` until Ctrl-C or SIGTERM, on a multi-threaded runtime of its
/// own (the binary stays synchronous). `ready` gets the bound address (port 0 picks one) once
/// connections are accepted.
pub fn serve_blocking(
    bind: SocketAddr,
    opts: Options,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let app = router(opts).map_err(std::io::Error::other)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind).await?;
        ready(listener.local_addr()?);
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
