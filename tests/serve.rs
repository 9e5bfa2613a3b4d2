//! `chuanhoa serve`: `POST /api/audit` answers with the report in the format asked, refuses what
//! it cannot read with a clear message, keeps concurrent requests apart; and the page, driven in
//! headless Chromium, audits a roster and explains a person.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use chuanhoa::serve::{ServeState, router};

use crate::common::{builtin_rules, builtin_rules_with_targets, root};
use crate::html::chromium;

/// A server on a free port of 127.0.0.1, on its own runtime; its base URL.
fn start(limit_bytes: usize) -> String {
    let mut sets = BTreeMap::new();
    sets.insert(String::new(), (builtin_rules(), "built-in".to_string()));
    sets.insert(
        "son-tay-2023".to_string(),
        (
            builtin_rules_with_targets(),
            "built-in + targets".to_string(),
        ),
    );
    let state = Arc::new(ServeState::new(sets, limit_bytes));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, router(state)).await.unwrap();
        });
    });
    format!("http://{addr}")
}

fn post(base: &str, file: &str, fields: &[(&str, &str)]) -> reqwest::blocking::Response {
    let bytes = std::fs::read(root().join(file)).unwrap();
    let name = file.rsplit('/').next().unwrap().to_string();
    let mut form = reqwest::blocking::multipart::Form::new().part(
        "roster",
        reqwest::blocking::multipart::Part::bytes(bytes).file_name(name),
    );
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    reqwest::blocking::Client::new()
        .post(format!("{base}/api/audit"))
        .multipart(form)
        .send()
        .unwrap()
}

#[test]
fn post_api_audit_answers_in_every_format() {
    let base = start(50 * 1024 * 1024);
    let r = post(&base, "examples/roster.csv", &[("as_of", "2025-12-31")]);
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = serde_json::from_str(&r.text().unwrap()).unwrap();
    assert_eq!(v["as_of"], "2025-12-31");
    assert_eq!(v["summary"]["total"], 40);
    // the BM01 workbook (title rows, merged header) reads as the CLI reads it
    let r = post(
        &base,
        "tests/fixtures/rosters/bm01.xlsx",
        &[("as_of", "2025-12-31"), ("format", "xlsx")],
    );
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("bao-cao.xlsx")
    );
    assert!(r.bytes().unwrap().starts_with(b"PK"));
    let r = post(
        &base,
        "tests/fixtures/rosters/son-tay-568.csv",
        &[
            ("as_of", "2023-06-30"),
            ("format", "html"),
            ("targets", "son-tay-2023"),
            ("lang", "en"),
        ],
    );
    assert_eq!(r.status(), 200);
    let html = r.text().unwrap();
    assert!(html.contains("id=\"targets\"") && html.contains("Meets the standards"));
    // the page itself
    let page = reqwest::blocking::get(format!("{base}/"))
        .unwrap()
        .text()
        .unwrap();
    assert!(page.contains("son-tay-2023") && page.contains("/api/audit"));
}

#[test]
fn bad_requests_get_a_clear_answer() {
    let base = start(1024 * 1024);
    let r = post(&base, "examples/roster.csv", &[("format", "pdf")]);
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains("json, html, xlsx"));
    let r = post(&base, "examples/roster.csv", &[("as_of", "31/12/2025")]);
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains("yyyy-mm-dd"));
    let r = post(&base, "examples/roster.csv", &[("targets", "ha-noi-2030")]);
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains("son-tay-2023"));
    let r = reqwest::blocking::Client::new()
        .post(format!("{base}/api/audit"))
        .multipart(reqwest::blocking::multipart::Form::new().text("format", "json"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().unwrap().contains("`roster`"));
    // a roster that cannot be read is refused with the reader's reason
    let r = post(&base, "tests/fixtures/rosters/tcvn3.csv", &[]);
    assert_eq!(r.status(), 422);
    assert!(r.text().unwrap().contains("TCVN3"));
    // over the limit: refused with the limit named, before the body is sent (a client that
    // asks `Expect: 100-continue`, as curl does for large files, reads the answer first)
    let answer = raw_request(
        &base,
        "POST /api/audit HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 2097152\r\nExpect: 100-continue\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("1 MB"), "{answer}");
}

/// Sends `head` on a new connection and reads what comes back before any body is sent.
fn raw_request(base: &str, head: &str) -> String {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        if String::from_utf8_lossy(&answer).contains("MB") {
            break;
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn concurrent_requests_keep_their_own_answers() {
    let base = start(50 * 1024 * 1024);
    let jobs: Vec<_> = [
        ("examples/roster.csv", "2025-12-31", 40),
        ("tests/fixtures/rosters/son-tay-568.csv", "2023-06-30", 568),
        ("tests/fixtures/rosters/bm01.xlsx", "2025-12-31", 0),
        (
            "tests/fixtures/rosters/eligibility-2026.csv",
            "2026-11-25",
            18,
        ),
    ]
    .into_iter()
    .cycle()
    .take(8)
    .map(|(file, date, total)| {
        let base = base.clone();
        std::thread::spawn(move || {
            let text = post(&base, file, &[("as_of", date)]).text().unwrap();
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            (file, date, total, v)
        })
    })
    .collect();
    for job in jobs {
        let (file, date, total, v) = job.join().unwrap();
        assert_eq!(v["as_of"], date, "{file}");
        if total > 0 {
            assert_eq!(v["summary"]["total"], total, "{file}");
        }
    }
}

/// A child process that is killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_audits_a_dropped_roster_in_chromium() {
    let Some(browser) = chromium() else {
        eprintln!(
            "\n*** SKIPPED: no Chromium (install Debian's `chromium` and `chromium-driver`); the page was not driven in a browser ***\n"
        );
        return;
    };
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(driver) = driver else {
        eprintln!("\n*** SKIPPED: no chromedriver (Debian's `chromium-driver`) ***\n");
        return;
    };
    // the real binary, as an officer starts it
    let mut server = Command::new(env!("CARGO_BIN_EXE_chuanhoa"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _server = Running(server);
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in `{first}`"))
        .to_string();
    let port = free_port();
    let _driver = Running(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = std::env::temp_dir().join(format!("chuanhoa-serve-{}", std::process::id()));
    let caps: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(serde_json::json!({
            "goog:chromeOptions": {
                "binary": browser,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--window-size=1400,1000",
                         format!("--user-data-dir={}", profile.display())]
            }
        }))
        .unwrap();
    let mut client = None;
    for _ in 0..50 {
        match fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(caps.clone())
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("chromedriver answers");
    c.goto(&url).await.unwrap();
    let roster = root().join("examples/roster.csv");
    c.find(fantoccini::Locator::Id("roster"))
        .await
        .unwrap()
        .send_keys(roster.to_str().unwrap())
        .await
        .unwrap();
    c.execute(
        "document.getElementById('as_of').value='2025-12-31';",
        vec![],
    )
    .await
    .unwrap();
    c.find(fantoccini::Locator::Id("run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // the report appears in the page, with its charts
    let mut shown = false;
    for _ in 0..100 {
        let v = c
            .execute(
                "var d=document.getElementById('report').contentDocument;return d&&d.getElementById('summary')&&d.querySelectorAll('svg.chart').length>=3&&!document.getElementById('dl-xlsx').disabled;",
                vec![],
            )
            .await
            .unwrap();
        if v == serde_json::Value::Bool(true) {
            shown = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(shown, "the report did not appear");
    // a click on a person explains them criterion by criterion
    c.execute(
        "document.getElementById('report').contentDocument.querySelector('#people-table tbody tr').click();",
        vec![],
    )
    .await
    .unwrap();
    let explained = c
        .execute(
            "var e=document.getElementById('explain');return e.style.display==='block'?e.textContent:'';",
            vec![],
        )
        .await
        .unwrap();
    let text = explained.as_str().unwrap_or("").to_string();
    assert!(
        text.contains("yêu cầu") && text.contains("Đạt"),
        "explanation: {text}"
    );
    let png = c.screenshot().await.unwrap();
    let shots = root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("serve-page.png"), &png).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    c.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&profile);
}
