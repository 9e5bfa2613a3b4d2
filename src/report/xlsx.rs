//! `--format xlsx`: a workbook an HR office can file and filter. Five sheets with Vietnamese
//! labels: the summary, the detail (one row per person per gap, unknown or pending criterion),
//! the training plan by training and unit, the rejected rows, and the values a column holds
//! that could not be read. Header rows frozen, filters on,
//! widths set. Built in memory (rust_xlsxwriter) and written atomically by the caller.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::aggregate::{ListedPerson, Summary, TrainingNeed, trainings_needed};
use crate::audit::{AuditOutput, Audited};
use crate::finding::Verdict;
use crate::i18n::{Lang, tr};
use crate::plan::Plan;
use crate::report::person::finding_report;

/// A label in the report's language.
pub(crate) fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

/// Rows a sheet can hold (Excel's limit), header included.
const MAX_ROWS: u32 = 1_048_576;

/// Detail rows from which a workbook is zipped at deflate level 2 instead of the default 6:
/// saving is most of the time of a large streamed workbook, and on 1,000,000 people level 2
/// took 5.0 s instead of 8.1 s for a file of 63 MB instead of 50 MB (levels 1 and 3: 4.9 s and
/// 83 MB, 5.5 s and 58 MB). Smaller workbooks keep the smaller file.
const FAST_ZIP_ROWS: u32 = 100_000;

/// The workbook as bytes (the in-memory report: `serve`, and the library).
pub fn workbook_bytes(report: &super::AuditReport<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = XlsxStream::begin(false, report.lang)?;
    for p in &report.audit.people {
        book.person(report.plan, p)?;
    }
    book.finish(report)?;
    book.wb.save_to_buffer()
}

/// A workbook filled as the audit goes: the detail sheet gets each person's rows as they come
/// (in rust_xlsxwriter's constant-memory mode when streaming, rows flushed to a temporary file),
/// the other sheets are written from the counts at the end, the summary sheet first in the
/// workbook but filled last.
pub(crate) struct XlsxStream {
    wb: Workbook,
    /// The long sheets (detail, training plan, rejected rows) go through temporary files.
    constant_memory: bool,
    bold: Format,
    lang: Lang,
    detail_row: u32,
    left_out: usize,
    /// Every person who needs a training (group: the training × 2), kept through a temporary
    /// file when streaming.
    training_rows: crate::spool::GroupedSpool<ListedPerson>,
    unreadable: crate::aggregate::UnreadableTally,
}

impl XlsxStream {
    /// A workbook with its summary sheet (filled at the end) and the detail sheet's header;
    /// `constant_memory` writes the long sheets through temporary files.
    pub(crate) fn begin(constant_memory: bool, lang: Lang) -> Result<Self, XlsxError> {
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        wb.add_worksheet()
            .set_name(pick(lang, "Tổng hợp", "Summary"))?;
        let ws = if constant_memory {
            wb.add_worksheet_with_constant_memory()?
        } else {
            wb.add_worksheet()
        };
        detail_header(ws, &bold, lang)?;
        Ok(XlsxStream {
            wb,
            constant_memory,
            bold,
            lang,
            detail_row: 1,
            left_out: 0,
            training_rows: match constant_memory {
                true => crate::spool::GroupedSpool::on_disk(),
                false => crate::spool::GroupedSpool::in_memory(),
            },
            unreadable: crate::aggregate::UnreadableTally::default(),
        })
    }

    /// One person's rows of the detail sheet; their trainings and unreadable values noted.
    pub(crate) fn person(&mut self, plan: &Plan, p: &Audited) -> Result<(), XlsxError> {
        let ws = self.wb.worksheet_from_index(1)?;
        detail_rows(
            ws,
            self.lang,
            &mut self.detail_row,
            &mut self.left_out,
            plan,
            p,
        )?;
        for t in trainings_needed(plan, p) {
            self.training_rows.push(ListedPerson {
                group: t as u32 * 2,
                unit: p.staff.unit.to_string(),
                row: p.staff.row,
                id: p.staff.id.to_string(),
                name: p.staff.name.to_string(),
                deadline: plan.as_of,
                to_confirm: None,
            });
        }
        self.unreadable.add(plan, p);
        Ok(())
    }

    /// The other sheets, from the report's counts.
    pub(crate) fn finish(&mut self, report: &super::AuditReport<'_>) -> Result<(), XlsxError> {
        let (plan, audit) = (report.plan, report.audit);
        let bold = self.bold.clone();
        let ws = self.wb.worksheet_from_index(1)?;
        detail_footer(ws, self.lang, self.detail_row, self.left_out)?;
        summary_sheet(
            self.wb.worksheet_from_index(0)?,
            &bold,
            self.lang,
            plan,
            &report.summary,
            &report.training,
        )?;
        let rows = std::mem::replace(
            &mut self.training_rows,
            crate::spool::GroupedSpool::in_memory(),
        )
        .finish();
        let lang = self.lang;
        training_sheet(self.long_sheet()?, &bold, lang, plan, &rows)?;
        rejected_sheet(self.long_sheet()?, &bold, lang, audit)?;
        let values = std::mem::take(&mut self.unreadable).finish(plan, &audit.columns);
        values_sheet(self.wb.add_worksheet(), &bold, self.lang, &values)?;
        if !report.targets.is_empty() {
            targets_sheet(self.wb.add_worksheet(), &bold, self.lang, &report.targets)?;
        }
        if self.detail_row >= FAST_ZIP_ROWS {
            self.wb.set_zip_compression_level(2);
        }
        Ok(())
    }

    /// A new sheet that may hold a row per person: through a temporary file when streaming,
    /// so that its cells are not kept until the workbook is saved.
    fn long_sheet(&mut self) -> Result<&mut Worksheet, XlsxError> {
        if self.constant_memory {
            self.wb.add_worksheet_with_constant_memory()
        } else {
            Ok(self.wb.add_worksheet())
        }
    }

    /// Writes the workbook to a file.
    pub(crate) fn save(&mut self, path: &std::path::Path) -> Result<(), XlsxError> {
        self.wb.save(path)
    }
}

/// The targets, one row per clause: now and at the deadline.
fn targets_sheet(
    ws: &mut Worksheet,
    bold: &Format,
    lang: Lang,
    targets: &[crate::targets::TargetReport],
) -> Result<(), XlsxError> {
    ws.set_name(pick(lang, "Chỉ tiêu", "Target"))?;
    let titles = [
        (pick(lang, "Chỉ tiêu", "Target"), 40.0),
        (pick(lang, "Hạn", "Deadline"), 12.0),
        (pick(lang, "Điều kiện", "Condition"), 60.0),
        (pick(lang, "Đối tượng", "Population"), 10.0),
        (pick(lang, "Đạt", "Meeting"), 8.0),
        (pick(lang, "Chưa rõ", "Unknown"), 8.0),
        (pick(lang, "Tỷ lệ (%)", "Share (%)"), 10.0),
        (pick(lang, "Còn thiếu (người)", "People short"), 12.0),
        (
            pick(lang, "Đến hạn: đối tượng", "At deadline: population"),
            12.0,
        ),
        (
            pick(
                lang,
                "Đến hạn: nghỉ hưu trước",
                "At deadline: retiring before",
            ),
            12.0,
        ),
        (
            pick(lang, "Đến hạn: còn thiếu", "At deadline: people short"),
            12.0,
        ),
        (pick(lang, "Căn cứ", "Source"), 50.0),
    ];
    header(ws, bold, &titles)?;
    let mut r = 1;
    for t in targets {
        for c in &t.clauses {
            ws.write_string(r, 0, &t.label)?;
            ws.write_string(r, 1, &t.by)?;
            ws.write_string(r, 2, &c.clause)?;
            ws.write_number(r, 3, c.population as f64)?;
            ws.write_number(r, 4, c.meeting as f64)?;
            ws.write_number(r, 5, c.unknown as f64)?;
            ws.write_number(r, 6, c.share.unwrap_or(c.share_range[0]))?;
            ws.write_number(r, 7, c.people_short as f64)?;
            ws.write_number(r, 8, c.at_deadline.population as f64)?;
            ws.write_number(r, 9, c.at_deadline.retiring as f64)?;
            ws.write_number(r, 10, c.at_deadline.people_short as f64)?;
            ws.write_string(r, 11, t.source.as_deref().unwrap_or(""))?;
            r += 1;
        }
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), titles.len() as u16 - 1)?;
    Ok(())
}

/// Values a column holds that could not be read, with counts: fixed once for the whole column.
fn values_sheet(
    ws: &mut Worksheet,
    bold: &Format,
    lang: Lang,
    values: &[crate::aggregate::UnreadableValue],
) -> Result<(), XlsxError> {
    ws.set_name(pick(lang, "Giá trị không đọc được", "Unreadable values"))?;
    let titles = [
        (pick(lang, "Cột", "Column"), 28.0),
        (pick(lang, "Trường", "Field"), 20.0),
        (pick(lang, "Giá trị", "Value"), 28.0),
        (pick(lang, "Số người", "People"), 10.0),
        (pick(lang, "Vì sao / gợi ý", "Why / suggestion"), 80.0),
    ];
    header(ws, bold, &titles)?;
    for (i, v) in values.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &v.column)?;
        ws.write_string(r, 1, &v.field)?;
        ws.write_string(r, 2, &v.value)?;
        ws.write_number(r, 3, v.count as f64)?;
        ws.write_string(r, 4, &v.problem)?;
    }
    ws.autofilter(0, 0, (values.len() as u32).max(1), titles.len() as u16 - 1)?;
    Ok(())
}

/// Bold titles in row 0 with their column widths, frozen below.
pub(crate) fn header(
    ws: &mut Worksheet,
    bold: &Format,
    titles: &[(&str, f64)],
) -> Result<(), XlsxError> {
    for (col, (title, width)) in titles.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *title, bold)?;
        ws.set_column_width(col as u16, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn summary_sheet(
    ws: &mut Worksheet,
    bold: &Format,
    lang: Lang,
    plan: &Plan,
    s: &Summary,
    training: &[TrainingNeed],
) -> Result<(), XlsxError> {
    ws.set_name(pick(lang, "Tổng hợp", "Summary"))?;
    header(
        ws,
        bold,
        &[
            (pick(lang, "Chỉ tiêu", "Target"), 44.0),
            (pick(lang, "Số lượng", "Count"), 14.0),
        ],
    )?;
    let rows: [(&str, String); 12] = [
        (
            pick(lang, "Ngày đánh giá", "Audit date"),
            plan.as_of.to_string(),
        ),
        (pick(lang, "Bộ quy tắc", "Rules"), plan.rules_name.clone()),
        (
            pick(lang, "Tổng số dòng đọc được", "Rows read"),
            s.total.to_string(),
        ),
        (pick(lang, "Đã đánh giá", "Audited"), s.audited.to_string()),
        (
            pick(
                lang,
                "Bị loại (xem trang Dòng bị loại)",
                "Rejected (see the sheet Rejected rows)",
            ),
            s.rejected.to_string(),
        ),
        (
            pick(lang, "Đạt chuẩn", "Meeting the standards"),
            s.meeting.to_string(),
        ),
        (
            pick(lang, "Chưa đạt chuẩn", "With gaps"),
            s.with_gaps.to_string(),
        ),
        (
            pick(lang, "Thiếu dữ liệu để kết luận", "Incomplete data"),
            s.incomplete.to_string(),
        ),
        (
            pick(lang, "Trong thời hạn chuẩn hóa", "Within a grace period"),
            s.pending.to_string(),
        ),
        (
            pick(lang, "Không khớp ngạch, chức vụ nào", "No matching title"),
            s.unmatched.to_string(),
        ),
        (
            pick(
                lang,
                "Không có chuẩn để đánh giá (không có chuẩn chung, hết hiệu lực chưa có thay thế)",
                "No standard to audit (none declared, or ended without a successor)",
            ),
            s.no_standard.to_string(),
        ),
        (
            pick(lang, "Ghi chú", "Note"),
            pick(
                lang,
                "mỗi dòng của danh sách được đánh giá hoặc bị loại",
                "every row of the roster is audited or rejected",
            )
            .to_string(),
        ),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *label)?;
        match value.parse::<f64>() {
            Ok(n) if (2..11).contains(&i) => ws.write_number(r, 1, n)?,
            _ => ws.write_string(r, 1, value)?,
        };
    }
    let mut r = rows.len() as u32 + 2;
    ws.write_string_with_format(
        r,
        0,
        pick(
            lang,
            "Số người chưa đạt theo tiêu chí",
            "People with a gap, by criterion",
        ),
        bold,
    )?;
    r += 1;
    for (name, n) in &s.by_criterion {
        ws.write_string(r, 0, name)?;
        ws.write_number(r, 1, *n as f64)?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(
        r,
        0,
        pick(
            lang,
            "Nhu cầu bồi dưỡng (số người)",
            "Training needs (people)",
        ),
        bold,
    )?;
    r += 1;
    for t in training {
        ws.write_string(r, 0, &t.training)?;
        ws.write_number(r, 1, t.people as f64)?;
        r += 1;
    }
    Ok(())
}

fn unit_of(p: &Audited) -> String {
    p.staff.unit.to_string()
}

fn detail_header(ws: &mut Worksheet, bold: &Format, lang: Lang) -> Result<(), XlsxError> {
    ws.set_name(pick(lang, "Chi tiết", "Detail"))?;
    let titles = [
        (pick(lang, "Dòng", "Row"), 7.0),
        (pick(lang, "Mã cán bộ", "Id"), 12.0),
        (pick(lang, "Họ và tên", "Name"), 24.0),
        (pick(lang, "Đơn vị", "Unit"), 28.0),
        (pick(lang, "Ngạch", "Rank"), 22.0),
        (pick(lang, "Chức vụ", "Positions"), 22.0),
        (pick(lang, "Tiêu chí", "Criterion"), 20.0),
        (pick(lang, "Áp dụng theo", "Rule"), 26.0),
        (pick(lang, "Kết quả", "Result"), 12.0),
        (pick(lang, "Yêu cầu", "Required"), 30.0),
        (pick(lang, "Hiện có", "Actual"), 30.0),
        (pick(lang, "Căn cứ", "Source"), 44.0),
        (pick(lang, "Chưa kiểm chứng", "Unverified"), 10.0),
        (pick(lang, "Bồi dưỡng", "Training"), 40.0),
        (pick(lang, "Lý do / thời hạn", "Reason / deadline"), 50.0),
    ];
    header(ws, bold, &titles)
}

/// One person's rows of the detail sheet: a row per unmet, unknown or pending criterion and
/// per title without a standard.
fn detail_rows(
    ws: &mut Worksheet,
    lang: Lang,
    row: &mut u32,
    left_out: &mut usize,
    plan: &Plan,
    p: &Audited,
) -> Result<(), XlsxError> {
    let mut r = *row;
    let positions = p
        .staff
        .positions
        .iter()
        .map(|h| &*h.text)
        .collect::<Vec<_>>()
        .join("; ");
    let unit = unit_of(p);
    for f in p.result.findings.iter().filter(|f| {
        matches!(
            f.verdict,
            Verdict::Unmet | Verdict::Unknown | Verdict::Pending
        )
    }) {
        if r >= MAX_ROWS - 1 {
            *left_out += 1;
            continue;
        }
        let fr = finding_report(plan, &p.staff, f);
        let result = match f.verdict {
            Verdict::Unmet => pick(lang, "chưa đạt", "unmet"),
            Verdict::Unknown => pick(lang, "thiếu dữ liệu", "unknown"),
            _ => pick(lang, "trong thời hạn", "pending"),
        };
        let why = match (&fr.deadline, fr.reason) {
            (Some(d), Some(reason)) => tr!(lang, "{reason} (hạn {d})", "{reason} (due by {d})"),
            (_, Some(reason)) => reason.to_string(),
            (Some(d), None) => tr!(lang, "hạn {d}", "due by {d}"),
            (None, None) => String::new(),
        };
        ws.write_number(r, 0, p.staff.row as f64)?;
        ws.write_string(r, 1, &*p.staff.id)?;
        ws.write_string(r, 2, &*p.staff.name)?;
        ws.write_string(r, 3, &unit)?;
        ws.write_string(r, 4, &*p.staff.rank_text)?;
        ws.write_string(r, 5, &positions)?;
        ws.write_string(r, 6, fr.criterion)?;
        ws.write_string(r, 7, fr.rule)?;
        ws.write_string(r, 8, result)?;
        ws.write_string(r, 9, fr.required)?;
        ws.write_string(r, 10, &fr.actual)?;
        ws.write_string(r, 11, fr.source.unwrap_or(""))?;
        ws.write_string(r, 12, if fr.unverified { "[U]" } else { "" })?;
        ws.write_string(r, 13, fr.training.unwrap_or(""))?;
        ws.write_string(r, 14, &why)?;
        r += 1;
    }
    for n in crate::report::person::no_standard_of(plan, &p.staff) {
        if r >= MAX_ROWS - 1 {
            *left_out += 1;
            continue;
        }
        ws.write_number(r, 0, p.staff.row as f64)?;
        ws.write_string(r, 1, &*p.staff.id)?;
        ws.write_string(r, 2, &*p.staff.name)?;
        ws.write_string(r, 3, &unit)?;
        ws.write_string(r, 4, &*p.staff.rank_text)?;
        ws.write_string(r, 5, &positions)?;
        ws.write_string(r, 7, n.title)?;
        ws.write_string(r, 8, pick(lang, "không có chuẩn", "no standard"))?;
        ws.write_string(r, 14, n.reason)?;
        r += 1;
    }

    *row = r;
    Ok(())
}

/// The line saying how many rows did not fit, and the filter over the rows written.
fn detail_footer(ws: &mut Worksheet, lang: Lang, r: u32, left_out: usize) -> Result<(), XlsxError> {
    if left_out > 0 {
        ws.write_string(
            r,
            0,
            tr!(
                lang,
                "… còn {left_out} dòng không chứa hết trong một trang tính; dùng --format csv",
                "… {left_out} more rows do not fit in one sheet; use --format csv"
            ),
        )?;
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), 14)?;
    Ok(())
}

/// The training plan, one row per person and training (sorted by training, then unit, then
/// roster row): filterable, and no cell ever holds a list that could pass Excel's 32,767
/// characters.
fn training_sheet(
    ws: &mut Worksheet,
    bold: &Format,
    lang: Lang,
    plan: &Plan,
    rows: &crate::spool::SortedSpool<ListedPerson>,
) -> Result<(), XlsxError> {
    ws.set_name(pick(lang, "Kế hoạch bồi dưỡng", "Training plan"))?;
    let titles = [
        (pick(lang, "Khóa đào tạo, bồi dưỡng", "Training"), 50.0),
        (pick(lang, "Thời gian (tháng)", "Months"), 10.0),
        (pick(lang, "Đơn vị", "Unit"), 30.0),
        (pick(lang, "Dòng", "Row"), 8.0),
        (pick(lang, "Mã cán bộ", "Id"), 12.0),
        (pick(lang, "Họ và tên", "Name"), 28.0),
    ];
    header(ws, bold, &titles)?;
    let mut r = 1;
    // by training, then unit, then row
    for (t, training) in plan.trainings.iter().enumerate() {
        let people = rows.group(t as u32 * 2).map_err(XlsxError::IoError)?;
        for person in people {
            if r >= MAX_ROWS {
                break;
            }
            let person = person.map_err(XlsxError::IoError)?;
            ws.write_string(r, 0, &training.title)?;
            if let Some(m) = training.months {
                ws.write_number(r, 1, m)?;
            }
            ws.write_string(r, 2, crate::report::spreadsheet_safe(&person.unit))?;
            ws.write_number(r, 3, person.row as f64)?;
            ws.write_string(r, 4, crate::report::spreadsheet_safe(&person.id))?;
            ws.write_string(r, 5, crate::report::spreadsheet_safe(&person.name))?;
            r += 1;
        }
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), titles.len() as u16 - 1)?;
    Ok(())
}

fn rejected_sheet(
    ws: &mut Worksheet,
    bold: &Format,
    lang: Lang,
    audit: &AuditOutput,
) -> Result<(), XlsxError> {
    ws.set_name(pick(lang, "Dòng bị loại", "Rejected rows"))?;
    let titles = [
        (pick(lang, "Dòng", "Row"), 8.0),
        (pick(lang, "Cột", "Column"), 16.0),
        (pick(lang, "Lý do", "Reason"), 90.0),
    ];
    header(ws, bold, &titles)?;
    let mut r = 1;
    for e in &audit.rejected {
        ws.write_number(r, 0, e.row as f64)?;
        ws.write_string(r, 1, e.column.as_deref().unwrap_or(""))?;
        ws.write_string(r, 2, &e.reason)?;
        r += 1;
    }
    ws.autofilter(0, 0, r.saturating_sub(1).max(1), titles.len() as u16 - 1)?;
    Ok(())
}
