//! The normalisation catalogue: real-world spellings of levels (regulations.md §6.2,
//! hr-ecosystem.md §3) and what each must become — a canonical level, or an unknown value with
//! a clear message. One table, read top to bottom; add a line when a roster shows a new spelling.

use chuanhoa::date::Date;
use chuanhoa::plan::Plan;
use chuanhoa::roster::normalize::parse_cell;
use chuanhoa::staff::Cell;

use crate::common::builtin_rules;

/// (field, as written in a roster, the level it must be — or `?` and words the message must hold)
const CATALOGUE: &[(&str, &str, &str)] = &[
    // education
    ("education", "Tiến sĩ", "Tiến sĩ"),
    ("education", "tiến sỹ", "Tiến sĩ"),
    ("education", "TS", "Tiến sĩ"),
    ("education", "T.S", "Tiến sĩ"),
    ("education", "TSKH", "Tiến sĩ"),
    ("education", "BS CKII", "Tiến sĩ"),
    ("education", "Thạc sỹ", "Thạc sĩ"),
    ("education", "thạc sĩ", "Thạc sĩ"),
    ("education", "Th.S", "Thạc sĩ"),
    ("education", "ThS", "Thạc sĩ"),
    ("education", "Ths", "Thạc sĩ"),
    ("education", "Cao học", "Thạc sĩ"),
    ("education", "BSCKI", "Thạc sĩ"),
    ("education", "Th\u{1ea1}c s\u{129}", "Thạc sĩ"),
    ("education", "Tha\u{323}c si\u{303}", "Thạc sĩ"), // NFD: tone marks as combining characters
    ("education", "Đại học", "Đại học"),
    ("education", "đại học.", "Đại học"),
    ("education", "ĐH", "Đại học"),
    ("education", "ĐHSP", "Đại học"),
    ("education", "CN", "Đại học"),
    ("education", "Cử nhân", "Đại học"),
    ("education", "Kỹ sư", "Đại học"),
    ("education", "Kĩ sư", "Đại học"),
    ("education", "KS", "Đại học"),
    ("education", "Bác sỹ", "Đại học"),
    ("education", "  Đại\u{a0}học  ", "Đại học"), // non-breaking and outer spaces
    ("education", "ĐẠI HỌC", "Đại học"),
    ("education", "Cao đẳng", "Cao đẳng"),
    ("education", "CĐ", "Cao đẳng"),
    ("education", "CĐSP", "Cao đẳng"),
    ("education", "Cao đẳng sư phạm", "Cao đẳng"),
    ("education", "Trung cấp", "Trung cấp"),
    ("education", "TC", "Trung cấp"),
    ("education", "THCN", "Trung cấp"),
    ("education", "TCCN", "Trung cấp"),
    ("education", "Trung học chuyên nghiệp", "Trung cấp"),
    ("education", "Sơ cấp", "Sơ cấp"),
    ("education", "Đai học", "? did you mean `Đại học`"),
    ("education", "Trên ĐH", "? not a level of `education`"),
    // political theory
    ("political_theory", "Cao cấp", "Cao cấp"),
    ("political_theory", "CC LLCT", "Cao cấp"),
    ("political_theory", "Cao cấp lý luận chính trị", "Cao cấp"),
    ("political_theory", "Cao cấp chính trị", "Cao cấp"),
    ("political_theory", "CCCT", "Cao cấp"),
    (
        "political_theory",
        "Cao cấp LLCT - HC",
        "Cao cấp LLCT - hành chính",
    ),
    (
        "political_theory",
        "Cao cấp LLCT-HC",
        "Cao cấp LLCT - hành chính",
    ),
    (
        "political_theory",
        "cao cấp lý luận chính trị - hành chính",
        "Cao cấp LLCT - hành chính",
    ),
    ("political_theory", "Cử nhân chính trị", "Cử nhân chính trị"),
    ("political_theory", "CNCT", "Cử nhân chính trị"),
    (
        "political_theory",
        "Cử nhân Chính trị chuyên ngành Tổ chức",
        "Cử nhân chính trị",
    ),
    (
        "political_theory",
        "Cử nhân chính trị học",
        "Cử nhân chính trị học",
    ),
    ("political_theory", "TC LLCT", "Trung cấp"),
    ("political_theory", "TCCT", "Trung cấp"),
    ("political_theory", "Trung cấp chính trị", "Trung cấp"),
    ("political_theory", "TC LLCT-HC", "Trung cấp"),
    ("political_theory", "TĐ TC LLCT", "Trung cấp"),
    ("political_theory", "SC LLCT", "Sơ cấp"),
    ("political_theory", "Sơ cấp lý luận chính trị", "Sơ cấp"),
    (
        "political_theory",
        "TC LLCT-HCC",
        "? did you mean `TC LLCT-HC` (Trung cấp)",
    ),
    // state management
    ("state_management", "QLNN CV", "Chuyên viên"),
    ("state_management", "QLNN\u{a0}CV.", "Chuyên viên"),
    ("state_management", "Ngạch CV", "Chuyên viên"),
    ("state_management", "CVC", "Chuyên viên chính"),
    ("state_management", "QLNN CVC", "Chuyên viên chính"),
    ("state_management", "QLNN CVCC", "Chuyên viên cao cấp"),
    (
        "state_management",
        "Chuyên viên cao cấp",
        "Chuyên viên cao cấp",
    ),
    ("state_management", "Chưa", "Chưa qua đào tạo"),
    // IT and languages
    ("it_skill", "Chứng chỉ B", "Cơ bản"),
    ("it_skill", "Tin học A", "Cơ bản"),
    ("it_skill", "chứng chỉ tin học văn phòng B", "Cơ bản"),
    ("it_skill", "UDCNTT CB", "Cơ bản"),
    ("it_skill", "Ứng dụng CNTT cơ bản", "Cơ bản"),
    ("it_skill", "IC3", "Cơ bản"),
    ("foreign_language", "B1", "Bậc 3"),
    ("foreign_language", "Bậc 3 (B1)", "Bậc 3"),
    ("foreign_language", "Anh B", "Bậc 2"),
    ("foreign_language", "Tiếng Anh A2", "Bậc 2"),
    ("foreign_language", "bậc 4 (B2)", "Bậc 4"),
    // general education, sex, area
    ("general_education", "12/12", "THPT"),
    ("general_education", "10/10", "THPT"),
    ("general_education", "9/12", "THCS"),
    ("gender", "Nữ", "Nữ"),
    ("gender", "NỮ", "Nữ"),
    ("gender", "nam", "Nam"),
    ("commune_area", "ĐBKK", "Đặc biệt khó khăn"),
    ("commune_area", "Vùng sâu vùng xa", "Vùng sâu, vùng xa"),
    // ethnic groups: names, other names, local groups
    ("ethnicity", "Kinh", "Kinh"),
    ("ethnicity", "Việt", "Kinh"),
    ("ethnicity", "Ca Dong", "Xơ-đăng"),
    ("ethnicity", "Xơ Đăng", "Xơ-đăng"),
    ("ethnicity", "Cor", "Co"),
    ("ethnicity", "Bahnar", "Ba-na"),
    ("ethnicity", "Ba Na", "Ba-na"),
    ("ethnicity", "H'Mông", "Hmông"),
    ("ethnicity", "Mèo", "Hmông"),
    ("ethnicity", "Ê Đê", "Ê-đê"),
    ("ethnicity", "Êđê", "Ê-đê"),
    ("ethnicity", "Khmer", "Khơ-me"),
    ("ethnicity", "Hrê", "Hrê"),
    ("ethnicity", "H're", "Hrê"),
    ("ethnicity", "Cao Lan", "Sán Chay"),
    ("ethnicity", "Pa Cô", "Ta-ôi"),
    ("ethnicity", "Tà Ôi", "Ta-ôi"),
    ("ethnicity", "Raglai", "Ra-glai"),
    ("ethnicity", "M'Nông", "Mnông"),
    ("ethnicity", "Bru Vân Kiều", "Bru-Vân Kiều"),
    ("ethnicity", "05", "? is a code"),
    ("ethnicity", "Chủng Chá", "? not a level of `ethnic_group`"),
    (
        "ethnicity",
        "Người nước ngoài",
        "? not a level of `ethnic_group`",
    ),
];

#[test]
fn every_spelling_in_the_catalogue_reads_as_expected() {
    assert!(CATALOGUE.len() >= 60);
    let rules = builtin_rules();
    let plan = Plan::for_date(&rules, Date::parse_iso("2025-12-31").unwrap(), "built-in");
    let mut wrong = Vec::new();
    for &(field, written, want) in CATALOGUE {
        let id = rules
            .field(field)
            .unwrap_or_else(|| panic!("no field `{field}`"));
        let cell = parse_cell(&plan, id, written);
        let got = match (&cell, plan.fields[id].kind) {
            (Cell::Level { level, .. }, chuanhoa::ruleset::FieldKind::Scale(s)) => {
                plan.scales[s].levels[*level as usize].name.clone()
            }
            (Cell::Invalid(bad), _) => format!("? {}", bad.problem),
            (other, _) => format!("{other:?}"),
        };
        let ok = match want.strip_prefix("? ") {
            Some(words) => got.starts_with("? ") && got.contains(words),
            None => got == want,
        };
        if !ok {
            wrong.push(format!("{field}: `{written}` → {got}, expected {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
