//! `--format html`: one self-contained page an HR office opens in a browser, files and prints —
//! no network access (inline CSS, inline SVG charts, a few lines of inline JavaScript to sort
//! and filter the table). The summary, the statuses, education and political theory by unit and
//! by Kinh / ethnic minority, the targets, the training plan, the people with gaps, the rejected
//! rows, and the instruments the findings cite. Labels in the language asked for.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::aggregate::{Summary, TrainingNeed};
use crate::audit::AuditOutput;
use crate::finding::{Status, Verdict};
use crate::i18n::{Lang, Text};
use crate::plan::Plan;
use crate::ruleset::FieldKind;
use crate::staff::Cell;
use crate::targets::TargetReport;

/// Text for HTML: `&`, `<`, `>`, `"` and `'` escaped.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Colours of the levels of a scale, lowest to highest (a level past the palette repeats the
/// last), and of the statuses.
const LEVEL_COLOURS: [&str; 8] = [
    "#b91c1c", "#ea580c", "#d97706", "#ca8a04", "#65a30d", "#16a34a", "#0d9488", "#2563eb",
];
const UNKNOWN_COLOUR: &str = "#9ca3af";

pub(crate) const STYLE: &str = r#"
body{font-family:"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0;color:#111827;background:#f9fafb}
header{background:#7f1d1d;color:#fff;padding:16px 24px}
header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;font-size:13px;opacity:.9}
main{padding:16px 24px;max-width:1200px}
section{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:17px;margin:0 0 10px;color:#7f1d1d}
.cards{display:flex;flex-wrap:wrap;gap:8px}
.card{border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px;min-width:120px}
.card b{display:block;font-size:22px}
.card span{font-size:12px;color:#4b5563}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6;cursor:pointer;user-select:none}
td.n,th.n{text-align:right}
.legend span{display:inline-block;margin:0 10px 4px 0;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
.bar{background:#e5e7eb;height:14px;border-radius:3px;position:relative;min-width:160px}
.bar div{background:#16a34a;height:14px;border-radius:3px}
.bar.short div{background:#dc2626}
input.filter{padding:6px;width:320px;max-width:100%;margin-bottom:8px;border:1px solid #d1d5db;border-radius:4px}
.muted{color:#6b7280;font-size:12px}
svg text{font-family:inherit}
@media print{
 @page{size:A4;margin:14mm}
 body{background:#fff}
 header{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 6px}
 main{padding:0;max-width:none}
 section{border:none;padding:0;margin:0 0 10px;break-inside:avoid}
 input.filter{display:none}
 th{cursor:auto}
}
"#;

pub(crate) const SCRIPT: &str = r#"
document.querySelectorAll('table.sortable').forEach(function(t){
 t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
  var rows=Array.prototype.slice.call(t.tBodies[0].rows);var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
  rows.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,y=b.cells[i].dataset.v||b.cells[i].textContent;
   var nx=parseFloat(x),ny=parseFloat(y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'vi');return asc?c:-c;});
  rows.forEach(function(r){t.tBodies[0].appendChild(r);});});});});
document.querySelectorAll('input.filter').forEach(function(f){f.addEventListener('input',function(){
 var q=f.value.toLowerCase();var t=document.getElementById(f.dataset.table);
 Array.prototype.forEach.call(t.tBodies[0].rows,function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});});
"#;

/// The page.
pub(crate) fn write_html(out: &mut dyn Write, report: &super::AuditReport<'_>) -> io::Result<()> {
    let (roster, plan, audit, s) = (&report.roster, report.plan, report.audit, &report.summary);
    let (training, targets, lang) = (&report.training, &report.targets, report.lang);
    let t = |k: Text| k.get(lang);
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>",
        lang.code(),
        escape(t(Text::ReportTitle))
    );
    let _ = write!(
        h,
        "<header><h1>{}</h1><p>{}: {} · {}: {} · {}: {}</p></header><main>",
        escape(t(Text::ReportTitle)),
        escape(t(Text::Roster)),
        escape(roster),
        escape(t(Text::AsOf)),
        plan.as_of,
        escape(t(Text::Rules)),
        escape(&plan.rules_name)
    );
    summary_section(&mut h, s, lang);
    status_chart(&mut h, s, lang);
    for field in ["education", "political_theory"] {
        level_charts(&mut h, plan, audit, field, lang);
    }
    targets_section(&mut h, targets, lang);
    training_section(&mut h, training, lang);
    people_section(&mut h, plan, audit, lang);
    rejected_section(&mut h, audit, lang);
    sources_section(&mut h, plan, audit, lang);
    let _ = write!(h, "</main><script>{SCRIPT}</script></body></html>");
    out.write_all(h.as_bytes())
}

fn summary_section(h: &mut String, s: &Summary, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"summary\"><h2>{}</h2><div class=\"cards\">",
        escape(Text::Summary.get(lang))
    );
    let cards = [
        (Text::RowsRead, s.total),
        (Text::Audited, s.audited),
        (Text::Meets, s.meeting),
        (Text::Gaps, s.with_gaps),
        (Text::Incomplete, s.incomplete),
        (Text::Pending, s.pending),
        (Text::Unmatched, s.unmatched),
        (Text::NoStandard, s.no_standard),
        (Text::Rejected, s.rejected),
    ];
    for (label, n) in cards {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{n}</b><span>{}</span></div>",
            escape(label.get(lang))
        );
    }
    h.push_str("</div></section>");
}

/// The statuses as one horizontal stacked bar with a legend.
fn status_chart(h: &mut String, s: &Summary, lang: Lang) {
    let parts = [
        (Text::Meets, s.meeting, "#16a34a"),
        (Text::Pending, s.pending, "#0d9488"),
        (Text::Incomplete, s.incomplete, "#d97706"),
        (Text::Gaps, s.with_gaps, "#dc2626"),
        (Text::NoStandard, s.no_standard, "#6b7280"),
        (Text::Unmatched, s.unmatched, "#9ca3af"),
    ];
    let total: usize = parts.iter().map(|p| p.1).sum();
    let _ = write!(
        h,
        "<section id=\"statuses\"><h2>{}</h2>",
        escape(Text::StatusChart.get(lang))
    );
    let (width, height) = (800.0, 28.0);
    let _ = write!(
        h,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {height}\" width=\"100%\" height=\"{height}\" preserveAspectRatio=\"none\">",
        escape(Text::StatusChart.get(lang))
    );
    let mut x = 0.0;
    for (label, n, colour) in parts {
        if n == 0 || total == 0 {
            continue;
        }
        let w = width * n as f64 / total as f64;
        let _ = write!(
            h,
            "<rect x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"{height}\" fill=\"{colour}\"><title>{}: {n}</title></rect>",
            escape(label.get(lang))
        );
        x += w;
    }
    h.push_str("</svg><div class=\"legend\">");
    for (label, n, colour) in parts {
        let _ = write!(
            h,
            "<span><i style=\"background:{colour}\"></i>{} ({n})</span>",
            escape(label.get(lang))
        );
    }
    h.push_str("</div></section>");
}

/// The levels of a scale field (education, political theory) by unit and by Kinh / ethnic
/// minority, as stacked bars: one row per group, one colour per level, unknown in grey.
fn level_charts(h: &mut String, plan: &Plan, audit: &AuditOutput, field_name: &str, lang: Lang) {
    let Some(field) = plan.fields.iter().position(|f| f.name == field_name) else {
        return;
    };
    let FieldKind::Scale(scale) = plan.fields[field].kind else {
        return;
    };
    if plan.slots[field].is_none() {
        return;
    }
    let levels = &plan.scales[scale].levels;
    let ethnicity = plan.fields.iter().position(|f| f.name == "ethnicity");
    let kinh = ethnicity.and_then(|e| match plan.fields[e].kind {
        FieldKind::Scale(s) => plan.scales[s].levels.iter().position(|l| l.name == "Kinh"),
        _ => None,
    });
    // group → counts per level (+1 for unknown)
    let mut by_unit: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for p in &audit.people {
        let slot = match plan.cell(&p.staff, field) {
            Some(Cell::Level { level, .. }) => *level as usize,
            _ => levels.len(),
        };
        let unit = if p.staff.unit.is_empty() {
            Text::NoUnit.get(lang).to_string()
        } else {
            p.staff.unit.to_string()
        };
        by_unit
            .entry(unit)
            .or_insert_with(|| vec![0; levels.len() + 1])[slot] += 1;
        let group = match (ethnicity.and_then(|e| plan.cell(&p.staff, e)), kinh) {
            (Some(Cell::Level { level, .. }), Some(k)) if *level as usize == k => Text::Kinh,
            (Some(Cell::Level { .. }), Some(_)) => Text::EthnicMinority,
            _ => Text::EthnicityUnknown,
        };
        by_group
            .entry(group.get(lang).to_string())
            .or_insert_with(|| vec![0; levels.len() + 1])[slot] += 1;
    }
    if audit.people.is_empty() {
        return;
    }
    let label = &plan.scales[scale].label;
    let _ = write!(
        h,
        "<section class=\"levels\" id=\"levels-{field_name}\"><h2>{}</h2>",
        escape(label)
    );
    h.push_str("<div class=\"legend\">");
    for (i, l) in levels.iter().enumerate() {
        let _ = write!(
            h,
            "<span><i style=\"background:{}\"></i>{}</span>",
            LEVEL_COLOURS[i.min(LEVEL_COLOURS.len() - 1)],
            escape(&l.name)
        );
    }
    let _ = write!(
        h,
        "<span><i style=\"background:{UNKNOWN_COLOUR}\"></i>{}</span></div>",
        escape(Text::UnknownValue.get(lang))
    );
    for (title, groups) in [(Text::ByUnit, &by_unit), (Text::ByEthnicity, &by_group)] {
        let _ = write!(
            h,
            "<p class=\"muted\">{} — {}</p>",
            escape(label),
            escape(title.get(lang))
        );
        stacked_bars(
            h,
            groups,
            levels.len(),
            &format!("{label} — {}", title.get(lang)),
        );
    }
    h.push_str("</section>");
}

/// One SVG: a labelled 100% bar per group.
fn stacked_bars(h: &mut String, groups: &BTreeMap<String, Vec<usize>>, levels: usize, title: &str) {
    let row = 22.0;
    let label_w = 260.0;
    let bar_w = 520.0;
    let height = row * groups.len() as f64 + 4.0;
    let _ = write!(
        h,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {height}\" width=\"100%\">",
        escape(title),
        label_w + bar_w + 60.0
    );
    for (i, (name, counts)) in groups.iter().enumerate() {
        let y = i as f64 * row + 2.0;
        let total: usize = counts.iter().sum();
        let shown: String = name.chars().take(40).collect();
        let _ = write!(
            h,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12\">{}</text>",
            y + 14.0,
            escape(&shown)
        );
        let mut x = label_w;
        for (level, &n) in counts.iter().enumerate() {
            if n == 0 || total == 0 {
                continue;
            }
            let w = bar_w * n as f64 / total as f64;
            let colour = if level == levels {
                UNKNOWN_COLOUR
            } else {
                LEVEL_COLOURS[level.min(LEVEL_COLOURS.len() - 1)]
            };
            let _ = write!(
                h,
                "<rect x=\"{x:.2}\" y=\"{y:.1}\" width=\"{w:.2}\" height=\"{:.1}\" fill=\"{colour}\"><title>{}: {n}</title></rect>",
                row - 6.0,
                escape(name)
            );
            x += w;
        }
        let _ = write!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{total}</text>",
            label_w + bar_w + 6.0,
            y + 14.0
        );
    }
    h.push_str("</svg>");
}

fn targets_section(h: &mut String, targets: &[TargetReport], lang: Lang) {
    if targets.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"targets\"><h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        escape(Text::Targets.get(lang)),
        escape(Text::Target.get(lang)),
        escape(Text::Deadline.get(lang)),
        escape(Text::Share.get(lang)),
        escape(Text::Progress.get(lang)),
        escape(Text::PeopleShort.get(lang)),
        escape(Text::ShortAtDeadline.get(lang)),
    );
    for target in targets {
        for c in &target.clauses {
            let share = c.share.unwrap_or(c.share_range[0]);
            let short = if c.people_short > 0 { " short" } else { "" };
            let _ = write!(
                h,
                "<tr><td>{}<br><span class=\"muted\">{}</span></td><td>{}</td><td class=\"n\">{share:.1}%</td><td><div class=\"bar{short}\" title=\"{share:.1}%\"><div style=\"width:{:.1}%\"></div></div><span class=\"muted\">{} / {}</span></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&target.label),
                escape(&c.clause),
                escape(&target.by),
                share.clamp(0.0, 100.0),
                c.meeting,
                c.population,
                c.people_short,
                c.at_deadline.people_short
            );
        }
    }
    h.push_str("</tbody></table></section>");
}

fn training_section(h: &mut String, training: &[TrainingNeed], lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"training\"><h2>{}</h2>",
        escape(Text::TrainingPlan.get(lang))
    );
    if training.is_empty() {
        let _ = write!(
            h,
            "<p class=\"muted\">{}</p></section>",
            escape(Text::NoneNeeded.get(lang))
        );
        return;
    }
    let _ = write!(
        h,
        "<table><thead><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
        escape(Text::Training.get(lang)),
        escape(Text::People.get(lang)),
        escape(Text::Months.get(lang)),
        escape(Text::Deadline.get(lang)),
        escape(Text::Retiring.get(lang)),
    );
    for t in training {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&t.training),
            t.people,
            t.months.map(|m| m.to_string()).unwrap_or_default(),
            escape(&t.deadline),
            t.retiring_count
        );
    }
    h.push_str("</tbody></table></section>");
}

/// People with gaps, unknowns or pending criteria: what is missing and which training.
fn people_section(h: &mut String, plan: &Plan, audit: &AuditOutput, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"people\"><h2>{}</h2><input class=\"filter\" data-table=\"people-table\" placeholder=\"{}\" aria-label=\"{}\"><table id=\"people-table\" class=\"sortable\"><thead><tr><th class=\"n\">{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(Text::PeopleToAct.get(lang)),
        escape(Text::FilterHint.get(lang)),
        escape(Text::FilterHint.get(lang)),
        escape(Text::Row.get(lang)),
        escape(Text::Name.get(lang)),
        escape(Text::Unit.get(lang)),
        escape(Text::Rank.get(lang)),
        escape(Text::Status.get(lang)),
        escape(Text::Missing.get(lang)),
        escape(Text::Training.get(lang)),
    );
    for p in &audit.people {
        if matches!(p.result.status, Status::Meets | Status::NoStandard) {
            continue;
        }
        let mut missing = Vec::new();
        let mut trainings: Vec<&str> = Vec::new();
        for f in &p.result.findings {
            let c = &plan.criteria[f.criterion as usize];
            let mark = match f.verdict {
                Verdict::Unmet => "✗",
                Verdict::Unknown => "?",
                Verdict::Pending => "…",
                Verdict::Met | Verdict::Exempt => continue,
            };
            missing.push(format!("{mark} {}", plan.criterion_label(f.criterion)));
            if f.verdict == Verdict::Unmet
                && let Some(tr) = c.training
            {
                let title = plan.trainings[tr].title.as_str();
                if !trainings.contains(&title) {
                    trainings.push(title);
                }
            }
        }
        if p.result.status == Status::Unmatched {
            missing.push(Text::NoRuleForTitle.get(lang).to_string());
        }
        let positions: Vec<&str> = p.staff.positions.iter().map(|x| &*x.text).collect();
        let rank = if positions.is_empty() {
            p.staff.rank_text.to_string()
        } else {
            format!("{}; {}", p.staff.rank_text, positions.join("; "))
        };
        let _ = write!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            p.staff.row,
            escape(&p.staff.name),
            escape(&p.staff.unit),
            escape(&rank),
            escape(status_text(p.result.status).get(lang)),
            escape(&missing.join("; ")),
            escape(&trainings.join("; "))
        );
    }
    h.push_str("</tbody></table></section>");
}

/// The label of a status.
pub(crate) fn status_text(s: Status) -> Text {
    match s {
        Status::Meets => Text::Meets,
        Status::Gaps => Text::Gaps,
        Status::Incomplete => Text::Incomplete,
        Status::Pending => Text::Pending,
        Status::Unmatched => Text::Unmatched,
        Status::NoStandard => Text::NoStandard,
    }
}

fn rejected_section(h: &mut String, audit: &AuditOutput, lang: Lang) {
    if audit.rejected.is_empty() {
        return;
    }
    let _ = write!(
        h,
        "<section id=\"rejected\"><h2>{}</h2><table><thead><tr><th class=\"n\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(Text::RejectedRows.get(lang)),
        escape(Text::Row.get(lang)),
        escape(Text::Column.get(lang)),
        escape(Text::Reason.get(lang)),
    );
    for r in &audit.rejected {
        let _ = write!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            r.row,
            escape(r.column.as_deref().unwrap_or("")),
            escape(&r.reason)
        );
    }
    h.push_str("</tbody></table></section>");
}

/// Every citation a finding of this roster rests on, with how many findings cite it.
fn sources_section(h: &mut String, plan: &Plan, audit: &AuditOutput, lang: Lang) {
    let mut cited: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &audit.people {
        for f in &p.result.findings {
            if let Some(s) = plan.criteria[f.criterion as usize].source.as_deref() {
                *cited.entry(s).or_default() += 1;
            }
        }
    }
    let _ = write!(
        h,
        "<section id=\"sources\"><h2>{}</h2><p class=\"muted\">{} {} · [V] {} · [S] {} · [U] {}</p><ul>",
        escape(Text::Instruments.get(lang)),
        escape(Text::RulesInForceOn.get(lang)),
        plan.as_of,
        escape(Text::TagVerified.get(lang)),
        escape(Text::TagSecondary.get(lang)),
        escape(Text::TagUnverified.get(lang)),
    );
    for (source, n) in cited {
        let _ = write!(
            h,
            "<li>{} <span class=\"muted\">({n})</span></li>",
            escape(source)
        );
    }
    h.push_str("</ul></section>");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<b>\"Lê\" & 'Trần'</b>"),
            "&lt;b&gt;&quot;Lê&quot; &amp; &#39;Trần&#39;&lt;/b&gt;"
        );
    }
}
