//! Reports of `chuanhoa eligible`: one [`EligibilityReport`] (the JSON contract) rendered as a
//! table for a terminal, as JSON, or as a workbook. Per post: the conditions checked and what
//! the office confirms; per person: eligible / to confirm / not eligible with each condition,
//! and "one training away" with the training and the date.

use std::io::{self, Write};

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use serde::Serialize;

use crate::eligibility::{Candidate, EligibilityOutput, Question, Standing};
use crate::finding::Verdict;
use crate::i18n::{Lang, tr};
use crate::plan::Plan;
use crate::report::person::is_unverified;
use crate::report::xlsx::{header, pick};
use crate::report::{printable, spreadsheet_safe};
use crate::roster::{ColumnMap, RowError};

/// The whole answer, as JSON writes it.
#[derive(Debug, Serialize)]
pub(crate) struct EligibilityReport<'a> {
    /// The date the question is asked for (`--at`, default today).
    pub date: String,
    /// The rule set.
    pub rules: &'a str,
    /// `position Trưởng phòng`, `rank Chuyên viên chính`, or `planned`.
    pub question: String,
    /// Each post asked about: its conditions, what the office confirms, the counts.
    pub posts: Vec<PostReport<'a>>,
    /// Each person against each post.
    pub people: Vec<PersonEligibility<'a>>,
    /// People who already hold the post asked about.
    pub already_holding: usize,
    /// People with no planned post (`--planned`).
    pub not_planned: usize,
    /// Planned posts no rule knows.
    pub unknown_planned: &'a [crate::eligibility::UnknownPlanned],
    /// Fields the conditions read that no roster column feeds.
    pub missing_columns: Vec<MissingColumn<'a>>,
    /// Rows not read.
    pub rejected: &'a [RowError],
    /// Rows read.
    pub total: usize,
    /// The language of the table and workbook labels.
    #[serde(skip)]
    pub lang: Lang,
}

/// A field the conditions read and the headers that would feed it.
#[derive(Debug, Serialize)]
pub(crate) struct MissingColumn<'a> {
    /// The field.
    pub field: &'a str,
    /// Headers it answers to.
    pub headers: &'a [String],
}

/// One post asked about.
#[derive(Debug, Serialize)]
pub(crate) struct PostReport<'a> {
    /// `rank` or `position`.
    pub kind: &'static str,
    /// Its name.
    pub name: &'a str,
    /// The conditions checked: entry conditions, then the standards of holding it.
    pub conditions: Vec<ConditionInfo<'a>>,
    /// What the office confirms for everyone (no roster shows it).
    pub confirm: Vec<ConfirmInfo<'a>>,
    /// People considered.
    pub considered: usize,
    /// Eligible.
    pub eligible: usize,
    /// To confirm.
    pub to_confirm: usize,
    /// Not eligible.
    pub not_eligible: usize,
    /// Of the not eligible, those whose only missing conditions are trainings.
    pub one_training_away: usize,
}

/// A condition of a post.
#[derive(Debug, Serialize)]
pub(crate) struct ConditionInfo<'a> {
    /// `appoint`, `promote` or `standard`.
    pub kind: &'static str,
    /// Its name.
    pub criterion: &'a str,
    /// What is required.
    pub required: &'a str,
    /// Citation.
    pub source: Option<&'a str>,
    /// True when the citation is tagged [U].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unverified: bool,
}

/// Something the office confirms.
#[derive(Debug, Serialize)]
pub(crate) struct ConfirmInfo<'a> {
    /// What.
    pub label: &'a str,
    /// Citation.
    pub source: Option<&'a str>,
}

/// One person against one post.
#[derive(Debug, Serialize)]
pub(crate) struct PersonEligibility<'a> {
    /// Row.
    pub row: u32,
    /// Id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// Unit.
    pub unit: &'a str,
    /// Rank and positions held now, as written.
    pub now: &'a str,
    /// The post asked about.
    pub post: &'a str,
    /// `eligible`, `to_confirm`, `not_eligible`.
    pub status: Standing,
    /// When every missing condition is a training.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub one_step: Option<OneStepReport<'a>>,
    /// Every condition with its verdict.
    pub conditions: Vec<ConditionResult<'a>>,
}

/// "One training away".
#[derive(Debug, Serialize)]
pub(crate) struct OneStepReport<'a> {
    /// The trainings.
    pub trainings: Vec<TrainingInfo<'a>>,
    /// Their months one after another (None when a training declares no length).
    pub months: Option<u32>,
    /// When they would be eligible if sent now.
    pub eligible_by: Option<String>,
    /// What would still fail on that date.
    pub still_missing: &'a [String],
}

/// A training.
#[derive(Debug, Serialize)]
pub(crate) struct TrainingInfo<'a> {
    /// Code.
    pub code: &'a str,
    /// Title.
    pub title: &'a str,
    /// Months.
    pub months: Option<u32>,
}

/// One condition for one person.
#[derive(Debug, Serialize)]
pub(crate) struct ConditionResult<'a> {
    /// `appoint`, `promote` or `standard`.
    pub kind: &'static str,
    /// Its name.
    pub criterion: &'a str,
    /// Verdict.
    pub result: Verdict,
    /// What is required.
    pub required: &'a str,
    /// What the person has.
    pub actual: &'a str,
    /// Why unknown, exempt or pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'a str>,
    /// Last day of a grace period (a duty after entry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Training that closes the gap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub training: Option<&'a str>,
    /// Citation.
    pub source: Option<&'a str>,
}

fn entry_word(plan: &Plan, target: u32) -> &'static str {
    match plan.subjects[target as usize].kind {
        crate::syntax::ast::SubjectKind::Rank => "promote",
        crate::syntax::ast::SubjectKind::Position | crate::syntax::ast::SubjectKind::Standard => {
            "appoint"
        }
    }
}

impl<'a> EligibilityReport<'a> {
    /// The report of an answer.
    pub(crate) fn new(plan: &'a Plan, out: &'a EligibilityOutput, columns: &'a ColumnMap) -> Self {
        let lang = plan.lang;
        let posts = out
            .targets
            .iter()
            .map(|&t| {
                let s = &plan.subjects[t as usize];
                let word = entry_word(plan, t);
                let conditions = s
                    .entries
                    .iter()
                    .map(|&ci| (word, ci))
                    .chain(s.criteria.iter().map(|&ci| ("standard", ci)))
                    .map(|(kind, ci)| {
                        let c = &plan.criteria[ci as usize];
                        ConditionInfo {
                            kind,
                            criterion: &c.name,
                            required: &c.required,
                            source: c.source.as_deref(),
                            unverified: c.source.as_deref().is_some_and(is_unverified),
                        }
                    })
                    .collect();
                let mine: Vec<&Candidate> =
                    out.candidates.iter().filter(|c| c.target == t).collect();
                let count = |st: Standing| mine.iter().filter(|c| c.standing == st).count();
                PostReport {
                    kind: s.kind.keyword(),
                    name: &s.name,
                    conditions,
                    confirm: s
                        .confirms
                        .iter()
                        .map(|c| ConfirmInfo {
                            label: &c.label,
                            source: c.source.as_deref(),
                        })
                        .collect(),
                    considered: mine.len(),
                    eligible: count(Standing::Eligible),
                    to_confirm: count(Standing::ToConfirm),
                    not_eligible: count(Standing::NotEligible),
                    one_training_away: mine.iter().filter(|c| c.one_step.is_some()).count(),
                }
            })
            .collect();
        let people = out.candidates.iter().map(|c| person(plan, c)).collect();
        let mut read = Vec::new();
        for &t in &out.targets {
            let s = &plan.subjects[t as usize];
            for &ci in s.entries.iter().chain(&s.criteria) {
                for f in plan.criterion_inputs(&plan.criteria[ci as usize]) {
                    if !read.contains(&f) {
                        read.push(f);
                    }
                }
            }
        }
        if matches!(out.question, Question::Planned)
            && let Some(f) = plan
                .fields
                .iter()
                .position(|f| f.name == crate::check::PLANNED_FIELD)
        {
            read.push(f);
        }
        let missing_columns = columns
            .missing
            .iter()
            .filter(|f| read.contains(f))
            .map(|&f| MissingColumn {
                field: &plan.fields[f].name,
                headers: &plan.fields[f].columns,
            })
            .collect();
        EligibilityReport {
            date: plan.as_of.to_string(),
            rules: &plan.rules_name,
            question: match out.question {
                Question::For(t) => {
                    let s = &plan.subjects[t as usize];
                    format!("{} {}", s.kind.keyword(), s.name)
                }
                Question::Planned => "planned".to_string(),
            },
            posts,
            people,
            already_holding: out.already_holding,
            not_planned: out.not_planned,
            unknown_planned: &out.unknown_planned,
            missing_columns,
            rejected: &out.rejected,
            total: out.total,
            lang,
        }
    }
}

fn person<'a>(plan: &'a Plan, c: &'a Candidate) -> PersonEligibility<'a> {
    let word = entry_word(plan, c.target);
    PersonEligibility {
        row: c.row,
        id: &c.id,
        name: &c.name,
        unit: &c.unit,
        now: &c.now,
        post: &plan.subjects[c.target as usize].name,
        status: c.standing,
        one_step: c.one_step.as_ref().map(|o| OneStepReport {
            trainings: o
                .trainings
                .iter()
                .map(|&t| TrainingInfo {
                    code: &plan.trainings[t].code,
                    title: &plan.trainings[t].title,
                    months: plan.trainings[t].months,
                })
                .collect(),
            months: o.months,
            eligible_by: o.eligible_by.map(|d| d.to_string()),
            still_missing: &o.still_missing,
        }),
        conditions: c
            .findings
            .iter()
            .map(|f| {
                let crit = &plan.criteria[f.finding.criterion as usize];
                ConditionResult {
                    kind: if f.entry { word } else { "standard" },
                    criterion: &crit.name,
                    result: f.finding.verdict,
                    required: plan.required_of(&f.finding),
                    actual: &f.actual,
                    reason: f.finding.reason.as_deref(),
                    deadline: f.finding.deadline.map(|d| d.to_string()),
                    training: crit.training.map(|t| plan.trainings[t].title.as_str()),
                    source: crit.source.as_deref(),
                }
            })
            .collect(),
    }
}

/// JSON, pretty-printed.
pub(crate) fn write_json(out: &mut dyn Write, report: &EligibilityReport<'_>) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    writeln!(out)
}

/// A one-line view of a condition: "education: Cao đẳng (requires Đại học)".
fn condition_line(c: &ConditionResult<'_>, lang: Lang) -> String {
    let (name, required) = (c.criterion, c.required);
    let actual = if c.actual.is_empty() { "—" } else { c.actual };
    let mut line = tr!(
        lang,
        "{name}: {actual} (yêu cầu {required})",
        "{name}: {actual} (requires {required})"
    );
    if let Some(reason) = c.reason {
        line.push_str(&format!(" — {reason}"));
    }
    printable(&line).into_owned()
}

/// The table for a terminal.
pub(crate) fn write_table(
    out: &mut dyn Write,
    roster: &str,
    report: &EligibilityReport<'_>,
) -> io::Result<()> {
    let lang = report.lang;
    let (rules, date) = (report.rules, &report.date);
    writeln!(
        out,
        "{}",
        tr!(
            lang,
            "chuanhoa eligible — {roster} — bộ quy tắc: {rules} — ngày xét {date}",
            "chuanhoa eligible — {roster} — rules: {rules} — on {date}"
        )
    )?;
    let question = if report.question == "planned" {
        tr!(lang, "chức danh quy hoạch của từng người", "planned")
    } else {
        report.question.clone()
    };
    writeln!(
        out,
        "{}",
        tr!(lang, "câu hỏi: {question}", "question: {question}")
    )?;
    let (total, rejected, holding) = (report.total, report.rejected.len(), report.already_holding);
    let not_planned = if report.question == "planned" {
        let n = report.not_planned;
        tr!(
            lang,
            ", không có quy hoạch {n}",
            ", without a planned post {n}"
        )
    } else {
        String::new()
    };
    writeln!(
        out,
        "  {}{not_planned}",
        tr!(
            lang,
            "số dòng {total}, bị loại {rejected}, đang giữ chức vụ / ngạch được hỏi {holding}",
            "rows read {total}, rejected {rejected}, already holding the post {holding}"
        )
    )?;
    if !report.missing_columns.is_empty() {
        writeln!(
            out,
            "  {}",
            tr!(
                lang,
                "danh sách thiếu các cột điều kiện cần đọc (các điều kiện đó cần xác minh):",
                "columns the conditions read that the roster lacks (those conditions are to confirm):"
            )
        )?;
        for m in &report.missing_columns {
            writeln!(
                out,
                "    {} ({})",
                m.field,
                m.headers.first().map(String::as_str).unwrap_or("")
            )?;
        }
    }
    for post in &report.posts {
        let kind = match (post.kind, lang) {
            ("rank", Lang::Vi) => "ngạch",
            ("position", Lang::Vi) => "chức vụ",
            (k, _) => k,
        };
        writeln!(out, "\n{kind} {}", printable(post.name))?;
        let (n, e, c, ne, one) = (
            post.considered,
            post.eligible,
            post.to_confirm,
            post.not_eligible,
            post.one_training_away,
        );
        writeln!(
            out,
            "  {}",
            tr!(
                lang,
                "xét {n} người: đủ điều kiện {e}, cần xác minh {c}, chưa đủ điều kiện {ne} (chỉ còn thiếu bồi dưỡng, đào tạo {one})",
                "considered {n}: eligible {e}, to confirm {c}, not eligible {ne} (one training away {one})"
            )
        )?;
        writeln!(
            out,
            "  {}",
            tr!(lang, "các điều kiện đã xét:", "conditions checked:")
        )?;
        for c in &post.conditions {
            let kind = match (c.kind, lang) {
                ("appoint", Lang::Vi) => "bổ nhiệm",
                ("promote", Lang::Vi) => "nâng ngạch",
                ("standard", Lang::Vi) => "tiêu chuẩn",
                (k, _) => k,
            };
            writeln!(
                out,
                "    {:<10} {} — {}{}",
                kind,
                printable(c.criterion),
                printable(c.required),
                c.source
                    .map(|s| format!(" — {}", printable(s)))
                    .unwrap_or_default()
            )?;
        }
        if !post.confirm.is_empty() {
            writeln!(
                out,
                "  {}",
                tr!(
                    lang,
                    "cơ quan xác minh cho mọi người (danh sách không thể hiện):",
                    "the office confirms for everyone (no roster shows these):"
                )
            )?;
            for c in &post.confirm {
                writeln!(
                    out,
                    "    - {}{}",
                    printable(c.label),
                    c.source
                        .map(|s| format!(" — {}", printable(s)))
                        .unwrap_or_default()
                )?;
            }
        }
        let people: Vec<&PersonEligibility<'_>> = report
            .people
            .iter()
            .filter(|p| p.post == post.name)
            .collect();
        let row_word = tr!(lang, "dòng", "row");
        let heading = |p: &PersonEligibility<'_>| {
            printable(&format!(
                "{row_word} {:<5} {:<10} {:<24} {}",
                p.row,
                p.id,
                p.name,
                if p.now.is_empty() { "—" } else { p.now }
            ))
            .into_owned()
        };
        let section = |st: Standing| people.iter().filter(move |p| p.status == st);
        writeln!(
            out,
            "\n  {} ({})",
            tr!(lang, "đủ điều kiện", "eligible"),
            post.eligible
        )?;
        for p in section(Standing::Eligible) {
            writeln!(out, "    {}", heading(p))?;
            for c in p.conditions.iter().filter(|c| c.result == Verdict::Pending) {
                let (what, by) = (printable(c.criterion), c.deadline.as_deref().unwrap_or("?"));
                writeln!(
                    out,
                    "      {}",
                    tr!(
                        lang,
                        "sau bổ nhiệm: {what} trước {by}",
                        "after entry: {what} by {by}"
                    )
                )?;
            }
        }
        writeln!(
            out,
            "\n  {} ({})",
            tr!(lang, "cần xác minh", "to confirm"),
            post.to_confirm
        )?;
        for p in section(Standing::ToConfirm) {
            writeln!(out, "    {}", heading(p))?;
            for c in p.conditions.iter().filter(|c| c.result == Verdict::Unknown) {
                writeln!(out, "      ? {}", condition_line(c, lang))?;
            }
        }
        writeln!(
            out,
            "\n  {} ({})",
            tr!(
                lang,
                "chỉ còn thiếu bồi dưỡng, đào tạo",
                "one training away"
            ),
            post.one_training_away
        )?;
        for p in section(Standing::NotEligible).filter(|p| p.one_step.is_some()) {
            writeln!(out, "    {}", heading(p))?;
            if let Some(o) = &p.one_step {
                let trainings: Vec<String> = o
                    .trainings
                    .iter()
                    .map(|t| {
                        let code = t.code;
                        match t.months {
                            Some(m) => tr!(lang, "{code} ({m} tháng)", "{code} ({m} months)"),
                            None => tr!(
                                lang,
                                "{code} (chưa khai báo thời gian)",
                                "{code} (length not declared)"
                            ),
                        }
                    })
                    .collect();
                let missing = o.still_missing.join(", ");
                let by = match (&o.eligible_by, o.still_missing.is_empty()) {
                    (Some(d), true) => tr!(
                        lang,
                        "đủ điều kiện từ {d} nếu cử đi ngay",
                        "eligible by {d} if sent now"
                    ),
                    (Some(d), false) => tr!(
                        lang,
                        "đến {d} vẫn thiếu: {missing}",
                        "by {d} still missing: {missing}"
                    ),
                    (None, _) => tr!(lang, "chưa xác định được ngày", "date unknown"),
                };
                writeln!(
                    out,
                    "      {} {} → {}",
                    tr!(lang, "cử đi", "train"),
                    printable(&trainings.join(" + ")),
                    printable(&by)
                )?;
            }
            for c in p.conditions.iter().filter(|c| c.result == Verdict::Unknown) {
                writeln!(out, "      ? {}", condition_line(c, lang))?;
            }
        }
        let others = post.not_eligible - post.one_training_away;
        writeln!(
            out,
            "\n  {} ({others})",
            tr!(lang, "chưa đủ điều kiện", "not eligible")
        )?;
        for p in section(Standing::NotEligible).filter(|p| p.one_step.is_none()) {
            writeln!(out, "    {}", heading(p))?;
            for c in p.conditions.iter().filter(|c| c.result == Verdict::Unmet) {
                writeln!(out, "      ✗ {}", condition_line(c, lang))?;
            }
        }
    }
    if !report.unknown_planned.is_empty() {
        writeln!(
            out,
            "\n{}",
            tr!(
                lang,
                "chức danh quy hoạch không xét được",
                "planned posts that cannot be checked"
            )
        )?;
        for u in report.unknown_planned {
            writeln!(
                out,
                "  {}",
                printable(&format!(
                    "{} {:<5} {:<10} {:<24} {} — {}",
                    tr!(lang, "dòng", "row"),
                    u.row,
                    u.id,
                    u.name,
                    u.planned,
                    u.reason
                ))
            )?;
        }
    }
    if !report.rejected.is_empty() {
        writeln!(out, "\n{}", tr!(lang, "dòng bị loại", "rejected rows"))?;
        for r in report.rejected {
            let row = r.row;
            writeln!(
                out,
                "  {}: {}",
                tr!(lang, "dòng {row}", "row {row}"),
                printable(&r.reason)
            )?;
        }
    }
    Ok(())
}

/// The workbook: a summary sheet per post, one row per person and condition, the trainings.
pub(crate) fn workbook_bytes(report: &EligibilityReport<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    summary_sheet(wb.add_worksheet(), &bold, report)?;
    people_sheet(wb.add_worksheet(), &bold, report)?;
    conditions_sheet(wb.add_worksheet(), &bold, report)?;
    wb.save_to_buffer()
}

/// Rows a sheet can hold (Excel's limit), header included.
const MAX_ROWS: u32 = 1_048_576;

/// A standing as the workbook writes it.
fn standing_word(s: Standing, lang: Lang) -> &'static str {
    match s {
        Standing::Eligible => pick(lang, "Đủ điều kiện", "Eligible"),
        Standing::ToConfirm => pick(lang, "Cần xác minh", "To confirm"),
        Standing::NotEligible => pick(lang, "Chưa đủ điều kiện", "Not eligible"),
    }
}

/// A condition's verdict as the workbook writes it.
fn verdict_word(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Met => pick(lang, "Đạt", "Met"),
        Verdict::Unmet => pick(lang, "Chưa đạt", "Unmet"),
        Verdict::Unknown => pick(lang, "Thiếu dữ liệu", "Unknown"),
        Verdict::Exempt => pick(lang, "Miễn", "Exempt"),
        Verdict::Pending => pick(lang, "Thực hiện sau bổ nhiệm", "Due after appointment"),
    }
}

fn summary_sheet(
    ws: &mut Worksheet,
    bold: &Format,
    report: &EligibilityReport<'_>,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    ws.set_name(pick(lang, "Tổng hợp", "Summary"))?;
    header(
        ws,
        bold,
        &[
            (pick(lang, "Nội dung", "Item"), 60.0),
            (pick(lang, "Số lượng / căn cứ", "Count / source"), 60.0),
        ],
    )?;
    let mut r = 1;
    let mut line = |ws: &mut Worksheet, a: &str, b: &str| -> Result<(), XlsxError> {
        ws.write_string(r, 0, spreadsheet_safe(a))?;
        ws.write_string(r, 1, spreadsheet_safe(b))?;
        r += 1;
        Ok(())
    };
    line(ws, pick(lang, "Ngày xét", "Date"), &report.date)?;
    line(ws, pick(lang, "Bộ quy tắc", "Rules"), report.rules)?;
    line(ws, pick(lang, "Câu hỏi", "Question"), &report.question)?;
    line(
        ws,
        pick(lang, "Tổng số dòng đọc được", "Rows read"),
        &report.total.to_string(),
    )?;
    line(
        ws,
        pick(lang, "Bị loại", "Rejected"),
        &report.rejected.len().to_string(),
    )?;
    line(
        ws,
        pick(
            lang,
            "Đang giữ chức vụ / ngạch được hỏi",
            "Already holding the post asked about",
        ),
        &report.already_holding.to_string(),
    )?;
    for post in &report.posts {
        line(ws, "", "")?;
        line(ws, &format!("{} {}", post.kind, post.name), "")?;
        line(
            ws,
            pick(lang, "Số người được xét", "Considered"),
            &post.considered.to_string(),
        )?;
        line(
            ws,
            pick(lang, "Đủ điều kiện", "Eligible"),
            &post.eligible.to_string(),
        )?;
        line(
            ws,
            pick(lang, "Cần xác minh", "To confirm"),
            &post.to_confirm.to_string(),
        )?;
        line(
            ws,
            pick(lang, "Chưa đủ điều kiện", "Not eligible"),
            &post.not_eligible.to_string(),
        )?;
        line(
            ws,
            pick(
                lang,
                "  trong đó chỉ còn thiếu bồi dưỡng, đào tạo",
                "  of whom one training away",
            ),
            &post.one_training_away.to_string(),
        )?;
        for c in &post.confirm {
            line(
                ws,
                &tr!(
                    lang,
                    "Cơ quan xác minh: {}",
                    "The office confirms: {}",
                    c.label
                ),
                c.source.unwrap_or(""),
            )?;
        }
    }
    for m in &report.missing_columns {
        line(
            ws,
            &tr!(
                lang,
                "Danh sách thiếu cột: {}",
                "Column missing: {}",
                m.field
            ),
            &m.headers.join(", "),
        )?;
    }
    Ok(())
}

fn people_sheet(
    ws: &mut Worksheet,
    bold: &Format,
    report: &EligibilityReport<'_>,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    ws.set_name(pick(lang, "Danh sách", "People"))?;
    let titles = [
        (pick(lang, "Dòng", "Row"), 7.0),
        (pick(lang, "Mã cán bộ", "Id"), 12.0),
        (pick(lang, "Họ và tên", "Name"), 24.0),
        (pick(lang, "Đơn vị", "Unit"), 26.0),
        (pick(lang, "Hiện giữ", "Holds now"), 30.0),
        (pick(lang, "Chức vụ / ngạch xét", "Post asked about"), 26.0),
        (pick(lang, "Kết quả", "Result"), 18.0),
        (pick(lang, "Còn thiếu", "Missing"), 50.0),
        (
            pick(
                lang,
                "Bồi dưỡng, đào tạo cần cử đi",
                "Training to send them to",
            ),
            40.0,
        ),
        (
            pick(
                lang,
                "Đủ điều kiện từ ngày (nếu cử đi ngay)",
                "Eligible from (if sent now)",
            ),
            16.0,
        ),
    ];
    header(ws, bold, &titles)?;
    for (i, p) in report.people.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, p.row as f64)?;
        ws.write_string(r, 1, spreadsheet_safe(p.id))?;
        ws.write_string(r, 2, spreadsheet_safe(p.name))?;
        ws.write_string(r, 3, spreadsheet_safe(p.unit))?;
        ws.write_string(r, 4, spreadsheet_safe(p.now))?;
        ws.write_string(r, 5, p.post)?;
        ws.write_string(r, 6, standing_word(p.status, lang))?;
        let missing: Vec<&str> = p
            .conditions
            .iter()
            .filter(|c| matches!(c.result, Verdict::Unmet | Verdict::Unknown))
            .map(|c| c.criterion)
            .collect();
        ws.write_string(r, 7, missing.join("; "))?;
        if let Some(o) = &p.one_step {
            let t: Vec<&str> = o.trainings.iter().map(|t| t.title).collect();
            ws.write_string(r, 8, t.join("; "))?;
            if o.still_missing.is_empty() {
                ws.write_string(r, 9, o.eligible_by.as_deref().unwrap_or(""))?;
            }
        }
    }
    ws.autofilter(
        0,
        0,
        (report.people.len() as u32).max(1),
        titles.len() as u16 - 1,
    )?;
    Ok(())
}

fn conditions_sheet(
    ws: &mut Worksheet,
    bold: &Format,
    report: &EligibilityReport<'_>,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    ws.set_name(pick(lang, "Từng điều kiện", "Conditions"))?;
    let titles = [
        (pick(lang, "Dòng", "Row"), 7.0),
        (pick(lang, "Mã cán bộ", "Id"), 12.0),
        (pick(lang, "Họ và tên", "Name"), 24.0),
        (pick(lang, "Chức vụ / ngạch xét", "Post asked about"), 26.0),
        (pick(lang, "Loại điều kiện", "Kind"), 14.0),
        (pick(lang, "Điều kiện", "Condition"), 34.0),
        (pick(lang, "Kết quả", "Result"), 16.0),
        (pick(lang, "Yêu cầu", "Required"), 30.0),
        (pick(lang, "Hiện có", "Actual"), 30.0),
        (pick(lang, "Ghi chú", "Note"), 50.0),
        (pick(lang, "Căn cứ", "Source"), 60.0),
    ];
    header(ws, bold, &titles)?;
    let mut r = 1;
    'people: for p in &report.people {
        for c in &p.conditions {
            if r >= MAX_ROWS {
                ws.write_string(
                    r - 1,
                    0,
                    pick(
                        lang,
                        "… (Excel chứa tối đa 1.048.576 dòng; dùng --format json cho phần còn lại)",
                        "… (Excel holds 1,048,576 rows; use --format json for the rest)",
                    ),
                )?;
                break 'people;
            }
            ws.write_number(r, 0, p.row as f64)?;
            ws.write_string(r, 1, spreadsheet_safe(p.id))?;
            ws.write_string(r, 2, spreadsheet_safe(p.name))?;
            ws.write_string(r, 3, p.post)?;
            let kind = match c.kind {
                "standard" => pick(lang, "Tiêu chuẩn", "Standard"),
                "promote" => pick(
                    lang,
                    "Điều kiện nâng ngạch, thăng hạng",
                    "Promotion condition",
                ),
                _ => pick(lang, "Điều kiện bổ nhiệm", "Appointment condition"),
            };
            ws.write_string(r, 4, kind)?;
            ws.write_string(r, 5, c.criterion)?;
            ws.write_string(r, 6, verdict_word(c.result, lang))?;
            ws.write_string(r, 7, c.required)?;
            ws.write_string(r, 8, spreadsheet_safe(c.actual))?;
            ws.write_string(r, 9, spreadsheet_safe(c.reason.unwrap_or("")))?;
            ws.write_string(r, 10, c.source.unwrap_or(""))?;
            r += 1;
        }
    }
    ws.autofilter(0, 0, (r - 1).max(1), titles.len() as u16 - 1)?;
    Ok(())
}

/// The answer as one self-contained web page (the HTML report's style and sortable tables):
/// per post its conditions and what the office confirms, then every person with the result,
/// what is missing and, one training away, the trainings and the date.
pub(crate) fn write_html(
    out: &mut dyn Write,
    roster: &str,
    report: &EligibilityReport<'_>,
) -> io::Result<()> {
    use crate::report::html::{SCRIPT, STYLE, escape};
    let lang = report.lang;
    let mut h = String::new();
    let title = tr!(lang, "Xét điều kiện bổ nhiệm, nâng ngạch", "Eligibility");
    h.push_str(&format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body><header><h1>{}</h1><p>{} · {} · {}</p></header><main>",
        lang.code(),
        escape(&title),
        escape(&title),
        escape(roster),
        escape(&report.question),
        escape(&report.date)
    ));
    for (i, post) in report.posts.iter().enumerate() {
        h.push_str(&format!(
            "<section class=\"post\"><h2>{} {}</h2><div class=\"cards\">",
            escape(post.kind),
            escape(post.name)
        ));
        for (label, n) in [
            (tr!(lang, "Được xét", "Considered"), post.considered),
            (tr!(lang, "Đủ điều kiện", "Eligible"), post.eligible),
            (tr!(lang, "Cần xác minh", "To confirm"), post.to_confirm),
            (
                tr!(lang, "Chưa đủ điều kiện", "Not eligible"),
                post.not_eligible,
            ),
            (
                tr!(lang, "Chỉ còn thiếu bồi dưỡng", "One training away"),
                post.one_training_away,
            ),
        ] {
            h.push_str(&format!(
                "<div class=\"card\"><b>{n}</b><span>{}</span></div>",
                escape(&label)
            ));
        }
        h.push_str("</div><ul>");
        for c in &post.conditions {
            h.push_str(&format!(
                "<li>{}: {} — {} <span class=\"muted\">{}</span></li>",
                escape(c.kind),
                escape(c.criterion),
                escape(c.required),
                escape(c.source.unwrap_or(""))
            ));
        }
        for c in &post.confirm {
            h.push_str(&format!(
                "<li>{}: {} <span class=\"muted\">{}</span></li>",
                escape(&tr!(lang, "cơ quan xác minh", "the office confirms")),
                escape(c.label),
                escape(c.source.unwrap_or(""))
            ));
        }
        h.push_str(&format!(
            "</ul><input class=\"filter\" data-table=\"people-{i}\" placeholder=\"{}\"><table id=\"people-{i}\" class=\"sortable\"><thead><tr><th class=\"n\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(&tr!(lang, "Lọc…", "Filter…")),
            escape(&tr!(lang, "Dòng", "Row")),
            escape(&tr!(lang, "Họ và tên", "Name")),
            escape(&tr!(lang, "Hiện giữ", "Holds now")),
            escape(&tr!(lang, "Kết quả", "Result")),
            escape(&tr!(lang, "Còn thiếu / cần xác minh", "Missing / to confirm")),
            escape(&tr!(lang, "Bồi dưỡng, đào tạo → đủ điều kiện từ", "Training → eligible by")),
        ));
        for p in report.people.iter().filter(|p| p.post == post.name) {
            let result = match (p.status, lang) {
                (Standing::Eligible, Lang::Vi) => "Đủ điều kiện",
                (Standing::ToConfirm, Lang::Vi) => "Cần xác minh",
                (Standing::NotEligible, Lang::Vi) => "Chưa đủ điều kiện",
                (s, Lang::En) => s.as_str(),
            };
            let missing: Vec<String> = p
                .conditions
                .iter()
                .filter(|c| matches!(c.result, Verdict::Unmet | Verdict::Unknown))
                .map(|c| condition_line(c, lang))
                .collect();
            let step = p
                .one_step
                .as_ref()
                .map(|o| {
                    let names: Vec<&str> = o.trainings.iter().map(|t| t.title).collect();
                    format!(
                        "{} → {}",
                        names.join(" + "),
                        o.eligible_by.as_deref().unwrap_or("?")
                    )
                })
                .unwrap_or_default();
            h.push_str(&format!(
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                p.row,
                escape(p.name),
                escape(p.now),
                escape(result),
                escape(&missing.join("; ")),
                escape(&step)
            ));
        }
        h.push_str("</tbody></table></section>");
    }
    h.push_str(&format!("</main><script>{SCRIPT}</script></body></html>"));
    out.write_all(h.as_bytes())
}
