//! The web UI, compiled into the binary: one HTML page, one script, one stylesheet, and the
//! OpenAPI description. No CDN and no build step: the machines it runs on are often offline,
//! and the user installs nothing.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

pub(crate) const INDEX: &str = include_str!("../assets/index.html");
pub(crate) const APP_JS: &str = include_str!("../assets/app.js");
pub(crate) const APP_CSS: &str = include_str!("../assets/app.css");
pub(crate) const OPENAPI: &str = include_str!("../assets/openapi.json");

fn asset(body: &'static str, ty: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, ty),
            // Assets change only with the binary; a reload after an upgrade is enough.
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
}

pub(crate) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/",
            get(|| async { asset(INDEX, "text/html; charset=utf-8") }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/assets/app.css",
            get(|| async { asset(APP_CSS, "text/css; charset=utf-8") }),
        )
}
