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
    let mut plan = Plan::for_date(&rules, Date::parse_iso("2025-12-31").unwrap(), "built-in");
    plan.lang = chuanhoa::i18n::Lang::En;
    let mut wrong = Vec::new();
    for &(field, written, want) in CATALOGUE {
        let id = rules
            .field(field)
            .unwrap_or_else(|| panic!("no field `{field}`"));
        let got = read_as(&plan, id, written);
        if !as_expected(&got, want) {
            wrong.push(format!("{field}: `{written}` → {got}, expected {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Where the spellings of [`SOURCED`] and [`RANKS`] were seen.
const NHANSU_DANTOC: &str =
    "mylovecoi/nhansu, database/hsns_local.sql, table dmdantoc (ids in the order of list A)";
const LUAT_80: &str = "Luật 80/2025/QH15 Điều 26 khoản 1 (../shared/law/luat-80-2025-qh15.md)";
const PLCB: &str = "rongandat/phanloaicanbo, sql/database moi nhat.sql (2014), tables bang_cap, \
    hoc_ham, ly_luan_chinh_tri, quan_ly_nha_nuoc, chung_chi, dan_toc, ngach_cong_chuc, chuc_vu \
    (stored double-encoded, read back as UTF-8)";
const QLVC: &str = "b1910319/quanly_vienchuc, quanly_vienchuc.sql (2023), tables loaibangcap, \
    dantoc, ngach, chucvu";
const NHANSU_CHUCVU: &str =
    "mylovecoi/nhansu, database/hsns_local.sql, tables dmchucvucq and dmchucvud (positions)";
const BM01: &str = "form BM01/BNV of TT 11/2012/TT-BNV, leaf headers of columns 12–31 \
    (../shared/hr-ecosystem.md §1.2, lines 126–145)";
const BTCTW_8B: &str =
    "Party form 8B-BTCTW, rows 5 and LLCT (../shared/hr-ecosystem.md §1.6, lines 317–319)";
const BTCTW_10: &str =
    "Party form 10-BTCTW, rows I.1–I.2 (../shared/hr-ecosystem.md §1.6, lines 349–351)";
const APIS: &str = "the code fields LOAIHOCVI_MA, TRINHDOCHUYENMONCAONHAT_MA and TRINHDOLYLUANCHINHTRI_MA of \
    an HR API (../shared/hr-ecosystem.md §2.3, lines 470–472)";
const LAW_YT: &str = "TTLT 10/2015/TTLT-BYT-BNV Điều 4 khoản 3 điểm g \
    (ttlt-10-2015-byt-bnv.md:158); TTLT 27/2015/TTLT-BYT-BNV Điều 5 khoản 3 điểm đ \
    (ttlt-27-2015-byt-bnv.md:168); TT 41/2025/TT-BYT (tt-41-2025-byt-trich.md:154)";
const LAW_170: &str = "NĐ 170/2025/NĐ-CP Điều 9, Điều 13 (nd-170-2025.md:187, 217, 219)";

/// Spellings seen in public HR software or in the law, each with where it was seen: (field, as
/// written, the level it must be — or `?` and words the message must hold, source).
const SOURCED: &[(&str, &str, &str, &str)] = &[
    ("ethnicity", "Kinh(việt)", "Kinh", NHANSU_DANTOC),
    ("ethnicity", "Tày", "Tày", NHANSU_DANTOC),
    ("ethnicity", "Thái", "Thái", NHANSU_DANTOC),
    ("ethnicity", "Hoa", "Hoa", NHANSU_DANTOC),
    ("ethnicity", "Khơ me", "Khơ-me", NHANSU_DANTOC),
    ("ethnicity", "Mường", "Mường", NHANSU_DANTOC),
    ("ethnicity", "Nùng", "Nùng", NHANSU_DANTOC),
    ("ethnicity", "Mông (mèo)", "Hmông", NHANSU_DANTOC),
    ("ethnicity", "Dao", "Dao", NHANSU_DANTOC),
    ("ethnicity", "Gia Rai", "Gia-rai", NHANSU_DANTOC),
    ("ethnicity", "Ngái", "Ngái", NHANSU_DANTOC),
    ("ethnicity", "Ê Đê", "Ê-đê", NHANSU_DANTOC),
    ("ethnicity", "Bana", "Ba-na", NHANSU_DANTOC),
    ("ethnicity", "Xu đăng", "Xơ-đăng", NHANSU_DANTOC),
    ("ethnicity", "Sán chay", "Sán Chay", NHANSU_DANTOC),
    ("ethnicity", "Cơ Ho", "Cơ-ho", NHANSU_DANTOC),
    ("ethnicity", "Chăm (chàm)", "Chăm", NHANSU_DANTOC),
    ("ethnicity", "Sán Dìu", "Sán Dìu", NHANSU_DANTOC),
    ("ethnicity", "H`Rê", "Hrê", NHANSU_DANTOC),
    ("ethnicity", "M`Nông", "Mnông", NHANSU_DANTOC),
    ("ethnicity", "Ra Glai", "Ra-glai", NHANSU_DANTOC),
    ("ethnicity", "Xtiêng", "Xtiêng", NHANSU_DANTOC),
    ("ethnicity", "Bru", "Bru-Vân Kiều", NHANSU_DANTOC),
    ("ethnicity", "Thổ", "Thổ", NHANSU_DANTOC),
    ("ethnicity", "Giáy", "Giáy", NHANSU_DANTOC),
    ("ethnicity", "Cơ Tu", "Cơ-tu", NHANSU_DANTOC),
    ("ethnicity", "Giẻ Triêng", "Gié-Triêng", NHANSU_DANTOC),
    ("ethnicity", "Mạ", "Mạ", NHANSU_DANTOC),
    ("ethnicity", "Khơ mú", "Khơ-mú", NHANSU_DANTOC),
    ("ethnicity", "Co", "Co", NHANSU_DANTOC),
    ("ethnicity", "Tà Ôi", "Ta-ôi", NHANSU_DANTOC),
    ("ethnicity", "Chơ ro", "Chơ-ro", NHANSU_DANTOC),
    ("ethnicity", "Kháng", "Kháng", NHANSU_DANTOC),
    ("ethnicity", "Xinh Mun", "Xinh-mun", NHANSU_DANTOC),
    ("ethnicity", "Hà Nhì", "Hà Nhì", NHANSU_DANTOC),
    ("ethnicity", "Chu Ru", "Chu-ru", NHANSU_DANTOC),
    ("ethnicity", "Lào", "Lào", NHANSU_DANTOC),
    ("ethnicity", "La Chí", "La Chi", NHANSU_DANTOC),
    ("ethnicity", "La Ha", "La Ha", NHANSU_DANTOC),
    ("ethnicity", "Phù La", "Phù Lá", NHANSU_DANTOC),
    ("ethnicity", "La Hủ", "La Hủ", NHANSU_DANTOC),
    ("ethnicity", "Lù", "Lự", NHANSU_DANTOC),
    ("ethnicity", "Lô Lô", "Lô Lô", NHANSU_DANTOC),
    ("ethnicity", "Chứt", "Chứt", NHANSU_DANTOC),
    ("ethnicity", "Máng", "Mảng", NHANSU_DANTOC),
    ("ethnicity", "Pò Thẻn", "Pà Thẻn", NHANSU_DANTOC),
    ("ethnicity", "Cơ Lao", "Cơ Lao", NHANSU_DANTOC),
    ("ethnicity", "Cống", "Cống", NHANSU_DANTOC),
    ("ethnicity", "Bố Y", "Bố Y", NHANSU_DANTOC),
    ("ethnicity", "Si La", "Si La", NHANSU_DANTOC),
    ("ethnicity", "Pu Péo", "Pu Péo", NHANSU_DANTOC),
    ("ethnicity", "Brâu", "Brâu", NHANSU_DANTOC),
    ("ethnicity", "Ơ Đu", "Ơ Đu", NHANSU_DANTOC),
    ("ethnicity", "Rơ măm", "Rơ-măm", NHANSU_DANTOC),
    // the yearly quality rating, as the law writes it and as HR software abbreviates it
    (
        "rating_2025",
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành xuất sắc nhiệm vụ",
        LUAT_80,
    ),
    (
        "rating_2025",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        LUAT_80,
    ),
    (
        "rating_2025",
        "Hoàn thành nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        LUAT_80,
    ),
    (
        "rating_2025",
        "Không hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
        LUAT_80,
    ),
    (
        "rating_2025",
        "HTXSNV",
        "Hoàn thành xuất sắc nhiệm vụ",
        LUAT_80,
    ),
    ("rating_2025", "HTTNV", "Hoàn thành tốt nhiệm vụ", LUAT_80),
    ("rating_2025", "HTNV", "Hoàn thành nhiệm vụ", LUAT_80),
    ("rating_2025", "KHTNV", "Không hoàn thành nhiệm vụ", LUAT_80),
    // words of other rating schemes are not the law's levels: never guessed
    (
        "rating_2025",
        "Khá",
        "? not a level of `performance`",
        LUAT_80,
    ),
    // lookup tables, form rows and law texts, from issue 14's search; `position` is read as a
    // position of the rules (its name, or `?` when the rules hold no such position)
    (
        "state_management",
        "Chuyên viên chính",
        "Chuyên viên chính",
        PLCB,
    ),
    ("state_management", "Chuyên viên", "Chuyên viên", PLCB),
    ("political_theory", "Cử nhân", "Cử nhân chính trị", PLCB),
    ("political_theory", "Trung cấp", "Trung cấp", PLCB),
    ("political_theory", "Sơ cấp", "Sơ cấp", PLCB),
    ("education", "Thạc sĩ", "Thạc sĩ", PLCB),
    ("it_skill", "Văn phòng A", "Cơ bản", PLCB),
    ("it_skill", "Văn phòng B", "Cơ bản", PLCB),
    ("it_skill", "Văn phòng C", "Cơ bản", PLCB),
    ("foreign_language", "Anh A", "Bậc 1", PLCB),
    ("foreign_language", "Anh C", "Bậc 3", PLCB),
    ("foreign_language", "Anh B1 Châu Âu", "Bậc 3", PLCB),
    ("foreign_language", "Pháp", "? not a level", PLCB),
    ("foreign_language", "Nga", "? not a level", PLCB),
    ("foreign_language", "Trung", "? not a level", PLCB),
    ("foreign_language", "Đức", "? not a level", PLCB),
    ("foreign_language", "Nhật", "? not a level", PLCB),
    ("foreign_language", "Lào", "? not a level", PLCB),
    ("foreign_language", "Cử nhân", "? not a level", PLCB),
    ("ethnicity", "Mường ", "Mường", PLCB),
    ("ethnicity", "Hoa ", "Hoa", PLCB),
    ("ethnicity", "Nùng  ", "Nùng", PLCB),
    ("ethnicity", "Mông", "Hmông", PLCB),
    ("ethnicity", "Ê  Đê", "Ê-đê", PLCB),
    ("ethnicity", "Sán Chay ", "Sán Chay", PLCB),
    ("ethnicity", "Chăm ", "Chăm", PLCB),
    ("ethnicity", "RaGlay", "Ra-glai", PLCB),
    ("ethnicity", "Mnông", "Mnông", PLCB),
    ("ethnicity", "Thổ (4)", "Thổ", PLCB),
    ("ethnicity", "Giẻ-Triêng", "Gié-Triêng", PLCB),
    ("ethnicity", "Chơ Ro", "Chơ-ro", PLCB),
    ("ethnicity", "Phù Lá", "Phù Lá", PLCB),
    ("ethnicity", "Pà Thẻn", "Pà Thẻn", PLCB),
    ("ethnicity", "Lự", "Lự", PLCB),
    ("ethnicity", "Mảng", "Mảng", PLCB),
    ("ethnicity", "Rơ Măm", "Rơ-măm", PLCB),
    ("position", "Cục trưởng", "?", PLCB),
    ("position", "Phó Cục trưởng", "?", PLCB),
    ("position", "Chi cục trưởng", "?", PLCB),
    ("position", "Phó Chi cục trưởng", "?", PLCB),
    ("position", "Đội trưởng thuộc Cục", "?", PLCB),
    ("position", "Phó Đội trưởng thuộc Cục", "?", PLCB),
    ("position", "Đội trưởng thuộc Chi cục", "?", PLCB),
    ("position", "Phó Đội trưởng thuộc Chi cục", "?", PLCB),
    ("position", "Trưởng phòng", "Trưởng phòng", PLCB),
    ("position", "Phó Trưởng phòng", "Phó Trưởng phòng", PLCB),
    ("position", "Chánh Văn phòng", "?", PLCB),
    ("position", "Tổ trưởng", "?", PLCB),
    ("position", "Phó Tổ trưởng", "?", PLCB),
    ("position", "Công chức", "?", PLCB),
    ("position", "Phó Chánh Văn phòng", "?", PLCB),
    ("education", "Cao đẳng nghề", "Cao đẳng", QLVC),
    ("education", "Trung cấp nghề", "Trung cấp", QLVC),
    ("ethnicity", "Khơ-me", "Khơ-me", QLVC),
    ("ethnicity", "HMông", "Hmông", QLVC),
    ("ethnicity", "Gia-rai", "Gia-rai", QLVC),
    ("ethnicity", "Ê-đê", "Ê-đê", QLVC),
    ("ethnicity", "Ba na", "Ba-na", QLVC),
    ("ethnicity", "Cơ-ho", "Cơ-ho", QLVC),
    ("ethnicity", "Chăm", "Chăm", QLVC),
    ("position", "Hiệu trưởng", "Hiệu trưởng", QLVC),
    ("position", "Trưởng khoa", "?", QLVC),
    ("position", "Phó trưởng khoa", "?", QLVC),
    ("position", "Viên chức", "?", QLVC),
    (
        "position",
        "Phó Hiệu trưởng Trường",
        "Phó Hiệu trưởng",
        QLVC,
    ),
    ("position", "Phó Chủ tịch BCHCĐ Trường", "?", QLVC),
    ("position", "Bí thư Chi bộ", "?", QLVC),
    ("position", "Chủ tịch CĐ Khoa", "?", QLVC),
    ("position", "Phó giám đốc Trung tâm CNPM", "?", QLVC),
    ("position", "Thư ký Khoa", "?", QLVC),
    ("position", "Tổ trưởng Công đoàn", "?", QLVC),
    ("position", "Trưởng phòng thí nghiệm", "?", QLVC),
    (
        "position",
        "Phó hiệu trưởng",
        "Phó Hiệu trưởng",
        NHANSU_CHUCVU,
    ),
    (
        "position",
        "Phó trưởng phòng",
        "Phó Trưởng phòng",
        NHANSU_CHUCVU,
    ),
    ("position", "Nhân viên", "?", NHANSU_CHUCVU),
    ("position", "Nhân viên chuyên môn", "?", NHANSU_CHUCVU),
    ("position", "Kế toán", "?", NHANSU_CHUCVU),
    ("position", "Kế toán trưởng", "?", NHANSU_CHUCVU),
    ("position", "Bí thư", "?", NHANSU_CHUCVU),
    ("position", "Phó bí thư", "?", NHANSU_CHUCVU),
    ("position", "Đảng viên", "?", NHANSU_CHUCVU),
    ("position", "Uỷ viên", "?", NHANSU_CHUCVU),
    ("it_skill", "Trung cấp trở lên", "Nâng cao", BM01),
    ("it_skill", "Chứng chỉ", "Cơ bản", BM01),
    ("foreign_language", "Đại học trở lên", "? not a level", BM01),
    (
        "foreign_language",
        "Chứng chỉ (A,B,C)",
        "? not a level",
        BM01,
    ),
    (
        "foreign_language",
        "Chứng chỉ tiếng dân tộc",
        "? not a level",
        BM01,
    ),
    (
        "state_management",
        "Chuyên viên cao cấp & TĐ",
        "Chuyên viên cao cấp",
        BM01,
    ),
    (
        "state_management",
        "Chuyên viên chính & TĐ",
        "Chuyên viên chính",
        BM01,
    ),
    ("state_management", "Chuyên viên & TĐ", "Chuyên viên", BM01),
    ("education", "Dưới cao đẳng", "? not a level", BTCTW_8B),
    ("political_theory", "Cao cấp, cử nhân", "Cao cấp", BTCTW_8B),
    ("education", "Thạc sỹ (tương đương)", "Thạc sĩ", BTCTW_10),
    ("education", "Tiến sỹ (tương đương)", "Tiến sĩ", BTCTW_10),
    ("political_theory", "Trung cấp LLCT", "Trung cấp", BTCTW_10),
    ("political_theory", "Cao cấp LLCT", "Cao cấp", BTCTW_10),
    ("political_theory", "1", "? is a code", APIS),
    ("political_theory", "2", "? is a code", APIS),
    ("political_theory", "3", "? is a code", APIS),
    ("political_theory", "4", "? is a code", APIS),
    ("education", "CD", "Cao đẳng", APIS),
    ("education", "THPT", "? not a level", APIS),
    ("education", "SC", "Sơ cấp", APIS),
    ("education", "Bác sĩ chuyên khoa cấp I", "Thạc sĩ", LAW_YT),
    ("education", "Bác sĩ chuyên khoa cấp II", "Tiến sĩ", LAW_YT),
    ("education", "Bác sĩ nội trú", "? not a level", LAW_YT),
    ("education", "Dược sĩ chuyên khoa cấp I", "Thạc sĩ", LAW_YT),
    ("education", "Dược sĩ chuyên khoa cấp II", "Tiến sĩ", LAW_YT),
    (
        "state_management",
        "Chuyên viên và tương đương",
        "Chuyên viên",
        LAW_170,
    ),
    (
        "state_management",
        "Chuyên viên chính và tương đương",
        "Chuyên viên chính",
        LAW_170,
    ),
    (
        "state_management",
        "Chuyên viên cao cấp và tương đương",
        "Chuyên viên cao cấp",
        LAW_170,
    ),
];

/// Rank codes and names as the lookup table `ngachbac` of mylovecoi/nhansu
/// (database/hsns_local.sql) writes them, about 2016–2017: (code, name, the title of the rules
/// they are read as — a legacy rank is a title declared without a standard — or `?`).
const RANKS: &[(&str, &str, &str)] = &[
    ("01.001", "Chuyên viên cao cấp", "Chuyên viên cao cấp"),
    ("01.002", "Chuyên viên chính", "Chuyên viên chính"),
    ("01.003", "Chuyên viên", "Chuyên viên"),
    ("01.004", "Cán sự", "Cán sự"),
    ("01.005", "Kỹ thuật viên đánh máy", "Nhân viên"),
    (
        "01.006",
        "Nhân viên đánh máy",
        "Nhân viên kỹ thuật, đánh máy, văn thư (mã ngạch cũ)",
    ),
    (
        "01.007",
        "Nhân viên kỹ thuật",
        "Nhân viên kỹ thuật, đánh máy, văn thư (mã ngạch cũ)",
    ),
    (
        "01.008",
        "Nhân viên văn thư",
        "Nhân viên kỹ thuật, đánh máy, văn thư (mã ngạch cũ)",
    ),
    ("01.009", "Nhân viên phục vụ", "Nhân viên hỗ trợ, phục vụ"),
    ("01.010", "Lái xe cơ quan", "Nhân viên hỗ trợ, phục vụ"),
    ("01.011", "Nhân viên bảo vệ", "Nhân viên hỗ trợ, phục vụ"),
    ("06.030", "Kế toán viên chính", "Kế toán viên"),
    ("06.031", "Kế toán viên", "Kế toán viên"),
    ("06.032", "Kế toán viên trung cấp", "Kế toán viên"),
    ("06.033", "Kế toán viên sơ cấp", "Kế toán viên"),
    ("06.035", "Thủ quỹ cơ quan, đơn vị", "?"),
    (
        "13.090",
        "Nghiên cứu viên cao cấp",
        "Nghiên cứu viên, kỹ sư (mã ngạch cũ)",
    ),
    (
        "13.091",
        "Nghiên cứu viên chính",
        "Nghiên cứu viên, kỹ sư (mã ngạch cũ)",
    ),
    (
        "13.092",
        "Nghiên cứu viên",
        "Nghiên cứu viên, kỹ sư (mã ngạch cũ)",
    ),
    (
        "13.093",
        "Kỹ sư cao cấp",
        "Nghiên cứu viên, kỹ sư (mã ngạch cũ)",
    ),
    (
        "13.094",
        "Kỹ sư chính",
        "Nghiên cứu viên, kỹ sư (mã ngạch cũ)",
    ),
    ("13.095", "Kỹ sư", "Nghiên cứu viên, kỹ sư (mã ngạch cũ)"),
    (
        "13.096",
        "Kỹ thuật viên",
        "Nghiên cứu viên, kỹ sư (mã ngạch cũ)",
    ),
    (
        "15.109",
        "Giáo sư - Giảng viên cao cấp",
        "Giảng viên (mã ngạch cũ)",
    ),
    (
        "15.110",
        "Phó giáo sư - Giảng viên chính",
        "Giảng viên (mã ngạch cũ)",
    ),
    ("15.111", "Giảng viên", "Giảng viên (mã ngạch cũ)"),
    (
        "15.112",
        "Giáo viên trung học cao cấp",
        "Giảng viên (mã ngạch cũ)",
    ),
    (
        "15.113",
        "Giáo viên trung học",
        "Giáo viên trung học phổ thông hạng III",
    ),
    (
        "15.114",
        "Giáo viên tiểu học",
        "Giáo viên tiểu học hạng III",
    ),
    ("15.115", "Giáo viên mầm non", "Giáo viên mầm non hạng III"),
    (
        "15a.201",
        "Giáo viên trung học chính",
        "Giáo viên trung học cơ sở hạng II",
    ),
    (
        "15a.202",
        "Giáo viên trung học cơ sở",
        "Giáo viên trung học cơ sở hạng III",
    ),
    (
        "15a.203",
        "Giáo viên tiểu học cao cấp",
        "Giáo viên tiểu học hạng II",
    ),
    (
        "15a.204",
        "Giáo viên tiểu học chính",
        "Giáo viên tiểu học hạng III",
    ),
    (
        "15a.205",
        "Giáo viên mầm non cao cấp",
        "Giáo viên mầm non hạng II",
    ),
    (
        "15a.206",
        "Giáo viên mầm non chính",
        "Giáo viên mầm non hạng III",
    ),
    (
        "15c.207",
        "Giáo viên THPT chưa đạt chuẩn",
        "Giáo viên chưa đạt chuẩn (mã ngạch cũ)",
    ),
    (
        "15c.208",
        "Giáo viên THCS chưa đạt chuẩn",
        "Giáo viên chưa đạt chuẩn (mã ngạch cũ)",
    ),
    (
        "15c.209",
        "Giáo viên tiểu học chưa đạt chuẩn",
        "Giáo viên chưa đạt chuẩn (mã ngạch cũ)",
    ),
    ("16.119", "Y sĩ", "Y sĩ (hạng IV)"),
    ("17.169", "Thư viện viên chính", "Thư viện viên hạng II"),
    ("17.170", "Thư viện viên", "Thư viện viên hạng III"),
    ("17.171", "Thư viện trung cấp", "Thư viện viên hạng IV"),
    ("17.171", "Thư viện viên trung cấp", "Thư viện viên hạng IV"),
    ("17a.170", "Thư viện viên (cao đẳng)", "?"),
    ("18.181", "Huấn luyện viên", "Huấn luyện viên (hạng III)"),
    ("Ao", "Ngạch mới (Cao đẳng)", "?"),
];

#[test]
fn sourced_spellings_read_as_expected() {
    let rules = builtin_rules();
    let mut plan =
        Plan::for_eligibility(&rules, Date::parse_iso("2026-11-25").unwrap(), "built-in");
    plan.lang = chuanhoa::i18n::Lang::En;
    let mut wrong = Vec::new();
    for &(field, written, want, source) in SOURCED {
        let got = if field == "position" {
            plan.find_position(written).map_or("?".to_string(), |id| {
                plan.subjects[id as usize].name.clone()
            })
        } else {
            let id = rules
                .field(field)
                .unwrap_or_else(|| panic!("no field `{field}`"));
            read_as(&plan, id, written)
        };
        if !as_expected(&got, want) {
            wrong.push(format!(
                "{field}: `{written}` ({source}) → {got}, expected {want}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn legacy_rank_codes_and_names_find_their_title() {
    let rules = builtin_rules();
    let plan = Plan::for_date(&rules, Date::parse_iso("2026-11-25").unwrap(), "built-in");
    let mut wrong = Vec::new();
    for &(code, name, want) in RANKS {
        let got = plan
            .find_rank(code)
            .or_else(|| plan.find_rank(name))
            .map_or("?", |id| plan.subjects[id as usize].name.as_str());
        if got != want {
            wrong.push(format!("{code} `{name}` → {got}, expected {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every code of a title (mã số ngạch, mã số chức danh nghề nghiệp, old and new) that the legal
/// texts of `../shared/law/` write, with where (file:line), and the title of the rules it must be
/// read as. The old ngạch codes 09.063–09.065 are not here: TTLT 36/2015 and 37/2015 give them
/// to two different sets of titles, so a roster writing one alone stays unmatched.
const LAW_CODES: &[(&str, &str, &str)] = &[
    ("01.003", "Chuyên viên", "ttlt-08-2016-byt-bnv.md:264"),
    (
        "09.056",
        "Chẩn đoán viên bệnh động vật hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:764",
    ),
    (
        "09.072",
        "Kiểm nghiệm viên cây trồng hạng III",
        "ttlt-36-2015-bnnptnt-bnv.md:578",
    ),
    (
        "09.059",
        "Bảo vệ viên bảo vệ thực vật hạng II",
        "ttlt-36-2015-bnnptnt-bnv.md:528",
    ),
    (
        "09.060",
        "Bảo vệ viên bảo vệ thực vật hạng III",
        "ttlt-36-2015-bnnptnt-bnv.md:530",
    ),
    (
        "09.061",
        "Kỹ thuật viên bảo vệ thực vật hạng IV",
        "ttlt-36-2015-bnnptnt-bnv.md:532",
    ),
    (
        "09.071",
        "Kiểm nghiệm viên cây trồng hạng II",
        "ttlt-36-2015-bnnptnt-bnv.md:544",
    ),
    (
        "09.073",
        "Kỹ thuật viên kiểm nghiệm cây trồng hạng IV",
        "ttlt-36-2015-bnnptnt-bnv.md:548",
    ),
    (
        "15.113",
        "Giáo viên trung học phổ thông hạng III",
        "tt-04-2021-bgddt.md:250",
    ),
    ("16.118", "Bác sĩ (hạng III)", "ttlt-10-2015-byt-bnv.md:580"),
    ("16.135", "Dược hạng IV", "ttlt-27-2015-byt-bnv.md:330"),
    (
        "16.287",
        "Kỹ thuật y hạng IV",
        "ttlt-26-2015-byt-bnv.md:952",
    ),
    (
        "16.286",
        "Kỹ thuật y hạng IV",
        "ttlt-26-2015-byt-bnv.md:922",
    ),
    (
        "16a.198",
        "Y tế công cộng (hạng III)",
        "ttlt-11-2015-byt-bnv.md:302",
    ),
    (
        "24.292",
        "Công tác xã hội viên (hạng III)",
        "ttlt-30-2015-bldtbxh-bnv.md:284",
    ),
    ("V.01.02.01", "Lưu trữ viên chính", "tt-07-2022-bnv.md:88"),
    ("V.01.02.02", "Lưu trữ viên", "tt-07-2022-bnv.md:356"),
    (
        "V.01.02.03",
        "Lưu trữ viên trung cấp",
        "tt-07-2022-bnv.md:330",
    ),
    (
        "V.03.01.01",
        "Bảo vệ viên bảo vệ thực vật hạng II",
        "ttlt-36-2015-bnnptnt-bnv.md:528",
    ),
    (
        "V.03.01.02",
        "Bảo vệ viên bảo vệ thực vật hạng III",
        "ttlt-36-2015-bnnptnt-bnv.md:530",
    ),
    (
        "V.03.01.03",
        "Kỹ thuật viên bảo vệ thực vật hạng IV",
        "ttlt-36-2015-bnnptnt-bnv.md:532",
    ),
    (
        "V.03.02.04",
        "Giám định viên thuốc bảo vệ thực vật hạng II",
        "ttlt-36-2015-bnnptnt-bnv.md:536",
    ),
    (
        "V.03.02.05",
        "Giám định viên thuốc bảo vệ thực vật hạng III",
        "ttlt-36-2015-bnnptnt-bnv.md:538",
    ),
    (
        "V.03.02.06",
        "Kỹ thuật viên giám định thuốc bảo vệ thực vật hạng IV",
        "ttlt-36-2015-bnnptnt-bnv.md:50",
    ),
    (
        "V.03.03.07",
        "Kiểm nghiệm viên cây trồng hạng II",
        "ttlt-36-2015-bnnptnt-bnv.md:544",
    ),
    (
        "V.03.03.08",
        "Kiểm nghiệm viên cây trồng hạng III",
        "ttlt-36-2015-bnnptnt-bnv.md:546",
    ),
    (
        "V.03.03.09",
        "Kỹ thuật viên kiểm nghiệm cây trồng hạng IV",
        "ttlt-36-2015-bnnptnt-bnv.md:548",
    ),
    (
        "V.03.04.10",
        "Chẩn đoán viên bệnh động vật hạng II",
        "ttlt-37-2015-bnnptnt-bnv.md:722",
    ),
    (
        "V.03.04.11",
        "Chẩn đoán viên bệnh động vật hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:724",
    ),
    (
        "V.03.04.12",
        "Kỹ thuật viên chẩn đoán bệnh động vật hạng IV",
        "ttlt-37-2015-bnnptnt-bnv.md:726",
    ),
    (
        "V.03.05.13",
        "Kiểm tra viên vệ sinh thú y hạng II",
        "ttlt-37-2015-bnnptnt-bnv.md:46",
    ),
    (
        "V.03.05.14",
        "Kiểm tra viên vệ sinh thú y hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:754",
    ),
    (
        "V.03.05.15",
        "Kỹ thuật viên kiểm tra vệ sinh thú y hạng IV",
        "ttlt-37-2015-bnnptnt-bnv.md:50",
    ),
    (
        "V.03.06.16",
        "Kiểm nghiệm viên thuốc thú y hạng II",
        "ttlt-37-2015-bnnptnt-bnv.md:730",
    ),
    (
        "V.03.06.17",
        "Kiểm nghiệm viên thuốc thú y hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:732",
    ),
    (
        "V.03.06.18",
        "Kỹ thuật viên kiểm nghiệm thuốc thú y hạng IV",
        "ttlt-37-2015-bnnptnt-bnv.md:734",
    ),
    (
        "V.03.07.19",
        "Kiểm nghiệm viên chăn nuôi hạng II",
        "ttlt-37-2015-bnnptnt-bnv.md:62",
    ),
    (
        "V.03.07.20",
        "Kiểm nghiệm viên chăn nuôi hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:754",
    ),
    (
        "V.03.07.21",
        "Kỹ thuật viên kiểm nghiệm chăn nuôi hạng IV",
        "ttlt-37-2015-bnnptnt-bnv.md:66",
    ),
    (
        "V.07.02.04",
        "Giáo viên mầm non hạng II",
        "tt-01-2021-bgddt.md:206",
    ),
    (
        "V.07.02.05",
        "Giáo viên mầm non hạng III",
        "tt-01-2021-bgddt.md:204",
    ),
    (
        "V.07.02.06",
        "Giáo viên mầm non hạng III",
        "tt-01-2021-bgddt.md:202",
    ),
    (
        "V.07.02.24",
        "Giáo viên mầm non hạng I",
        "tt-01-2021-bgddt.md:44",
    ),
    (
        "V.07.02.25",
        "Giáo viên mầm non hạng II",
        "tt-01-2021-bgddt.md:208",
    ),
    (
        "V.07.02.26",
        "Giáo viên mầm non hạng III",
        "tt-01-2021-bgddt.md:140",
    ),
    (
        "V.07.03.07",
        "Giáo viên tiểu học hạng II",
        "tt-02-2021-bgddt.md:256",
    ),
    (
        "V.07.03.08",
        "Giáo viên tiểu học hạng III",
        "tt-02-2021-bgddt.md:218",
    ),
    (
        "V.07.03.09",
        "Giáo viên tiểu học hạng III",
        "tt-02-2021-bgddt.md:258",
    ),
    (
        "V.07.03.27",
        "Giáo viên tiểu học hạng I",
        "tt-02-2021-bgddt.md:44",
    ),
    (
        "V.07.03.28",
        "Giáo viên tiểu học hạng II",
        "tt-02-2021-bgddt.md:220",
    ),
    (
        "V.07.03.29",
        "Giáo viên tiểu học hạng III",
        "tt-02-2021-bgddt.md:150",
    ),
    (
        "V.07.04.10",
        "Giáo viên trung học cơ sở hạng I",
        "tt-03-2021-bgddt.md:280",
    ),
    (
        "V.07.04.11",
        "Giáo viên trung học cơ sở hạng II",
        "tt-03-2021-bgddt.md:282",
    ),
    (
        "V.07.04.12",
        "Giáo viên trung học cơ sở hạng III",
        "tt-03-2021-bgddt.md:242",
    ),
    (
        "V.07.04.30",
        "Giáo viên trung học cơ sở hạng I",
        "tt-03-2021-bgddt.md:246",
    ),
    (
        "V.07.04.31",
        "Giáo viên trung học cơ sở hạng II",
        "tt-03-2021-bgddt.md:244",
    ),
    (
        "V.07.04.32",
        "Giáo viên trung học cơ sở hạng III",
        "tt-03-2021-bgddt.md:168",
    ),
    (
        "V.07.05.13",
        "Giáo viên trung học phổ thông hạng I",
        "tt-04-2021-bgddt.md:44",
    ),
    (
        "V.07.05.14",
        "Giáo viên trung học phổ thông hạng II",
        "tt-04-2021-bgddt.md:42",
    ),
    (
        "V.07.05.15",
        "Giáo viên trung học phổ thông hạng III",
        "tt-04-2021-bgddt.md:152",
    ),
    (
        "V.07.06.16",
        "Viên chức hỗ trợ giáo dục người khuyết tật",
        "tt-21-2023-bgddt.md:36",
    ),
    (
        "V.07.07.20",
        "Nhân viên thiết bị, thí nghiệm",
        "tt-08-2019-bgddt.md:116",
    ),
    ("V.07.07.21", "Nhân viên giáo vụ", "tt-07-2019-bgddt.md:116"),
    (
        "V.08.03.07",
        "Y sĩ (hạng IV)",
        "tt-41-2025-byt-trich.md:230",
    ),
    (
        "V.08.05.11",
        "Điều dưỡng hạng II",
        "ttlt-26-2015-byt-bnv.md:902",
    ),
    (
        "V.08.05.12",
        "Điều dưỡng hạng III",
        "tt-02-2025-byt-trich.md:72",
    ),
    (
        "V.08.05.13",
        "Điều dưỡng hạng IV",
        "tt-02-2025-byt-trich.md:144",
    ),
    (
        "V.08.06.14",
        "Hộ sinh hạng II",
        "ttlt-26-2015-byt-bnv.md:910",
    ),
    (
        "V.08.06.15",
        "Hộ sinh hạng III",
        "ttlt-26-2015-byt-bnv.md:912",
    ),
    (
        "V.08.06.16",
        "Hộ sinh hạng IV",
        "ttlt-26-2015-byt-bnv.md:914",
    ),
    (
        "V.08.07.17",
        "Kỹ thuật y hạng II",
        "ttlt-26-2015-byt-bnv.md:918",
    ),
    (
        "V.08.07.18",
        "Kỹ thuật y hạng III",
        "ttlt-26-2015-byt-bnv.md:920",
    ),
    (
        "V.08.07.19",
        "Kỹ thuật y hạng IV",
        "ttlt-26-2015-byt-bnv.md:922",
    ),
    (
        "V.08.08.20",
        "Dược sĩ cao cấp",
        "ttlt-27-2015-byt-bnv.md:292",
    ),
    ("V.08.08.21", "Dược sĩ chính", "ttlt-27-2015-byt-bnv.md:294"),
    (
        "V.08.08.22",
        "Dược sĩ (hạng III)",
        "ttlt-27-2015-byt-bnv.md:312",
    ),
    ("V.08.08.23", "Dược hạng IV", "ttlt-27-2015-byt-bnv.md:298"),
    (
        "V.08.10.27",
        "Dân số viên hạng II",
        "ttlt-08-2016-byt-bnv.md:226",
    ),
    (
        "V.08.10.28",
        "Dân số viên hạng III",
        "ttlt-08-2016-byt-bnv.md:228",
    ),
    (
        "V.08.10.29",
        "Dân số viên hạng IV",
        "ttlt-08-2016-byt-bnv.md:230",
    ),
    (
        "V.09.04.02",
        "Công tác xã hội viên (hạng III)",
        "ttlt-30-2015-bldtbxh-bnv.md:284",
    ),
    (
        "V.10.02.05",
        "Thư viện viên hạng II",
        "tt-02-2022-bvhttdl.md:110",
    ),
    (
        "V.10.02.06",
        "Thư viện viên hạng III",
        "tt-02-2022-bvhttdl.md:152",
    ),
    (
        "V.10.02.07",
        "Thư viện viên hạng IV",
        "tt-02-2022-bvhttdl.md:188",
    ),
    (
        "V.10.02.30",
        "Thư viện viên hạng I",
        "tt-02-2022-bvhttdl.md:62",
    ),
    (
        "V.10.06.19",
        "Phương pháp viên hạng II",
        "tt-03-2022-bvhttdl.md:66",
    ),
    (
        "V.10.06.20",
        "Phương pháp viên hạng III",
        "tt-03-2022-bvhttdl.md:108",
    ),
    (
        "V.10.06.21",
        "Phương pháp viên hạng IV",
        "tt-03-2022-bvhttdl.md:146",
    ),
    (
        "V.10.07.22",
        "Hướng dẫn viên văn hóa hạng II",
        "tt-03-2022-bvhttdl.md:174",
    ),
    (
        "V.10.07.23",
        "Hướng dẫn viên văn hóa hạng III",
        "tt-03-2022-bvhttdl.md:218",
    ),
    (
        "V.10.07.24",
        "Hướng dẫn viên văn hóa hạng IV",
        "tt-03-2022-bvhttdl.md:258",
    ),
    (
        "V.10.10.34",
        "Tuyên truyền viên văn hóa chính",
        "tt-02-2023-bvhttdl.md:56",
    ),
    (
        "V.10.10.35",
        "Tuyên truyền viên văn hóa",
        "tt-02-2023-bvhttdl.md:216",
    ),
    (
        "V.10.10.36",
        "Tuyên truyền viên văn hóa trung cấp",
        "tt-02-2023-bvhttdl.md:218",
    ),
];

/// Ranks as two more HR applications write them — codes and names, accent typos ("Kê toán
/// viên", "Giaó viên"), old and new codes together, ranks the rules do not hold (customs): (code,
/// name, the title they must be read as or `?`, source). Read as the roster reader does: the code
/// first (any of several written together), then the name, then the name with its accents
/// folded.
const RANKS_SOURCED: &[(&str, &str, &str, &str)] = &[
    (
        "13.09",
        "Nghiên cứu viên cao cấp",
        "Nghiên cứu viên, kỹ sư (mã ngạch cũ)",
        QLVC,
    ),
    (
        "15.109 V.07.01.01",
        "Gíao sư - giảng viên cao cấp",
        "Giảng viên (mã ngạch cũ)",
        QLVC,
    ),
    (
        "15.110 V.07.01.02",
        "Phó giáo sư - giảng viên chính",
        "Giảng viên (mã ngạch cũ)",
        QLVC,
    ),
    ("06.030", "Kê toán viên chính", "Kế toán viên", QLVC),
    (
        "15.112",
        "Giaó viên trung học cao cấp",
        "Giảng viên (mã ngạch cũ)",
        QLVC,
    ),
    ("06.031", "Kê toán viên", "Kế toán viên", QLVC),
    (
        "15.111 V.07.01.03",
        "Giảng viên",
        "Giảng viên (mã ngạch cũ)",
        QLVC,
    ),
    (
        "15.113",
        "Giaó viên trung học",
        "Giáo viên trung học phổ thông hạng III",
        QLVC,
    ),
    (
        "15c.207",
        "GV trung học (Cao đẳng)",
        "Giáo viên chưa đạt chuẩn (mã ngạch cũ)",
        QLVC,
    ),
    ("06.032", "Kê toán viên trung cấp", "Kế toán viên", QLVC),
    (
        "15.115",
        "Giaó viên mầm non",
        "Giáo viên mầm non hạng III",
        QLVC,
    ),
    ("06.035", "Thu quỹ cơ quan, đơn vị", "?", QLVC),
    ("06.033", "Kê toán viên sơ cấp", "Kế toán viên", QLVC),
    ("08.051", "Kiểm tra viên Hải quan", "?", PLCB),
    ("08.050", "Kiểm tra viên chính Hải quan", "?", PLCB),
    ("08.052", "Kiểm tra viên trung cấp Hải quan", "?", PLCB),
    ("08.053", "Nhân viên Hải quan", "?", PLCB),
    ("08a.051", "Kiểm tra viên cao đẳng hải quan", "?", PLCB),
];

#[test]
fn ranks_as_hr_software_writes_them_find_their_title() {
    let rules = builtin_rules();
    let plan = Plan::for_date(&rules, Date::parse_iso("2026-11-25").unwrap(), "built-in");
    let mut wrong = Vec::new();
    for &(code, name, want, source) in RANKS_SOURCED {
        let got = plan
            .find_rank_code(code)
            .or_else(|| plan.find_rank(name))
            .or_else(|| plan.find_rank_misaccented(name))
            .map_or("?", |id| plan.subjects[id as usize].name.as_str());
        if got != want {
            wrong.push(format!(
                "{code} `{name}` ({source}) → {got}, expected {want}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every title name as the heading of its article in `../shared/law/` writes it ("Bác sĩ chính
/// (hạng II)", "Dược sĩ", "Hướng dẫn viên (hạng IV)"), with where (file:line), and the title it
/// must find by name alone — the same title its code finds ([`LAW_CODES`]). `?` for the law's own
/// typo "phổ thônghạng", which is left unmatched rather than guessed.
const LAW_NAMES: &[(&str, &str, &str)] = &[
    (
        "Giáo viên mầm non hạng III",
        "tt-01-2021-bgddt.md:60",
        "Giáo viên mầm non hạng III",
    ),
    (
        "Giáo viên mầm non hạng II",
        "tt-01-2021-bgddt.md:100",
        "Giáo viên mầm non hạng II",
    ),
    (
        "Giáo viên mầm non hạng I",
        "tt-01-2021-bgddt.md:142",
        "Giáo viên mầm non hạng I",
    ),
    (
        "Giáo viên tiểu học hạng III",
        "tt-02-2021-bgddt.md:60",
        "Giáo viên tiểu học hạng III",
    ),
    (
        "Giáo viên tiểu học hạng II",
        "tt-02-2021-bgddt.md:104",
        "Giáo viên tiểu học hạng II",
    ),
    (
        "Giáo viên tiểu học hạng I",
        "tt-02-2021-bgddt.md:152",
        "Giáo viên tiểu học hạng I",
    ),
    (
        "Thư viện viên hạng I",
        "tt-02-2022-bvhttdl.md:62",
        "Thư viện viên hạng I",
    ),
    (
        "Thư viện viên hạng II",
        "tt-02-2022-bvhttdl.md:110",
        "Thư viện viên hạng II",
    ),
    (
        "Thư viện viên hạng III",
        "tt-02-2022-bvhttdl.md:152",
        "Thư viện viên hạng III",
    ),
    (
        "Thư viện viên hạng IV",
        "tt-02-2022-bvhttdl.md:188",
        "Thư viện viên hạng IV",
    ),
    (
        "Tuyên truyền viên văn hóa chính",
        "tt-02-2023-bvhttdl.md:56",
        "Tuyên truyền viên văn hóa chính",
    ),
    (
        "Tuyên truyền viên văn hóa",
        "tt-02-2023-bvhttdl.md:98",
        "Tuyên truyền viên văn hóa",
    ),
    (
        "Tuyên truyền viên văn hóa trung cấp",
        "tt-02-2023-bvhttdl.md:138",
        "Tuyên truyền viên văn hóa trung cấp",
    ),
    (
        "Điều dưỡng hạng III",
        "tt-02-2025-byt-trich.md:72",
        "Điều dưỡng hạng III",
    ),
    (
        "Điều dưỡng hạng IV",
        "tt-02-2025-byt-trich.md:144",
        "Điều dưỡng hạng IV",
    ),
    (
        "Giáo viên trung học cơ sở hạng III",
        "tt-03-2021-bgddt.md:62",
        "Giáo viên trung học cơ sở hạng III",
    ),
    (
        "Giáo viên trung học cơ sở hạng II",
        "tt-03-2021-bgddt.md:118",
        "Giáo viên trung học cơ sở hạng II",
    ),
    (
        "Giáo viên trung học cơ sở hạng I",
        "tt-03-2021-bgddt.md:170",
        "Giáo viên trung học cơ sở hạng I",
    ),
    (
        "Phương pháp viên hạng II",
        "tt-03-2022-bvhttdl.md:66",
        "Phương pháp viên hạng II",
    ),
    (
        "Phương pháp viên hạng III",
        "tt-03-2022-bvhttdl.md:108",
        "Phương pháp viên hạng III",
    ),
    (
        "Phương pháp viên hạng IV",
        "tt-03-2022-bvhttdl.md:146",
        "Phương pháp viên hạng IV",
    ),
    (
        "Hướng dẫn viên văn hóa hạng II",
        "tt-03-2022-bvhttdl.md:174",
        "Hướng dẫn viên văn hóa hạng II",
    ),
    (
        "Hướng dẫn viên văn hóa hạng III",
        "tt-03-2022-bvhttdl.md:218",
        "Hướng dẫn viên văn hóa hạng III",
    ),
    (
        "Hướng dẫn viên văn hóa hạng IV",
        "tt-03-2022-bvhttdl.md:258",
        "Hướng dẫn viên văn hóa hạng IV",
    ),
    (
        "Giáo viên trung học phổ thông hạng III",
        "tt-04-2021-bgddt.md:46",
        "Giáo viên trung học phổ thông hạng III",
    ),
    (
        "Giáo viên trung học phổ thông hạng II",
        "tt-04-2021-bgddt.md:100",
        "Giáo viên trung học phổ thông hạng II",
    ),
    (
        "Giáo viên trung học phổ thônghạng I",
        "tt-04-2021-bgddt.md:154",
        "?",
    ),
    (
        "Lưu trữ viên chính",
        "tt-07-2022-bnv.md:88",
        "Lưu trữ viên chính",
    ),
    ("Lưu trữ viên", "tt-07-2022-bnv.md:126", "Lưu trữ viên"),
    (
        "Lưu trữ viên trung cấp",
        "tt-07-2022-bnv.md:162",
        "Lưu trữ viên trung cấp",
    ),
    (
        "Huấn luyện viên cao cấp (hạng I)",
        "tt-07-2022-bvhttdl.md:68",
        "Huấn luyện viên cao cấp (hạng I)",
    ),
    (
        "Huấn luyện viên chính (hạng II)",
        "tt-07-2022-bvhttdl.md:120",
        "Huấn luyện viên chính (hạng II)",
    ),
    (
        "Huấn luyện viên (hạng III)",
        "tt-07-2022-bvhttdl.md:172",
        "Huấn luyện viên (hạng III)",
    ),
    (
        "Hướng dẫn viên (hạng IV)",
        "tt-07-2022-bvhttdl.md:220",
        "Hướng dẫn viên thể dục thể thao (hạng IV)",
    ),
    (
        "Bác sĩ cao cấp (hạng I)",
        "tt-41-2025-byt-trich.md:24",
        "Bác sĩ cao cấp (hạng I)",
    ),
    (
        "Bác sĩ chính (hạng II)",
        "tt-41-2025-byt-trich.md:96",
        "Bác sĩ chính (hạng II)",
    ),
    (
        "Bác sĩ (hạng III)",
        "tt-41-2025-byt-trich.md:164",
        "Bác sĩ (hạng III)",
    ),
    (
        "Y sĩ hạng IV",
        "tt-41-2025-byt-trich.md:230",
        "Y sĩ (hạng IV)",
    ),
    (
        "Dân số viên hạng II",
        "ttlt-08-2016-byt-bnv.md:62",
        "Dân số viên hạng II",
    ),
    (
        "Dân số viên hạng III",
        "ttlt-08-2016-byt-bnv.md:114",
        "Dân số viên hạng III",
    ),
    (
        "Dân số viên hạng IV",
        "ttlt-08-2016-byt-bnv.md:164",
        "Dân số viên hạng IV",
    ),
    (
        "Bác sĩ y học dự phòng cao cấp (hạng I)",
        "ttlt-10-2015-byt-bnv.md:294",
        "Bác sĩ y học dự phòng cao cấp (hạng I)",
    ),
    (
        "Bác sĩ y học dự phòng chính (hạng II)",
        "ttlt-10-2015-byt-bnv.md:358",
        "Bác sĩ y học dự phòng chính (hạng II)",
    ),
    (
        "Bác sĩ y học dự phòng (hạng III)",
        "ttlt-10-2015-byt-bnv.md:420",
        "Bác sĩ y học dự phòng (hạng III)",
    ),
    (
        "Y sĩ (hạng IV)",
        "ttlt-10-2015-byt-bnv.md:476",
        "Y sĩ (hạng IV)",
    ),
    (
        "Y tế công cộng cao cấp (hạng I)",
        "ttlt-11-2015-byt-bnv.md:60",
        "Y tế công cộng cao cấp (hạng I)",
    ),
    (
        "Y tế công cộng chính (hạng II)",
        "ttlt-11-2015-byt-bnv.md:132",
        "Y tế công cộng chính (hạng II)",
    ),
    (
        "Y tế công cộng (hạng III)",
        "ttlt-11-2015-byt-bnv.md:202",
        "Y tế công cộng (hạng III)",
    ),
    (
        "Điều dưỡng hạng II",
        "ttlt-26-2015-byt-bnv.md:78",
        "Điều dưỡng hạng II",
    ),
    (
        "Hộ sinh hạng II",
        "ttlt-26-2015-byt-bnv.md:358",
        "Hộ sinh hạng II",
    ),
    (
        "Hộ sinh hạng III",
        "ttlt-26-2015-byt-bnv.md:458",
        "Hộ sinh hạng III",
    ),
    (
        "Hộ sinh hạng IV",
        "ttlt-26-2015-byt-bnv.md:554",
        "Hộ sinh hạng IV",
    ),
    (
        "Kỹ thuật y hạng II",
        "ttlt-26-2015-byt-bnv.md:642",
        "Kỹ thuật y hạng II",
    ),
    (
        "Kỹ thuật y hạng III",
        "ttlt-26-2015-byt-bnv.md:728",
        "Kỹ thuật y hạng III",
    ),
    (
        "Kỹ thuật y hạng IV",
        "ttlt-26-2015-byt-bnv.md:808",
        "Kỹ thuật y hạng IV",
    ),
    (
        "Dược sĩ cao cấp",
        "ttlt-27-2015-byt-bnv.md:62",
        "Dược sĩ cao cấp",
    ),
    (
        "Dược sĩ chính",
        "ttlt-27-2015-byt-bnv.md:118",
        "Dược sĩ chính",
    ),
    (
        "Dược sĩ",
        "ttlt-27-2015-byt-bnv.md:172",
        "Dược sĩ (hạng III)",
    ),
    (
        "Dược hạng IV",
        "ttlt-27-2015-byt-bnv.md:228",
        "Dược hạng IV",
    ),
    (
        "Công tác xã hội viên chính (hạng II)",
        "ttlt-30-2015-bldtbxh-bnv.md:66",
        "Công tác xã hội viên chính (hạng II)",
    ),
    (
        "Công tác xã hội viên (hạng III)",
        "ttlt-30-2015-bldtbxh-bnv.md:124",
        "Công tác xã hội viên (hạng III)",
    ),
    (
        "Nhân viên công tác xã hội (hạng IV)",
        "ttlt-30-2015-bldtbxh-bnv.md:186",
        "Nhân viên công tác xã hội (hạng IV)",
    ),
    (
        "Bảo vệ viên bảo vệ thực vật hạng II",
        "ttlt-36-2015-bnnptnt-bnv.md:74",
        "Bảo vệ viên bảo vệ thực vật hạng II",
    ),
    (
        "Bảo vệ viên bảo vệ thực vật hạng III",
        "ttlt-36-2015-bnnptnt-bnv.md:124",
        "Bảo vệ viên bảo vệ thực vật hạng III",
    ),
    (
        "Kỹ thuật viên bảo vệ thực vật hạng IV",
        "ttlt-36-2015-bnnptnt-bnv.md:172",
        "Kỹ thuật viên bảo vệ thực vật hạng IV",
    ),
    (
        "Giám định viên thuốc bảo vệ thực vật hạng II",
        "ttlt-36-2015-bnnptnt-bnv.md:224",
        "Giám định viên thuốc bảo vệ thực vật hạng II",
    ),
    (
        "Giám định viên thuốc bảo vệ thực vật hạng III",
        "ttlt-36-2015-bnnptnt-bnv.md:272",
        "Giám định viên thuốc bảo vệ thực vật hạng III",
    ),
    (
        "Kỹ thuật viên giám định thuốc bảo vệ thực vật hạng IV",
        "ttlt-36-2015-bnnptnt-bnv.md:324",
        "Kỹ thuật viên giám định thuốc bảo vệ thực vật hạng IV",
    ),
    (
        "Kiểm nghiệm viên cây trồng hạng II",
        "ttlt-36-2015-bnnptnt-bnv.md:372",
        "Kiểm nghiệm viên cây trồng hạng II",
    ),
    (
        "Kiểm nghiệm viên cây trồng hạng III",
        "ttlt-36-2015-bnnptnt-bnv.md:420",
        "Kiểm nghiệm viên cây trồng hạng III",
    ),
    (
        "Kỹ thuật viên kiểm nghiệm cây trồng hạng IV",
        "ttlt-36-2015-bnnptnt-bnv.md:472",
        "Kỹ thuật viên kiểm nghiệm cây trồng hạng IV",
    ),
    (
        "Chẩn đoán viên bệnh động vật hạng II",
        "ttlt-37-2015-bnnptnt-bnv.md:84",
        "Chẩn đoán viên bệnh động vật hạng II",
    ),
    (
        "Chẩn đoán viên bệnh động vật hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:138",
        "Chẩn đoán viên bệnh động vật hạng III",
    ),
    (
        "Kỹ thuật viên chẩn đoán bệnh động vật hạng IV",
        "ttlt-37-2015-bnnptnt-bnv.md:190",
        "Kỹ thuật viên chẩn đoán bệnh động vật hạng IV",
    ),
    (
        "Kiểm tra viên vệ sinh thú y hạng II",
        "ttlt-37-2015-bnnptnt-bnv.md:246",
        "Kiểm tra viên vệ sinh thú y hạng II",
    ),
    (
        "Kiểm tra viên vệ sinh thú y hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:300",
        "Kiểm tra viên vệ sinh thú y hạng III",
    ),
    (
        "Kỹ thuật viên kiểm tra vệ sinh thú y hạng IV",
        "ttlt-37-2015-bnnptnt-bnv.md:354",
        "Kỹ thuật viên kiểm tra vệ sinh thú y hạng IV",
    ),
    (
        "Kiểm nghiệm viên thuốc thú y hạng II",
        "ttlt-37-2015-bnnptnt-bnv.md:408",
        "Kiểm nghiệm viên thuốc thú y hạng II",
    ),
    (
        "Kiểm nghiệm viên thuốc thú y hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:458",
        "Kiểm nghiệm viên thuốc thú y hạng III",
    ),
    (
        "Kỹ thuật viên kiểm nghiệm thuốc thú y hạng IV",
        "ttlt-37-2015-bnnptnt-bnv.md:510",
        "Kỹ thuật viên kiểm nghiệm thuốc thú y hạng IV",
    ),
    (
        "Kiểm nghiệm viên chăn nuôi hạng II",
        "ttlt-37-2015-bnnptnt-bnv.md:568",
        "Kiểm nghiệm viên chăn nuôi hạng II",
    ),
    (
        "Kiểm nghiệm viên chăn nuôi hạng III",
        "ttlt-37-2015-bnnptnt-bnv.md:618",
        "Kiểm nghiệm viên chăn nuôi hạng III",
    ),
    (
        "Kỹ thuật viên kiểm nghiệm chăn nuôi hạng IV",
        "ttlt-37-2015-bnnptnt-bnv.md:668",
        "Kỹ thuật viên kiểm nghiệm chăn nuôi hạng IV",
    ),
];

/// Codes ([`LAW_CODES`]) and names ([`LAW_NAMES`]) as the law texts write them: each must find
/// its title on its own.
#[test]
fn every_code_and_title_name_the_law_texts_write_finds_its_title() {
    let rules = builtin_rules();
    let plan = Plan::for_date(&rules, Date::parse_iso("2026-11-25").unwrap(), "built-in");
    let codes = LAW_CODES
        .iter()
        .map(|&(code, title, source)| (code, source, title));
    let mut wrong = Vec::new();
    for (text, source, want) in codes.chain(LAW_NAMES.iter().copied()) {
        let got = plan
            .find_rank(text)
            .map_or("?", |id| plan.subjects[id as usize].name.as_str());
        if got != want {
            wrong.push(format!("`{text}` ({source}) → {got}, expected {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The catalogue grows toward the 400 sourced spellings of issue 14; this counts what is there.
#[test]
fn the_catalogue_counts_its_spellings() {
    let sourced =
        SOURCED.len() + RANKS.len() + RANKS_SOURCED.len() + LAW_CODES.len() + LAW_NAMES.len();
    // with their source: 416 (issue 14 asks for 400); with the unsourced catalogue: 525
    assert!(sourced >= 400, "{sourced} sourced spellings");
    assert!(CATALOGUE.len() + sourced >= 525);
}

/// What a cell of `field` written `written` is read as: the level's name, or `? ` and the
/// problem reported.
fn read_as(plan: &Plan, field: usize, written: &str) -> String {
    match (&parse_cell(plan, field, written), plan.fields[field].kind) {
        (Cell::Level { level, .. }, chuanhoa::ruleset::FieldKind::Scale(s)) => {
            plan.scales[s].levels[*level as usize].name.clone()
        }
        (Cell::Invalid(bad), _) => format!("? {}", bad.problem),
        (other, _) => format!("{other:?}"),
    }
}

/// A level must come out exactly; `? words` wants an unreadable value whose message holds them,
/// and a suggestion only when the words ask for one ("did you mean"): an unreadable value the
/// catalogue lists without one must be offered none.
fn as_expected(got: &str, want: &str) -> bool {
    match want.strip_prefix("? ") {
        Some(words) => {
            got.starts_with("? ")
                && got.contains(words)
                && (words.contains("did you mean") || !got.contains("did you mean"))
        }
        None => got == want,
    }
}
