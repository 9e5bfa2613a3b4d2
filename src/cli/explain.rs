//! `chuanhoa explain`: one person, criterion by criterion, with values and citations.

use std::path::PathBuf;

use crate::audit::Audited;
use crate::date::Date;
use crate::finding::Verdict;
use crate::i18n::{Lang, tr};
use crate::plan::Plan;
use crate::report::person::finding_report;
use crate::report::printable;

use super::{Outcome, RosterArgs};

/// Prints one person's findings; 2 when the person is not in the roster.
pub(crate) fn run(
    roster: &RosterArgs,
    rules: &[PathBuf],
    as_of: Date,
    id: Option<&str>,
    row: Option<u32>,
    lang: Lang,
) -> Outcome {
    if id.is_some_and(|i| i.trim().is_empty()) {
        complain!("error: --id is empty: give the person's id (the `Số hiệu` column), or --row");
        return Outcome::Invalid;
    }
    let plan = match super::plan_for(rules, as_of, lang) {
        Ok(p) => p,
        Err(o) => return o,
    };
    let out = match super::audited(&plan, roster) {
        Ok(out) => out,
        Err(o) => return o,
    };
    let person = out.people.iter().find(|p| match (id, row) {
        (Some(id), _) => p.staff.id == id,
        (None, Some(row)) => p.staff.row == row,
        _ => false,
    });
    match person {
        Some(p) => {
            {
                use std::io::Write as _;
                let _ = write!(std::io::stdout().lock(), "{}", explain_text(&plan, p));
            }
            Outcome::Done
        }
        None => {
            let first = out
                .people
                .iter()
                .map(|p| p.staff.row)
                .chain(out.rejected.iter().map(|r| r.row))
                .min();
            if let Some(r) = out.rejected.iter().find(|r| Some(r.row) == row) {
                complain!("error: row {} was rejected: {}", r.row, r.reason);
            } else if let (Some(asked), Some(first)) = (row, first)
                && asked < first
            {
                complain!(
                    "error: row {asked} is above the first person (row {first}): the header and title rows are not people"
                );
            } else {
                let what = id.map_or_else(
                    || format!("row {}", row.unwrap_or(0)),
                    |i| format!("id `{i}`"),
                );
                complain!("error: {what} is not in {}", roster.roster.display());
            }
            Outcome::Invalid
        }
    }
}

/// The explanation of one person, as printed, in the plan's language.
pub(crate) fn explain_text(plan: &Plan, p: &Audited) -> String {
    let lang = plan.lang;
    let s = &p.staff;
    let no_rule = tr!(lang, "không có trong bộ quy tắc", "no rule");
    let mut held: Vec<String> = Vec::new();
    if let Some(r) = s.rank {
        held.push(plan.subject_label(r));
    } else if !s.rank_text.is_empty() {
        held.push(format!("{} ({no_rule})", s.rank_text));
    }
    for pos in &s.positions {
        held.push(match pos.subject {
            Some(_) => pos.text.to_string(),
            None => format!("{} ({no_rule})", pos.text),
        });
    }
    let gaps = p
        .result
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Unmet)
        .count();
    let unknown = p
        .result
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Unknown)
        .count();
    let name = if s.name.is_empty() {
        tr!(lang, "(không có tên)", "(no name)")
    } else {
        printable(&s.name).into_owned()
    };
    let held = if held.is_empty() {
        tr!(lang, "(không ghi ngạch, chức vụ)", "(no rank or position)")
    } else {
        printable(&held.join(", ")).into_owned()
    };
    let (row, as_of) = (s.row, plan.as_of);
    let status = match lang {
        Lang::Vi => crate::report::html::status_text(p.result.status).get(lang),
        Lang::En => p.result.status.as_str(),
    };
    let plural = if gaps == 1 { "" } else { "s" };
    let mut text = tr!(
        lang,
        "{name} — dòng {row} — {held} — ngày đánh giá {as_of} — {status} — {gaps} tiêu chí chưa đạt, {unknown} thiếu dữ liệu\n",
        "{name} — row {row} — {held} — as of {as_of} — {status} — {gaps} gap{plural}, {unknown} unknown\n"
    );
    for f in &p.result.findings {
        let r = finding_report(plan, &p.staff, f);
        let mark = match f.verdict {
            Verdict::Met => "✓",
            Verdict::Unmet => "✗",
            Verdict::Unknown => "?",
            Verdict::Pending => "~",
            Verdict::Exempt => "○",
        };
        let actual = if r.actual.is_empty() {
            "-".into()
        } else {
            printable(&r.actual)
        };
        let required = r.required;
        let no_citation = tr!(lang, "không có căn cứ", "no citation");
        text.push_str(&format!(
            "  {mark} {:<20} {actual}  ({})  {} — {}\n",
            plan.criterion_label(f.criterion),
            tr!(lang, "yêu cầu {required}", "required {required}"),
            r.rule,
            r.source.unwrap_or(&no_citation),
        ));
        if let Some(reason) = r.reason {
            let word = match (f.verdict, lang) {
                (Verdict::Exempt, Lang::Vi) => "miễn: ",
                (Verdict::Exempt, Lang::En) => "exempt: ",
                (Verdict::Pending, Lang::Vi) => "trong thời hạn: ",
                (Verdict::Pending, Lang::En) => "pending: ",
                _ => "",
            };
            text.push_str(&format!("      {word}{}\n", printable(reason)));
        }
        if r.unverified {
            text.push_str(&tr!(
                lang,
                "      ! dựa trên quy định chưa kiểm chứng [U]\n",
                "      ! rests on an unverified rule [U]\n"
            ));
        }
        if matches!(f.verdict, Verdict::Unmet | Verdict::Pending)
            && let Some(t) = r.training
        {
            text.push_str(&tr!(
                lang,
                "      → bồi dưỡng: {t}\n",
                "      → train: {t}\n"
            ));
        }
    }
    for note in &p.staff.notes {
        text.push_str(&format!("  ! {}\n", printable(note)));
    }
    for n in crate::report::person::no_standard_of(plan, &p.staff) {
        let (title, reason) = (n.title, n.reason);
        text.push_str(&tr!(
            lang,
            "  – {title:<20} chưa có chuẩn: {reason}\n",
            "  – {title:<20} no standard: {reason}\n"
        ));
    }
    text
}
