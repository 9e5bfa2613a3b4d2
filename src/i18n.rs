//! The words reports show people, in Vietnamese (the default: the HR office's language) and in
//! English (`--lang en`, or `CHUANHOA_LANG=en`). One table: every label is a `Text`, and its
//! two translations sit side by side, so a label cannot exist in one language only. Diagnostic
//! codes and JSON keys are an interface and stay English.

/// A report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// `vi` or `en`.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// `vi` / `en` (any case, `vi-VN` and `en-GB` too); None for anything else.
    pub(crate) fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        match lower.split(['-', '_']).next() {
            Some("vi") => Some(Lang::Vi),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// `--lang` when given, else `CHUANHOA_LANG`, else Vietnamese.
    pub(crate) fn choose(flag: Option<Lang>) -> Lang {
        flag.or_else(|| {
            std::env::var("CHUANHOA_LANG")
                .ok()
                .and_then(|v| Lang::parse(&v))
        })
        .unwrap_or_default()
    }
}

/// A message in a language, with the same `{…}` arguments in both:
/// `tr!(plan.lang, "`{name}` để trống", "`{name}` is empty")`.
macro_rules! tr {
    ($lang:expr, $vi:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        match $lang {
            $crate::i18n::Lang::Vi => format!($vi $(, $arg)*),
            $crate::i18n::Lang::En => format!($en $(, $arg)*),
        }
    };
}
pub(crate) use tr;

macro_rules! texts {
    ($($(#[$doc:meta])* $key:ident => $vi:literal, $en:literal;)*) => {
        /// A label of a report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Text {
            $($(#[$doc])* $key,)*
        }

        impl Text {
            /// Every label, for the test that both languages render.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Text] = &[$(Text::$key,)*];

            /// The label in `lang`.
            pub(crate) fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Text::$key, Lang::Vi) => $vi, (Text::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    /// The title of the audit report.
    ReportTitle => "Báo cáo rà soát tiêu chuẩn cán bộ, công chức, viên chức", "Staff standards audit report";
    /// "Roster".
    Roster => "Danh sách", "Roster";
    /// The audit date.
    AsOf => "Ngày đánh giá", "Audit date";
    /// The rule set.
    Rules => "Bộ quy tắc", "Rules";
    /// The summary heading.
    Summary => "Tổng hợp", "Summary";
    /// Rows read.
    RowsRead => "Số dòng đọc được", "Rows read";
    /// Rows audited.
    Audited => "Đã đánh giá", "Audited";
    /// Status `meets`.
    Meets => "Đạt chuẩn", "Meets the standards";
    /// Status `gaps`.
    Gaps => "Chưa đạt", "Has gaps";
    /// Status `incomplete`.
    Incomplete => "Thiếu dữ liệu", "Incomplete data";
    /// Status `pending`.
    Pending => "Đang trong thời hạn", "Within a grace period";
    /// Status `unmatched`.
    Unmatched => "Không khớp ngạch, chức vụ", "No matching title";
    /// Status `no_standard`.
    NoStandard => "Chưa có chuẩn để đánh giá", "No standard to audit";
    /// Rejected rows.
    Rejected => "Dòng bị loại", "Rejected rows";
    /// The status chart.
    StatusChart => "Kết quả theo người", "Results by person";
    /// People without a unit.
    NoUnit => "(không ghi đơn vị)", "(no unit)";
    /// Ethnic group: Kinh.
    Kinh => "Dân tộc Kinh", "Kinh";
    /// Ethnic minorities.
    EthnicMinority => "Dân tộc thiểu số", "Ethnic minorities";
    /// Ethnicity not given.
    EthnicityUnknown => "Không rõ dân tộc", "Ethnicity not given";
    /// A value not given or not read.
    UnknownValue => "Không rõ / không đọc được", "Not given / not read";
    /// Charts by unit.
    ByUnit => "theo đơn vị", "by unit";
    /// Charts by ethnicity.
    ByEthnicity => "Kinh / dân tộc thiểu số", "Kinh / ethnic minorities";
    /// Targets heading.
    Targets => "Chỉ tiêu", "Targets";
    /// One target.
    Target => "Chỉ tiêu", "Target";
    /// A deadline.
    Deadline => "Hạn", "Deadline";
    /// A share.
    Share => "Tỷ lệ", "Share";
    /// A progress bar.
    Progress => "Tiến độ", "Progress";
    /// People short of a target.
    PeopleShort => "Còn thiếu (người)", "People short";
    /// People short at the deadline.
    ShortAtDeadline => "Thiếu khi đến hạn", "Short at the deadline";
    /// Training plan heading.
    TrainingPlan => "Kế hoạch bồi dưỡng, đào tạo", "Training plan";
    /// No training needed.
    NoneNeeded => "Không ai cần bồi dưỡng, đào tạo.", "Nobody needs training.";
    /// A training.
    Training => "Bồi dưỡng, đào tạo", "Training";
    /// People.
    People => "Số người", "People";
    /// Months.
    Months => "Số tháng", "Months";
    /// Retiring before the deadline.
    Retiring => "Nghỉ hưu trước hạn", "Retiring before";
    /// People with gaps heading.
    PeopleToAct => "Người chưa đạt, thiếu dữ liệu hoặc đang trong thời hạn", "People with gaps, unknowns or pending criteria";
    /// Filter box hint.
    FilterHint => "Lọc theo tên, đơn vị, tiêu chí…", "Filter by name, unit, criterion…";
    /// Row number.
    Row => "Dòng", "Row";
    /// Name.
    Name => "Họ và tên", "Name";
    /// Unit.
    Unit => "Đơn vị", "Unit";
    /// Rank and positions.
    Rank => "Ngạch, chức vụ", "Rank, positions";
    /// Status.
    Status => "Kết quả", "Status";
    /// What is missing.
    Missing => "Còn thiếu", "Missing";
    /// A title no rule names.
    NoRuleForTitle => "ngạch, chức vụ không có trong bộ quy tắc", "no rule names the title";
    /// Rejected rows heading.
    RejectedRows => "Dòng bị loại (không đánh giá)", "Rejected rows (not audited)";
    /// A column.
    Column => "Cột", "Column";
    /// A reason.
    Reason => "Lý do", "Reason";
    /// Instruments heading.
    Instruments => "Văn bản được áp dụng", "Instruments applied";
    /// "Rules in force on".
    RulesInForceOn => "Quy định có hiệu lực ngày", "Rules in force on";
    /// Tag [V].
    TagVerified => "đã đối chiếu văn bản", "article read";
    /// Tag [S].
    TagSecondary => "nguồn thứ cấp", "secondary source";
    /// Tag [U].
    TagUnverified => "chưa kiểm chứng", "not verified";
}

#[cfg(test)]
mod tests {
    use super::{Lang, Text};

    #[test]
    fn every_label_exists_in_both_languages() {
        for t in Text::ALL {
            let (vi, en) = (t.get(Lang::Vi), t.get(Lang::En));
            assert!(!vi.trim().is_empty() && !en.trim().is_empty(), "{t:?}");
            assert!(!vi.contains('\u{FFFD}'), "{t:?}");
        }
        // Vietnamese as an HR office writes it
        assert_eq!(Text::Meets.get(Lang::Vi), "Đạt chuẩn");
        assert_eq!(Text::Gaps.get(Lang::Vi), "Chưa đạt");
        assert_eq!(Text::Incomplete.get(Lang::Vi), "Thiếu dữ liệu");
        assert_eq!(Text::Pending.get(Lang::Vi), "Đang trong thời hạn");
    }

    #[test]
    fn languages_parse_from_flags_and_locales() {
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
