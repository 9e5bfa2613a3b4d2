//! `audit --format html`: one self-contained page with its charts, in Vietnamese by default and
//! in English with `--lang en`; and the page as a real browser renders it (headless Chromium).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{root, run};

const SEED: &str = "tests/fixtures/rosters/son-tay-568.csv";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chuanhoa-html-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn html_report(dir: &Path, lang: &str) -> (PathBuf, String) {
    let path = dir.join("bao-cao.html");
    let (code, _, err) = run(&[
        "audit",
        SEED,
        "--as-of",
        "2023-06-30",
        "--targets",
        "son-tay-2023",
        "--lang",
        lang,
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn the_html_report_is_one_self_contained_page_with_every_part() {
    let dir = scratch("parts");
    let (_, html) = html_report(&dir, "vi");
    for id in [
        "summary",
        "statuses",
        "levels-education",
        "levels-political_theory",
        "targets",
        "training",
        "people",
        "sources",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "no section {id}");
    }
    assert!(html.matches("<svg class=\"chart\"").count() >= 5);
    assert!(html.contains("lang=\"vi\""));
    for label in [
        "Đạt chuẩn",
        "Chưa đạt",
        "Thiếu dữ liệu",
        "Kế hoạch bồi dưỡng, đào tạo",
    ] {
        assert!(html.contains(label), "no `{label}`");
    }
    // the seed roster's people and its target
    assert!(html.contains("Đại học trở lên, 5–10% trên đại học (2025)"));
    assert!(html.contains("@media print") && html.contains("size:A4"));
    // nothing is fetched from the network
    for fetch in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(fetch), "the page loads `{fetch}`");
    }
    let (_, english) = html_report(&dir, "en");
    assert!(english.contains("lang=\"en\"") && english.contains("Meets the standards"));
    assert!(!english.contains("Đạt chuẩn"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn roster_text_cannot_inject_markup() {
    let dir = scratch("escape");
    let roster = dir.join("roster.csv");
    std::fs::write(
        &roster,
        "Họ và tên,Ngạch,Đơn vị,Trình độ chuyên môn\n<script>alert(1)</script>,Chuyên viên,\"<img src=x onerror=alert(2)>\",Cao đẳng\n",
    )
    .unwrap();
    let out = dir.join("r.html");
    let (code, _, err) = run(&[
        "audit",
        roster.to_str().unwrap(),
        "--as-of",
        "2025-12-31",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(!html.contains("<script>alert"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Debian's Chromium, or `CHROMIUM` when set; None when neither can be run.
pub fn chromium() -> Option<PathBuf> {
    let candidates = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from));
    candidates.into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Chromium started as the machine allows it (root, no GPU, closed network).
pub fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chromium);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn the_html_report_renders_in_chromium_with_its_charts() {
    let Some(chromium) = chromium() else {
        eprintln!(
            "\n*** SKIPPED: no Chromium (install Debian's `chromium`, or set CHROMIUM); the HTML report was not rendered in a browser ***\n"
        );
        return;
    };
    let dir = scratch("chromium");
    let (page, _) = html_report(&dir, "vi");
    let url = format!("file://{}", page.display());
    let dom = headless(&chromium, &dir.join("profile"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    // the DOM after the browser parsed it and ran the script: charts, bars and the texts
    assert!(dom.matches("<svg class=\"chart\"").count() >= 5, "{dom}");
    assert!(dom.contains("<rect"));
    assert!(dom.contains("Trình độ chuyên môn"));
    assert!(dom.contains("Đại học trở lên, 5–10% trên đại học (2025)"));
    let shots = root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let png = shots.join("html-report.png");
    let _ = std::fs::remove_file(&png);
    let shot = headless(&chromium, &dir.join("profile"))
        .arg("--window-size=1280,1800")
        .arg(format!("--screenshot={}", png.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000);
    let _ = std::fs::remove_dir_all(&dir);
}
