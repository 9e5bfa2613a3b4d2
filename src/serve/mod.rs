//! `chuanhoa serve`: a page on the officer's own machine where a roster is dropped, audited and
//! shown as the HTML report, with the xlsx and html downloads and a per-person explanation; and
//! `POST /api/audit` for scripts. Rosters stay in memory: never written to disk, never logged.
//! The rule sets (the base rules, and the base rules with each shipped target file) are loaded
//! once at start; each request builds the plan of its date and audits on a blocking thread.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use crate::audit::{RosterOptions, RosterSource, audit_source};
use crate::date::Date;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::report::{AuditReport, Format};
use crate::ruleset::RuleSet;

/// The page, with `{{TARGETS}}` and `{{LIMIT_MB}}` filled in at start.
const PAGE: &str = include_str!("page.html");

/// What the server holds: the rule sets, by target file name ("" = none).
pub struct ServeState {
    rules: BTreeMap<String, (RuleSet, String)>,
    page: String,
    limit: usize,
}

impl ServeState {
    /// The state for these rule sets (`""` → the rules without targets) and upload limit.
    pub fn new(rules: BTreeMap<String, (RuleSet, String)>, limit_bytes: usize) -> ServeState {
        let options: String = rules
            .keys()
            .filter(|k| !k.is_empty())
            .map(|k| {
                let k = crate::report::html::escape(k);
                format!("<option value=\"{k}\">{k}</option>")
            })
            .collect();
        let page = PAGE
            .replace("{{TARGETS}}", &options)
            .replace("{{LIMIT_MB}}", &(limit_bytes / (1024 * 1024)).to_string());
        ServeState {
            rules,
            page,
            limit: limit_bytes,
        }
    }
}

/// The routes: `GET /` (the page), `POST /api/audit`.
pub fn router(state: Arc<ServeState>) -> Router {
    let limit = state.limit;
    Router::new()
        .route("/", get(page))
        .route("/api/audit", post(audit))
        // the multipart envelope around the roster needs a little room of its own
        .layer(DefaultBodyLimit::max(limit + ENVELOPE))
        .with_state(state)
}

/// Serves until Ctrl-C (or SIGTERM); prints the address it listens on.
pub async fn serve(state: ServeState, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    println!("chuanhoa serve: http://{local}/ (Ctrl-C to stop)");
    axum::serve(listener, router(Arc::new(state)))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

async fn page(State(state): State<Arc<ServeState>>) -> Html<String> {
    Html(state.page.clone())
}

/// An error as the page shows it: plain text with a status.
fn problem(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        message.into(),
    )
        .into_response()
}

/// One audit request, as read from the form.
struct Request {
    name: String,
    bytes: Vec<u8>,
    as_of: Date,
    format: Format,
    lang: Lang,
    targets: String,
    sheet: Option<String>,
}

/// `POST /api/audit`, multipart: `roster` (the file), and optionally `as_of` (yyyy-mm-dd),
/// `format` (`json`, `html`, `xlsx`, `csv`, `table`), `lang` (`vi`, `en`), `targets` (a shipped
/// target file's name), `sheet`.
async fn audit(
    State(state): State<Arc<ServeState>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    // a declared length over the limit is refused before any byte of the body is read
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > state.limit + ENVELOPE) {
        return too_big(&state);
    }
    let request = match read_form(&state, multipart).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let state = state.clone();
    match tokio::task::spawn_blocking(move || run_audit(&state, request)).await {
        Ok(response) => response,
        Err(_) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the audit stopped unexpectedly",
        ),
    }
}

/// Room the multipart envelope around the roster may take beyond the upload limit.
const ENVELOPE: usize = 64 * 1024;

/// 413, with the limit named in both languages.
fn too_big(state: &ServeState) -> Response {
    let mb = state.limit / (1024 * 1024);
    problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "Tệp quá lớn: giới hạn {mb} MB (chuanhoa serve --max-upload-mb). / The file is larger than the {mb} MB limit."
        ),
    )
}

async fn read_form(state: &ServeState, mut multipart: Multipart) -> Result<Request, Response> {
    let too_big = || too_big(state);
    let bad = |m: String| problem(StatusCode::BAD_REQUEST, m);
    let mut request = Request {
        name: String::new(),
        bytes: Vec::new(),
        as_of: Date::today(),
        format: Format::Json,
        lang: Lang::Vi,
        targets: String::new(),
        sheet: None,
    };
    let mut has_roster = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
            Err(e) => return Err(bad(format!("the form cannot be read: {e}"))),
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "roster" {
            request.name = field
                .file_name()
                .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "roster.csv".to_string());
            request.bytes = match field.bytes().await {
                Ok(b) => b.to_vec(),
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_big()),
                Err(e) => return Err(bad(format!("the roster cannot be read: {e}"))),
            };
            has_roster = true;
            continue;
        }
        let value = match field.text().await {
            Ok(v) => v.trim().to_string(),
            Err(e) => return Err(bad(format!("field `{name}` cannot be read: {e}"))),
        };
        match name.as_str() {
            "as_of" if !value.is_empty() => {
                request.as_of = Date::parse_iso(&value)
                    .ok_or_else(|| bad(format!("as_of `{value}`: write a date as yyyy-mm-dd")))?;
            }
            "format" if !value.is_empty() => {
                request.format = match value.as_str() {
                    "json" => Format::Json,
                    "html" => Format::Html,
                    "xlsx" => Format::Xlsx,
                    "csv" => Format::Csv,
                    "table" => Format::Table,
                    "jsonl" => Format::Jsonl,
                    other => {
                        return Err(bad(format!(
                            "format `{other}`: json, html, xlsx, csv, jsonl or table"
                        )));
                    }
                };
            }
            "lang" if !value.is_empty() => {
                request.lang =
                    Lang::parse(&value).ok_or_else(|| bad(format!("lang `{value}`: vi or en")))?;
            }
            "targets" => {
                if !state.rules.contains_key(&value) {
                    let known: Vec<&str> = state
                        .rules
                        .keys()
                        .filter(|k| !k.is_empty())
                        .map(String::as_str)
                        .collect();
                    return Err(bad(format!(
                        "targets `{value}`: not a shipped target file ({})",
                        known.join(", ")
                    )));
                }
                request.targets = value;
            }
            "sheet" if !value.is_empty() => request.sheet = Some(value),
            _ => {}
        }
    }
    if !has_roster {
        return Err(bad(
            "no roster: send the file in the multipart field `roster`".to_string(),
        ));
    }
    Ok(request)
}

fn run_audit(state: &ServeState, request: Request) -> Response {
    let Some((rules, rules_name)) = state.rules.get(&request.targets) else {
        return problem(StatusCode::BAD_REQUEST, "unknown targets");
    };
    let mut plan = Plan::for_date(rules, request.as_of, rules_name.clone());
    plan.lang = request.lang;
    let options = RosterOptions {
        sheet: request.sheet.clone(),
        map: Vec::new(),
    };
    let source = RosterSource::Bytes {
        name: &request.name,
        bytes: request.bytes,
    };
    let out = match audit_source(&plan, source, &options) {
        Ok(out) => out,
        Err(error) => return problem(StatusCode::UNPROCESSABLE_ENTITY, error.to_string()),
    };
    let report = AuditReport::new(request.name.clone(), &plan, &out, None, request.lang);
    let mut body = Vec::new();
    if let Err(e) = report.write(&mut body, request.format) {
        return problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("the report cannot be written: {e}"),
        );
    }
    let (content_type, attachment) = match request.format {
        Format::Json => ("application/json", None),
        Format::Jsonl => ("application/x-ndjson", None),
        Format::Html => ("text/html; charset=utf-8", None),
        Format::Csv => ("text/csv; charset=utf-8", Some("bao-cao.csv")),
        Format::Table => ("text/plain; charset=utf-8", None),
        Format::Xlsx => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Some("bao-cao.xlsx"),
        ),
    };
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Some(file) = attachment
        && let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
    {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}
