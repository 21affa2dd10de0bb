use std::path::PathBuf;

/// A problem in `data/`, naming the file (and the entry, where known).
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("data directory {0} not found (set --data or ATTACHE_DATA)")]
    NoDataDir(PathBuf),
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: {entry}: {message}")]
    Invalid {
        path: PathBuf,
        entry: String,
        message: String,
    },
}
