//! The `diff` reports: an impact diff (who changes on a roster) as a table, JSON or a workbook,
//! and a rule diff (what the rules say differently) as a table or JSON.

use std::io::{self, Write};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::diff::{AspectChange, ChangeKind, ImpactDiff, RulesDiff, SideInfo};
use crate::finding::{Status, Verdict};
use crate::i18n::{Lang, tr};

use super::{printable, spreadsheet_safe};

/// A verdict's word, or "does not apply" for a criterion absent on one side.
pub(crate) fn verdict_word(v: Option<Verdict>, lang: Lang) -> &'static str {
    match (v, lang) {
        (Some(Verdict::Met), Lang::Vi) => "Đạt",
        (Some(Verdict::Unmet), Lang::Vi) => "Chưa đạt",
        (Some(Verdict::Unknown), Lang::Vi) => "Thiếu dữ liệu",
        (Some(Verdict::Pending), Lang::Vi) => "Đang trong thời hạn",
        (Some(Verdict::Exempt), Lang::Vi) => "Miễn",
        (None, Lang::Vi) => "không áp dụng",
        (Some(v), Lang::En) => v.as_str(),
        (None, Lang::En) => "does not apply",
    }
}

/// A status's label, or "rejected" for a row not audited on that side.
fn status_word(s: Option<Status>, lang: Lang) -> &'static str {
    match s {
        Some(s) => super::html::status_text(s).get(lang),
        None => match lang {
            Lang::Vi => "Dòng bị loại",
            Lang::En => "rejected",
        },
    }
}

/// A kind of change in words.
pub(crate) fn kind_word(k: ChangeKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (ChangeKind::NewlyFailing, Lang::Vi) => "Chuyển sang chưa đạt",
        (ChangeKind::NewlyMeeting, Lang::Vi) => "Chuyển sang đạt",
        (ChangeKind::NewlyUnknown, Lang::Vi) => "Chuyển sang thiếu dữ liệu",
        (ChangeKind::NewlyPending, Lang::Vi) => "Chuyển sang trong thời hạn chuẩn hóa",
        (ChangeKind::NewlyExempt, Lang::Vi) => "Chuyển sang được miễn",
        (ChangeKind::NoLongerApplies, Lang::Vi) => "Không còn áp dụng",
        (ChangeKind::DeadlineMoved, Lang::Vi) => "Đổi hạn chuẩn hóa",
        (ChangeKind::NewlyFailing, Lang::En) => "newly failing",
        (ChangeKind::NewlyMeeting, Lang::En) => "newly meeting",
        (ChangeKind::NewlyUnknown, Lang::En) => "newly unknown",
        (ChangeKind::NewlyPending, Lang::En) => "newly pending",
        (ChangeKind::NewlyExempt, Lang::En) => "newly exempt",
        (ChangeKind::NoLongerApplies, Lang::En) => "no longer applies",
        (ChangeKind::DeadlineMoved, Lang::En) => "deadline moved",
    }
}

/// "Old: rules on date / New: rules on date", on two lines.
fn sides_text(old: &SideInfo, new: &SideInfo, lang: Lang) -> String {
    tr!(
        lang,
        "Trước: {} ngày {}\nSau:   {} ngày {}",
        "Old: {} on {}\nNew: {} on {}",
        old.rules,
        old.as_of,
        new.rules,
        new.as_of
    )
}

/// The impact diff as text: the counts, then each person who changed with each finding.
pub(crate) fn write_impact_table(
    out: &mut dyn Write,
    diff: &ImpactDiff,
    lang: Lang,
) -> io::Result<()> {
    let s = &diff.summary;
    writeln!(
        out,
        "{}",
        tr!(lang, "Danh sách: {}", "Roster: {}", diff.roster)
    )?;
    writeln!(out, "{}", sides_text(&diff.old, &diff.new, lang))?;
    writeln!(
        out,
        "{}",
        tr!(
            lang,
            "{} người thay đổi trên {} dòng ({} đổi kết quả chung)",
            "{} people changed of {} rows ({} changed status)",
            s.people_changed,
            s.rows,
            s.status_changed
        )
    )?;
    if diff.is_empty() {
        writeln!(
            out,
            "{}",
            tr!(lang, "Không ai thay đổi.", "Nobody's verdict changes.")
        )?;
        return Ok(());
    }
    if !s.by_status.is_empty() {
        writeln!(out, "\n{}", tr!(lang, "Kết quả chung:", "Status:"))?;
        for m in &s.by_status {
            writeln!(
                out,
                "  {:>6}  {} → {}",
                m.people,
                status_word(m.from, lang),
                status_word(m.to, lang)
            )?;
        }
    }
    writeln!(
        out,
        "\n{}",
        tr!(lang, "Theo loại thay đổi:", "By kind of change:")
    )?;
    for k in &s.by_kind {
        writeln!(out, "  {:>6}  {}", k.findings, kind_word(k.kind, lang))?;
    }
    writeln!(
        out,
        "\n{}",
        tr!(lang, "Theo kết quả tiêu chí:", "By verdict:")
    )?;
    for m in &s.by_verdict {
        writeln!(
            out,
            "  {:>6}  {} → {}",
            m.findings,
            verdict_word(m.from, lang),
            verdict_word(m.to, lang)
        )?;
    }
    writeln!(out, "\n{}", tr!(lang, "Theo tiêu chí:", "By criterion:"))?;
    for c in &s.by_criterion {
        let kinds: Vec<String> = c
            .by_kind
            .iter()
            .map(|k| format!("{} {}", kind_word(k.kind, lang), k.findings))
            .collect();
        writeln!(
            out,
            "  {:>6}  {} — {} ({})",
            c.findings,
            printable(&c.rule),
            printable(&c.criterion),
            kinds.join(", ")
        )?;
    }
    writeln!(
        out,
        "\n{}",
        tr!(lang, "Người thay đổi:", "People who change:")
    )?;
    for p in &diff.people {
        let mut held = vec![if p.rank.is_empty() {
            "-".to_string()
        } else {
            p.rank.clone()
        }];
        held.extend(p.positions.iter().cloned());
        writeln!(
            out,
            "{} {} | {} | {} | {} → {}",
            tr!(lang, "dòng", "row"),
            p.row,
            printable(&p.name),
            printable(&held.join("; ")),
            status_word(p.old_status, lang),
            status_word(p.new_status, lang)
        )?;
        for n in &p.no_standard {
            writeln!(
                out,
                "    {}",
                tr!(lang, "chưa có chuẩn — {}", "no standard — {}", printable(n))
            )?;
        }
        if let Some(r) = &p.rejected {
            writeln!(
                out,
                "    {}",
                tr!(lang, "dòng bị loại: {}", "row rejected: {}", printable(r))
            )?;
        }
        for c in &p.changes {
            let required = match (&c.old_required, &c.new_required) {
                (Some(o), Some(n)) if o != n => {
                    tr!(lang, "yêu cầu {o} → {n}", "required {o} → {n}")
                }
                (_, Some(r)) | (Some(r), None) => tr!(lang, "yêu cầu {r}", "required {r}"),
                (None, None) => String::new(),
            };
            let mut line = format!(
                "    {} [{}]: {} → {}; {}; {}",
                printable(&c.label),
                printable(&c.rule),
                verdict_word(c.old, lang),
                verdict_word(c.new, lang),
                printable(&c.actual),
                required
            );
            if let (Some(o), Some(n)) = (&c.old_deadline, &c.new_deadline) {
                line.push_str(&tr!(lang, "; hạn {o} → {n}", "; deadline {o} → {n}"));
            } else if let Some(n) = &c.new_deadline {
                line.push_str(&tr!(lang, "; hạn {n}", "; due by {n}"));
            }
            if let Some(r) = &c.reason {
                line.push_str(&format!("; {}", printable(r)));
            }
            if let Some(src) = &c.source {
                line.push_str(&tr!(lang, "; căn cứ: {src}", "; source: {src}"));
            }
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The impact diff as one JSON object.
pub(crate) fn write_impact_json(out: &mut dyn Write, diff: &ImpactDiff) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diff)?;
    writeln!(out)
}

/// The impact diff as a workbook: a summary sheet and one row per changed finding.
pub(crate) fn impact_workbook(diff: &ImpactDiff, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name(tr!(lang, "Tổng hợp", "Summary"))?;
    super::xlsx::header(
        ws,
        &bold,
        &[
            (tr!(lang, "Nội dung", "What").as_str(), 50.0),
            (tr!(lang, "Số lượng", "Count").as_str(), 14.0),
        ],
    )?;
    let mut r = 1;
    let mut line = |ws: &mut Worksheet, a: &str, b: Option<usize>| -> Result<(), XlsxError> {
        ws.write_string(r, 0, spreadsheet_safe(a))?;
        if let Some(b) = b {
            ws.write_number(r, 1, b as f64)?;
        }
        r += 1;
        Ok(())
    };
    let s = &diff.summary;
    line(
        ws,
        &tr!(lang, "Danh sách: {}", "Roster: {}", diff.roster),
        None,
    )?;
    for side in sides_text(&diff.old, &diff.new, lang).lines() {
        line(ws, side, None)?;
    }
    line(ws, &tr!(lang, "Số dòng", "Rows"), Some(s.rows))?;
    line(
        ws,
        &tr!(lang, "Người thay đổi", "People changed"),
        Some(s.people_changed),
    )?;
    line(
        ws,
        &tr!(lang, "Đổi kết quả chung", "Status changed"),
        Some(s.status_changed),
    )?;
    for m in &s.by_status {
        let text = format!(
            "{} → {}",
            status_word(m.from, lang),
            status_word(m.to, lang)
        );
        line(ws, &text, Some(m.people))?;
    }
    for k in &s.by_kind {
        line(ws, kind_word(k.kind, lang), Some(k.findings))?;
    }
    for c in &s.by_criterion {
        line(
            ws,
            &format!("{} — {}", c.rule, c.criterion),
            Some(c.findings),
        )?;
    }
    let ws = book.add_worksheet();
    ws.set_name(tr!(lang, "Thay đổi", "Changes"))?;
    let headers: Vec<(String, f64)> = vec![
        (tr!(lang, "Dòng", "Row"), 7.0),
        (tr!(lang, "Mã", "Id"), 12.0),
        (tr!(lang, "Họ và tên", "Name"), 24.0),
        (tr!(lang, "Đơn vị", "Unit"), 20.0),
        (tr!(lang, "Ngạch, chức vụ", "Rank, positions"), 28.0),
        (tr!(lang, "Kết quả trước", "Old status"), 16.0),
        (tr!(lang, "Kết quả sau", "New status"), 16.0),
        (tr!(lang, "Tiêu chí", "Criterion"), 24.0),
        (tr!(lang, "Quy định", "Rule"), 24.0),
        (tr!(lang, "Loại thay đổi", "Change"), 22.0),
        (tr!(lang, "Trước", "Old"), 14.0),
        (tr!(lang, "Sau", "New"), 14.0),
        (tr!(lang, "Hiện có", "Actual"), 24.0),
        (tr!(lang, "Yêu cầu trước", "Old requirement"), 20.0),
        (tr!(lang, "Yêu cầu sau", "New requirement"), 20.0),
        (tr!(lang, "Lý do", "Reason"), 30.0),
        (tr!(lang, "Căn cứ", "Source"), 40.0),
    ];
    let refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    super::xlsx::header(ws, &bold, &refs)?;
    let mut r = 1u32;
    for p in &diff.people {
        let mut held = vec![p.rank.clone()];
        held.extend(p.positions.iter().cloned());
        let person = [
            p.id.clone(),
            p.name.clone(),
            p.unit.clone(),
            held.join("; "),
            status_word(p.old_status, lang).to_string(),
            status_word(p.new_status, lang).to_string(),
        ];
        let write_person = |ws: &mut Worksheet, r: u32| -> Result<(), XlsxError> {
            ws.write_number(r, 0, f64::from(p.row))?;
            for (i, v) in person.iter().enumerate() {
                ws.write_string(r, 1 + i as u16, spreadsheet_safe(v))?;
            }
            Ok(())
        };
        if p.changes.is_empty() {
            write_person(ws, r)?;
            if let Some(reason) = &p.rejected {
                ws.write_string(r, 15, spreadsheet_safe(reason))?;
            }
            r += 1;
        }
        for c in &p.changes {
            write_person(ws, r)?;
            let cells = [
                c.criterion.as_str(),
                c.rule.as_str(),
                kind_word(c.kind, lang),
                verdict_word(c.old, lang),
                verdict_word(c.new, lang),
                c.actual.as_str(),
                c.old_required.as_deref().unwrap_or(""),
                c.new_required.as_deref().unwrap_or(""),
                c.reason.as_deref().or(p.rejected.as_deref()).unwrap_or(""),
                c.source.as_deref().unwrap_or(""),
            ];
            for (i, v) in cells.iter().enumerate() {
                ws.write_string(r, 7 + i as u16, spreadsheet_safe(v))?;
            }
            r += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), 16)?;
    book.save_to_buffer()
}

fn aspect_word(aspect: &str, lang: Lang) -> &str {
    match (aspect, lang) {
        ("required", Lang::Vi) => "yêu cầu",
        ("when", Lang::Vi) => "áp dụng khi",
        ("source", Lang::Vi) => "căn cứ",
        ("training", Lang::Vi) => "bồi dưỡng",
        ("exempt", Lang::Vi) => "miễn",
        ("grace", Lang::Vi) => "thời hạn chuẩn hóa",
        ("period", Lang::Vi) => "hiệu lực",
        ("entry", Lang::Vi) => "điều kiện bổ nhiệm",
        ("code", Lang::Vi) => "mã",
        ("no_standard", Lang::Vi) => "không có chuẩn",
        ("confirm", Lang::Vi) => "cơ quan xác nhận",
        (other, _) => other,
    }
}

fn aspect_line(a: &AspectChange, lang: Lang) -> String {
    let none = tr!(lang, "(không có)", "(none)");
    format!(
        "{}: {} → {}",
        aspect_word(a.aspect, lang),
        printable(a.old.as_deref().unwrap_or(&none)),
        printable(a.new.as_deref().unwrap_or(&none))
    )
}

fn change_word(change: &str, lang: Lang) -> &str {
    match (change, lang) {
        ("added", Lang::Vi) => "thêm",
        ("removed", Lang::Vi) => "bỏ",
        ("changed", Lang::Vi) => "sửa",
        (other, _) => other,
    }
}

/// The rule diff as text: per rank or position, what was added, removed or changed.
pub(crate) fn write_rules_table(
    out: &mut dyn Write,
    diff: &RulesDiff,
    lang: Lang,
) -> io::Result<()> {
    writeln!(out, "{}", sides_text(&diff.old, &diff.new, lang))?;
    if diff.is_empty() {
        writeln!(
            out,
            "{}",
            tr!(
                lang,
                "Hai bộ quy tắc nêu cùng một tiêu chuẩn.",
                "The two rule sets state the same standards."
            )
        )?;
        return Ok(());
    }
    for s in &diff.subjects {
        writeln!(
            out,
            "\n{} {} {}",
            change_word(s.change, lang),
            s.subject.kind,
            printable(&s.subject.name)
        )?;
        for a in &s.aspects {
            writeln!(out, "    {}", aspect_line(a, lang))?;
        }
        for c in &s.criteria {
            writeln!(
                out,
                "  {} {} [{}] ({})",
                change_word(c.change, lang),
                printable(&c.criterion),
                printable(&c.rule),
                c.location
            )?;
            for a in &c.aspects {
                writeln!(out, "      {}", aspect_line(a, lang))?;
            }
        }
    }
    if !diff.trainings.is_empty() {
        writeln!(out, "\n{}", tr!(lang, "Bồi dưỡng, đào tạo:", "Trainings:"))?;
        for a in &diff.trainings {
            writeln!(out, "    {}", aspect_line(a, lang))?;
        }
    }
    Ok(())
}

/// The rule diff as one JSON object.
pub(crate) fn write_rules_json(out: &mut dyn Write, diff: &RulesDiff) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diff)?;
    writeln!(out)
}
