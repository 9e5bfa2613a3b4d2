//! `--format table`: the one-screen summary for a terminal, the people with gaps one line each,
//! and where to look next — in the report's language. Also the compact verdict lines the
//! regression snapshots use.

use std::io::{self, Write};

use crate::audit::Audited;
use crate::finding::{Status, Verdict};
use crate::i18n::{Lang, tr};
use crate::plan::Plan;
use crate::report::printable;
use crate::targets::{Holds, TargetReport};

/// The targets: each clause with a text bar, the numbers now and at the deadline.
fn write_targets(out: &mut dyn Write, targets: &[TargetReport], lang: Lang) -> io::Result<()> {
    if targets.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", tr!(lang, "chỉ tiêu", "targets"))?;
    for t in targets {
        let short = t.people_short;
        let verdict = match t.holds {
            Holds::Yes => tr!(lang, "đạt", "met"),
            Holds::No => tr!(lang, "còn thiếu {short} người", "{short} short"),
            Holds::CannotTell => tr!(
                lang,
                "chưa kết luận được (phụ thuộc các giá trị thiếu)",
                "cannot tell (unknown values decide it)"
            ),
        };
        let by = &t.by;
        writeln!(
            out,
            "  {} — {} — {verdict}",
            t.label,
            tr!(lang, "hạn {by}", "by {by}")
        )?;
        if let Some(source) = &t.source {
            writeln!(out, "    {}", printable(source))?;
        }
        for c in &t.clauses {
            writeln!(out, "    {}", printable(&c.clause))?;
            let share = c.share.unwrap_or(c.share_range[0]);
            let filled = ((share / 5.0).round() as usize).min(20);
            let unknown = if c.unknown > 0 {
                let (n, lo, hi) = (c.unknown, c.share_range[0], c.share_range[1]);
                tr!(
                    lang,
                    ", {n} chưa rõ ({lo:.1}–{hi:.1}%)",
                    ", {n} unknown ({lo:.1}–{hi:.1}%)"
                )
            } else {
                String::new()
            };
            let short = c.people_short;
            writeln!(
                out,
                "      {:<10}  {:>5} / {:<5} {:>5.1}%  [{}{}]  {}{unknown}",
                tr!(lang, "hiện nay", "now"),
                c.meeting,
                c.population,
                share,
                "█".repeat(filled),
                "░".repeat(20 - filled),
                tr!(lang, "thiếu {short}", "{short} short"),
            )?;
            let d = &c.at_deadline;
            let (short, retiring) = (d.people_short, d.retiring);
            writeln!(
                out,
                "      {:<10}  {:>5} / {:<5}                                {}",
                d.date,
                d.meeting,
                d.population,
                tr!(
                    lang,
                    "thiếu {short}, {retiring} người nghỉ hưu trước hạn",
                    "{short} short, {retiring} retire before it"
                )
            )?;
        }
    }
    Ok(())
}

/// Summary, gaps per criterion, training plan, rejected rows, then people with gaps.
pub(crate) fn write_table(out: &mut dyn Write, report: &super::AuditReport<'_>) -> io::Result<()> {
    let (roster, plan, audit, lang) = (&report.roster, report.plan, report.audit, report.lang);
    write_head(out, report)?;
    if !report.summary_only {
        for (status, title) in list_titles(lang) {
            let lines = audit.people.iter().filter(|p| match status {
                Some(status) => p.result.status == status,
                None => !p.staff.notes.is_empty(),
            });
            write_list(out, &title, lines.map(|p| verdict_line(plan, p)))?;
        }
    }
    write_footer(out, roster, lang)
}

/// The counts: summary, gaps per criterion, targets, groups, training plan, rejected rows.
fn write_head(out: &mut dyn Write, report: &super::AuditReport<'_>) -> io::Result<()> {
    let (roster, plan, audit, s) = (&report.roster, report.plan, report.audit, &report.summary);
    let (training, targets, lang) = (&report.training, &report.targets, report.lang);
    let (rules, as_of) = (&plan.rules_name, plan.as_of);
    writeln!(
        out,
        "{}",
        tr!(
            lang,
            "chuanhoa audit — {roster} — bộ quy tắc: {rules} — ngày đánh giá {as_of}",
            "chuanhoa audit — {roster} — rules: {rules} — as of {as_of}"
        )
    )?;
    writeln!(out)?;
    let lines = [
        (tr!(lang, "số dòng đọc được", "rows read"), s.total),
        (tr!(lang, "đã đánh giá", "audited"), s.audited),
        (tr!(lang, "bị loại", "rejected"), s.rejected),
        (tr!(lang, "đạt chuẩn", "meeting"), s.meeting),
        (tr!(lang, "chưa đạt", "with gaps"), s.with_gaps),
        (tr!(lang, "thiếu dữ liệu", "incomplete"), s.incomplete),
        (tr!(lang, "đang trong thời hạn", "pending"), s.pending),
        (tr!(lang, "không khớp", "unmatched"), s.unmatched),
        (tr!(lang, "chưa có chuẩn", "no standard"), s.no_standard),
    ];
    // pad by characters, not bytes: Vietnamese letters are several bytes
    let width = lines
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(13);
    for (label, n) in lines {
        let pad = width - label.chars().count();
        writeln!(out, "  {label}{} {n:>7}", " ".repeat(pad))?;
    }
    if !audit.columns.missing.is_empty() {
        let names: Vec<&str> = audit
            .columns
            .missing
            .iter()
            .map(|&f| plan.fields[f].name.as_str())
            .collect();
        let names = names.join(", ");
        writeln!(
            out,
            "\n  {}",
            tr!(
                lang,
                "thiếu cột (các tiêu chí dùng cột này thiếu dữ liệu): {names}",
                "missing columns (their criteria are unknown): {names}"
            )
        )?;
    }
    for note in &audit.columns.notes {
        writeln!(out, "  {}: {}", tr!(lang, "lưu ý", "note"), printable(note))?;
    }
    if !s.by_criterion.is_empty() {
        writeln!(
            out,
            "\n{}",
            tr!(lang, "số người chưa đạt theo tiêu chí", "gaps by criterion")
        )?;
        for (name, n) in &s.by_criterion {
            let label = plan.name_label(name);
            let pad = 28usize.saturating_sub(label.chars().count());
            writeln!(out, "  {label}{} {n:>7}", " ".repeat(pad))?;
        }
    }
    write_targets(out, targets, lang)?;
    if let Some(groups) = &s.breakdown {
        writeln!(
            out,
            "\n{}",
            tr!(
                lang,
                "theo nhóm                                  số người  đạt     chưa đạt  thiếu DL  thời hạn  khác",
                "by group                                  staff  meeting     gaps  incompl.  pending  other"
            )
        )?;
        for g in groups {
            writeln!(
                out,
                "  {:<38} {:>7}  {:>7}  {:>7}  {:>8}  {:>7}  {:>5}",
                printable(&g.group),
                g.staff,
                g.meeting,
                g.with_gaps,
                g.incomplete,
                g.pending,
                g.not_audited
            )?;
        }
    }
    if !training.is_empty() {
        writeln!(
            out,
            "\n{}",
            tr!(lang, "kế hoạch bồi dưỡng, đào tạo", "training plan")
        )?;
        for t in training {
            let months = t
                .months
                .map(|m| tr!(lang, "{m} tháng", "{m} mo"))
                .unwrap_or_default();
            let confirm = t.to_confirm;
            let mut notes = Vec::new();
            if confirm > 0 {
                notes.push(tr!(lang, "{confirm} cần xác minh", "{confirm} to confirm"));
            }
            if t.retiring_count > 0 {
                let n = t.retiring_count;
                notes.push(tr!(
                    lang,
                    "{n} nghỉ hưu trước hạn, không đưa vào kế hoạch",
                    "{n} retire before, not planned"
                ));
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join(", "))
            };
            let by = if t.deadline == plan.as_of.to_string() {
                tr!(lang, "ngay", "now")
            } else {
                t.deadline.clone()
            };
            writeln!(
                out,
                "  {:>7}  {} {:<10}  {:>6}  {}{notes}",
                t.people,
                tr!(lang, "hạn", "by"),
                by,
                months,
                t.training
            )?;
        }
    }
    if !audit.rejected.is_empty() {
        writeln!(out, "\n{}", tr!(lang, "dòng bị loại", "rejected rows"))?;
        for r in &audit.rejected {
            let col = r
                .column
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            let row = r.row;
            writeln!(
                out,
                "  {}{col}: {}",
                tr!(lang, "dòng {row}", "row {row}"),
                printable(&r.reason)
            )?;
        }
    }
    Ok(())
}

/// The lists of people a table shows after the counts, in order: those of a status, then the
/// rows to check (`None`: people whose row was read with a note).
fn list_titles(lang: Lang) -> [(Option<Status>, String); 5] {
    [
        (
            Some(Status::Gaps),
            tr!(lang, "người chưa đạt chuẩn", "people with gaps"),
        ),
        (
            Some(Status::Pending),
            tr!(
                lang,
                "đang trong thời hạn (chưa đạt nhưng còn trong thời hạn chuẩn hóa)",
                "pending (gaps inside a grace period)"
            ),
        ),
        (
            Some(Status::Unmatched),
            tr!(
                lang,
                "không khớp (ngạch, chức vụ không có trong bộ quy tắc)",
                "unmatched (no rank or position of the rules)"
            ),
        ),
        (
            Some(Status::NoStandard),
            tr!(
                lang,
                "chưa có chuẩn để đánh giá (không có chuẩn chung, hết hiệu lực chưa có thay thế, hoặc chưa có hiệu lực)",
                "no standard to audit (declared so, ended without a successor, or not yet in force)"
            ),
        ),
        (
            None,
            tr!(
                lang,
                "dòng cần kiểm tra (cách đọc dòng)",
                "rows to check (how the row was read)"
            ),
        ),
    ]
}

/// One list under its title, nothing when it is empty.
fn write_list(
    out: &mut dyn Write,
    title: &str,
    lines: impl Iterator<Item = String>,
) -> io::Result<()> {
    let mut lines = lines.peekable();
    if lines.peek().is_some() {
        writeln!(out, "\n{title}")?;
        for line in lines {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

/// Where to look next.
fn write_footer(out: &mut dyn Write, roster: &str, lang: Lang) -> io::Result<()> {
    writeln!(
        out,
        "\n{}",
        tr!(
            lang,
            "tiếp: `chuanhoa explain {roster} --row N` để xem từng người; `--format json|csv|xlsx|html` để xem mọi kết quả",
            "next: `chuanhoa explain {roster} --row N` for one person; `--format json|csv|xlsx|html` for every finding"
        )
    )
}

/// The people lists of a streamed table: each verdict line goes to a temporary file of its
/// list as the audit runs, and once every person is counted the counts are written, then the
/// lists copied under their titles — the table the in-memory report writes, byte for byte, in
/// memory that does not grow with the roster.
#[derive(Default)]
pub(crate) struct TableSpool {
    lists: [Option<io::BufWriter<std::fs::File>>; 5],
}

impl TableSpool {
    /// The lists a person's line goes to (by [`list_titles`]'s order) and the line, worked out
    /// where the person was evaluated.
    pub(crate) fn lines_of(plan: &Plan, p: &Audited) -> Option<(Option<usize>, bool, String)> {
        let list = [
            Status::Gaps,
            Status::Pending,
            Status::Unmatched,
            Status::NoStandard,
        ]
        .iter()
        .position(|s| *s == p.result.status);
        let check = !p.staff.notes.is_empty();
        (list.is_some() || check).then(|| (list, check, verdict_line(plan, p)))
    }

    /// Adds a person's line to their lists.
    pub(crate) fn add(&mut self, list: Option<usize>, check: bool, line: &str) -> io::Result<()> {
        for i in list.into_iter().chain(check.then_some(4)) {
            let file = match &mut self.lists[i] {
                Some(file) => file,
                empty => empty.insert(io::BufWriter::with_capacity(1 << 16, tempfile::tempfile()?)),
            };
            writeln!(file, "  {line}")?;
        }
        Ok(())
    }

    /// The table: the counts of `report` (built from the totals), then the spooled lists.
    pub(crate) fn write(
        self,
        out: &mut dyn Write,
        report: &super::AuditReport<'_>,
    ) -> io::Result<()> {
        use std::io::Seek;
        write_head(out, report)?;
        for (spool, (_, title)) in self.lists.into_iter().zip(list_titles(report.lang)) {
            let Some(spool) = spool else { continue };
            let mut file = spool.into_inner().map_err(|e| e.into_error())?;
            file.seek(io::SeekFrom::Start(0))?;
            writeln!(out, "\n{title}")?;
            io::copy(&mut file, out)?;
        }
        write_footer(out, &report.roster, report.lang)
    }
}

/// `row 12 | Nguyễn Văn A | Chuyên viên; Trưởng phòng | gaps | education: Cao đẳng < Đại học; …`
pub fn verdict_line(plan: &Plan, p: &Audited) -> String {
    let lang = plan.lang;
    let s = &p.staff;
    let mut held = vec![if s.rank_text.is_empty() {
        "-".to_string()
    } else {
        s.rank_text.to_string()
    }];
    held.extend(s.positions.iter().map(|p| p.text.to_string()));
    let mut details: Vec<String> = p
        .result
        .findings
        .iter()
        .filter(|f| f.verdict != Verdict::Met)
        .map(|f| {
            let c = &plan.criteria[f.criterion as usize];
            // a criterion reading several fields already names each in `actual`
            let text = crate::evaluate::actual_text(plan, &p.staff, &c.fields);
            let actual = text
                .strip_prefix(c.name.as_str())
                .and_then(|rest| rest.strip_prefix(": "))
                .unwrap_or(&text);
            let (name, required) = (plan.criterion_label(f.criterion), plan.required_of(f));
            let reason = f.reason.as_deref().unwrap_or("");
            match f.verdict {
                Verdict::Unmet => tr!(
                    lang,
                    "{name}: {actual} (yêu cầu {required})",
                    "{name}: {actual} (required {required})"
                ),
                Verdict::Pending => {
                    let until = f.deadline.map(|d| d.to_string()).unwrap_or_default();
                    tr!(
                        lang,
                        "{name}: {actual} (yêu cầu {required}, trong thời hạn đến {until})",
                        "{name}: {actual} (required {required}, pending until {until})"
                    )
                }
                Verdict::Exempt => {
                    tr!(lang, "{name}: miễn ({reason})", "{name}: exempt ({reason})")
                }
                _ => tr!(
                    lang,
                    "{name}: thiếu dữ liệu ({reason})",
                    "{name}: unknown ({reason})"
                ),
            }
        })
        .collect();
    // the rank and a position may set the same standard: show it once
    let mut seen = std::collections::HashSet::new();
    details.retain(|d| seen.insert(d.clone()));
    details.extend(
        crate::report::person::no_standard_of(plan, s)
            .into_iter()
            .map(|n| n.reason.to_string()),
    );
    details.extend(s.notes.iter().map(|n| tr!(lang, "lưu ý: {n}", "note: {n}")));
    let row = s.row;
    let status = match lang {
        Lang::Vi => crate::report::html::status_text(p.result.status).get(lang),
        Lang::En => p.result.status.as_str(),
    };
    let mut line = format!(
        "{} | {} | {} | {status}",
        tr!(lang, "dòng {row}", "row {row}"),
        s.name,
        held.join("; "),
    );
    if !details.is_empty() {
        line.push_str(" | ");
        line.push_str(&details.join("; "));
    }
    printable(&line).into_owned()
}
