//! The JSON API. Every handler parses its query string with `params` (unknown or malformed
//! parameters are a 400 naming the parameter), runs one blocking store call on a read-only
//! connection, and answers JSON; errors are `{"error": {"status", "message", "parameter"}}`.

use std::collections::BTreeMap;
use std::sync::Arc;

use attache_store::{parse_event_id, ActorFilter, Store, StoreError};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::export;
use crate::params::{parse_query, EventFilter, ParamError, FILTER_PARAMS, MAX_PER_PAGE};
use crate::App;

/// Uploads to `POST /api/ingest` larger than this are refused (413).
const MAX_UPLOAD: usize = 64 << 20;

#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
    parameter: Option<String>,
}

impl ApiError {
    pub(crate) fn internal(m: &str) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: m.to_string(),
            parameter: None,
        }
    }
    fn new(status: StatusCode, message: String) -> Self {
        ApiError {
            status,
            message,
            parameter: None,
        }
    }
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: e.message,
            parameter: e.parameter,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            // The store's own validation of a value the parameters let through.
            StoreError::Invalid(m) => ApiError::new(StatusCode::BAD_REQUEST, m),
            e => {
                eprintln!("attache serve: {e}");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("store: {e}"))
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {
            "status": self.status.as_u16(),
            "message": self.message,
            "parameter": self.parameter,
        }});
        (self.status, Json(body)).into_response()
    }
}

type ApiResult = Result<Json<Value>, ApiError>;

impl App {
    /// A state is known if the knowledge base names it or the store holds events of it.
    fn known_state(&self, store: &Store, code: &str) -> bool {
        self.state_names.contains_key(code)
            || store
                .state_counts()
                .map(|v| v.iter().any(|(c, _)| c == code))
                .unwrap_or(false)
    }

    fn state_name(&self, code: &str) -> String {
        self.state_names
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

fn params(raw: &Option<String>, allowed: &[&str]) -> Result<BTreeMap<String, String>, ApiError> {
    Ok(parse_query(raw.as_deref(), allowed)?)
}

fn filter_params(extra: &[&'static str]) -> Vec<&'static str> {
    let mut v = FILTER_PARAMS.to_vec();
    v.extend_from_slice(extra);
    v
}

fn filter(app: &App, store: &Store, p: &BTreeMap<String, String>) -> Result<EventFilter, ApiError> {
    Ok(EventFilter::parse(p, &|c| app.known_state(store, c))?)
}

pub(crate) fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/documents/{id}", get(document))
        .route("/api/actors", get(actors))
        .route("/api/actors/{id}", get(actor))
        .route("/api/states", get(states))
        .route("/api/stats", get(stats))
        .route("/api/search", get(search))
        .route("/api/timeline", get(timeline))
        .route("/api/network", get(network))
        .route("/api/export", get(export_handler))
        .route(
            "/api/ingest",
            post(ingest).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .fallback(not_found)
        .with_state(app)
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such path: {}", uri.path()),
    )
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::assets::OPENAPI,
    )
        .into_response()
}

async fn events(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = params(&raw, &filter_params(&["page", "per_page"]))?;
    let a = app.clone();
    app.with_store(move |s| {
        let f = filter(&a, s, &p)?;
        let (events, total) = s.events_page(&f.query, f.offset(), f.per_page)?;
        Ok(Json(json!({
            "events": events, "total": total, "page": f.page, "per_page": f.per_page
        })))
    })
    .await
}

fn event_id(id: &str) -> Result<i64, ApiError> {
    parse_event_id(id)
        .filter(|n| *n > 0)
        .ok_or_else(|| ApiError {
            status: StatusCode::BAD_REQUEST,
            message: format!("{id:?} is not an event id (like E12)"),
            parameter: Some("id".into()),
        })
}

fn flag(p: &BTreeMap<String, String>, name: &str) -> Result<bool, ApiError> {
    match p.get(name).map(String::as_str) {
        None | Some("0") | Some("false") => Ok(false),
        Some("1") | Some("true") => Ok(true),
        Some(v) => Err(ApiError {
            status: StatusCode::BAD_REQUEST,
            message: format!("{name}={v:?}: expected 1 or 0"),
            parameter: Some(name.into()),
        }),
    }
}

/// One canonical event with its sources; each source gains `why` (the merge explanation) and,
/// with `text=1`, the document's `title`, `lang` and `text` so evidence can be shown in place.
async fn event(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let p = params(&raw, &["text"])?;
    let with_text = flag(&p, "text")?;
    let n = event_id(&id)?;
    app.with_store(move |s| {
        let Some(e) = s.event(&n.to_string())? else {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no event E{n}"),
            ));
        };
        let whys: Vec<Value> = e.sources.iter().map(|s| s.why.clone()).collect();
        let mut v = serde_json::to_value(&e).map_err(|_| ApiError::internal("serialising"))?;
        if let Some(sources) = v.get_mut("sources").and_then(Value::as_array_mut) {
            for (src, why) in sources.iter_mut().zip(whys) {
                src["why"] = why;
                if with_text {
                    let doc_id = src["doc_id"].as_str().unwrap_or_default().to_string();
                    if let Some(d) = s.document(&doc_id)? {
                        src["title"] = json!(d.title);
                        src["text"] = json!(d.text);
                    }
                }
            }
        }
        Ok(Json(v))
    })
    .await
}

async fn document(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    params(&raw, &[])?;
    app.with_store(move |s| match s.document(&id)? {
        Some(d) => Ok(Json(json!(d))),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no document {id:?}"),
        )),
    })
    .await
}

fn page_of(p: &BTreeMap<String, String>) -> Result<(u64, u64), ApiError> {
    let num = |name: &str, default: u64, max: u64| -> Result<u64, ApiError> {
        match p.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| ApiError {
                    status: StatusCode::BAD_REQUEST,
                    message: format!("{name}={v:?}: expected a whole number from 1 to {max}"),
                    parameter: Some(name.into()),
                }),
        }
    };
    Ok((
        num("page", 1, 1_000_000)?,
        num("per_page", 50, MAX_PER_PAGE)?,
    ))
}

/// People, most engaged first; `q` keeps those whose id, name or any spelling contains it.
async fn actors(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = params(&raw, &["q", "page", "per_page"])?;
    let (page, per_page) = page_of(&p)?;
    app.with_store(move |s| {
        let f = ActorFilter {
            needle: p.get("q").cloned(),
            in_id: true,
        };
        let (actors, total) = s.actors_page(&f, (page - 1) * per_page, per_page)?;
        Ok(Json(json!({
            "actors": actors, "total": total, "page": page, "per_page": per_page
        })))
    })
    .await
}

async fn actor(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    params(&raw, &[])?;
    app.with_store(move |s| match s.actor(&id)? {
        Some(a) => Ok(Json(json!(a))),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no actor {id:?}"),
        )),
    })
    .await
}

/// The states of the corpus with their names and event counts, then the other known states.
async fn states(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    params(&raw, &[])?;
    let a = app.clone();
    app.with_store(move |s| {
        let counts = s.state_counts()?;
        let mut out: Vec<Value> = counts
            .iter()
            .map(|(c, n)| json!({"code": c, "name": a.state_name(c), "events": n}))
            .collect();
        for (c, name) in &a.state_names {
            if !counts.iter().any(|(k, _)| k == c) {
                out.push(json!({"code": c, "name": name, "events": 0}));
            }
        }
        Ok(Json(json!({ "states": out })))
    })
    .await
}

async fn stats(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    params(&raw, &[])?;
    let ingest = app.ingest.is_some();
    app.with_store(move |s| {
        let mut v = json!(s.stats()?);
        v["ingest_allowed"] = json!(ingest);
        Ok(Json(v))
    })
    .await
}

/// One box for everything: events whose text matches, people and states whose names do.
async fn search(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = params(&raw, &["q"])?;
    let Some(q) = p.get("q").cloned() else {
        return Err(ApiError {
            status: StatusCode::BAD_REQUEST,
            message: "q: give the text to search for".into(),
            parameter: Some("q".into()),
        });
    };
    let a = app.clone();
    app.with_store(move |s| {
        let f = filter(&a, s, &p)?;
        let (events, total) = s.events_page(&f.query, 0, 20)?;
        let n = q.to_lowercase();
        let people = ActorFilter {
            needle: Some(q.clone()),
            in_id: false,
        };
        let (actors, _) = s.actors_page(&people, 0, 20)?;
        let states: Vec<Value> = a
            .state_names
            .iter()
            .filter(|(c, name)| c.to_lowercase() == n || name.to_lowercase().contains(&n))
            .take(20)
            .map(|(c, name)| json!({"code": c, "name": name}))
            .collect();
        Ok(Json(json!({
            "events": events, "total": total, "actors": actors, "states": states
        })))
    })
    .await
}

async fn timeline(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = params(&raw, &FILTER_PARAMS)?;
    let a = app.clone();
    app.with_store(move |s| {
        let f = filter(&a, s, &p)?;
        Ok(Json(json!({ "months": s.timeline(&f.query)? })))
    })
    .await
}

async fn network(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> ApiResult {
    let p = params(&raw, &filter_params(&["nodes"]))?;
    let nodes = match p.get("nodes") {
        None => 60,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=500).contains(n))
            .ok_or_else(|| ApiError {
                status: StatusCode::BAD_REQUEST,
                message: format!("nodes={v:?}: expected a whole number from 1 to 500"),
                parameter: Some("nodes".into()),
            })?,
    };
    let a = app.clone();
    app.with_store(move |s| {
        let f = filter(&a, s, &p)?;
        let mut net = s.network_of(&f.query, nodes)?;
        for n in &mut net.nodes {
            if n.kind == "state" {
                n.label = a.state_name(&n.label);
            }
        }
        Ok(Json(json!(net)))
    })
    .await
}

/// Canonical events as CSV or JSON Lines (filtered like the list), or the whole network as
/// GraphML, streamed.
async fn export_handler(
    State(app): State<Arc<App>>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = params(&raw, &filter_params(&["format"]))?;
    let fmt = p.get("format").map(String::as_str).unwrap_or("jsonl");
    let format = export::Format::parse(fmt).ok_or_else(|| ApiError {
        status: StatusCode::BAD_REQUEST,
        message: format!("format={fmt:?}: expected csv, jsonl or graphml"),
        parameter: Some("format".into()),
    })?;
    let a = app.clone();
    let f = app.with_store(move |s| filter(&a, s, &p)).await?;
    let body = export::stream(app, format, f.query);
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", format.file_name()),
            ),
        ],
        body,
    )
        .into_response())
}

/// Stores an upload as `attache ingest` would a file: `name` (default `upload.jsonl`) gives
/// the document id and how to read it (`.jsonl`, `.html`, `.txt`). Refused with 403 unless the
/// server was started with `--allow-ingest`.
async fn ingest(
    State(app): State<Arc<App>>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let p = params(&raw, &["name"])?;
    let Some(ingestor) = app.ingest.clone() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only; start it with `attache serve --allow-ingest` to ingest"
                .into(),
        ));
    };
    let name = p.get("name").cloned().unwrap_or_else(|| {
        let html = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if html { "upload.html" } else { "upload.jsonl" }.to_string()
    });
    if name.contains(['/', '\\']) || name.starts_with('.') || name.len() > 100 {
        return Err(ApiError {
            status: StatusCode::BAD_REQUEST,
            message: format!("name={name:?}: a plain file name like article.html"),
            parameter: Some("name".into()),
        });
    }
    let _one_at_a_time = app.ingest_lock.lock().await;
    tokio::task::spawn_blocking(move || ingestor(&body, &name))
        .await
        .map_err(|_| ApiError::internal("the ingest failed"))?
        .map(Json)
        .map_err(|m| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m))
}
