//! Issue 13: `benches/workload.rules` (WORKLOAD.md in the rule language) gives exactly the
//! reference summary of ../shared/bench/WORKLOAD.md on the 100,000-row `gen_roster` roster,
//! generated here by the same generator (SplitMix64, same seed, same bytes) so the test needs
//! nothing outside the repository.

use chuanhoa::date::Date;
use chuanhoa::plan::Plan;

use crate::common::root;

const SEED: u64 = 0x5EED_2025_C4A1;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
    /// Picks from (value, weight) pairs.
    fn weighted<'a>(&mut self, xs: &[(&'a str, u64)]) -> &'a str {
        let total: u64 = xs.iter().map(|x| x.1).sum();
        let mut r = self.below(total);
        for (v, w) in xs {
            if r < *w {
                return v;
            }
            r -= w;
        }
        unreachable!()
    }
}

/// (position, tier, weight in ‰, is leader, kind of unit)
#[rustfmt::skip]
const POSITIONS: &[(&str, &str, u64, bool, Unit)] = &[
    ("Trưởng phòng", "huyện", 30, true, Unit::Dept),
    ("Phó trưởng phòng", "huyện", 40, true, Unit::Dept),
    ("Chuyên viên chính", "huyện", 40, false, Unit::Dept),
    ("Chuyên viên", "huyện", 140, false, Unit::Dept),
    ("Cán sự", "huyện", 30, false, Unit::Dept),
    ("Giáo viên mầm non", "huyện", 120, false, Unit::Local("Trường Mầm non")),
    ("Giáo viên tiểu học", "huyện", 140, false, Unit::Local("Trường Tiểu học")),
    ("Giáo viên trung học cơ sở", "huyện", 100, false, Unit::Local("Trường THCS")),
    ("Bí thư Đảng ủy xã", "xã", 20, true, Unit::Local("Đảng ủy xã")),
    ("Chủ tịch UBND xã", "xã", 20, true, Unit::Local("UBND xã")),
    ("Phó Chủ tịch UBND xã", "xã", 40, true, Unit::Local("UBND xã")),
    ("Công chức Văn phòng - Thống kê", "xã", 60, false, Unit::Local("UBND xã")),
    ("Công chức Tư pháp - Hộ tịch", "xã", 50, false, Unit::Local("UBND xã")),
    ("Công chức Địa chính - Xây dựng", "xã", 60, false, Unit::Local("UBND xã")),
    ("Công chức Tài chính - Kế toán", "xã", 60, false, Unit::Local("UBND xã")),
    ("Công chức Văn hóa - Xã hội", "xã", 50, false, Unit::Local("UBND xã")),
];

#[derive(Clone, Copy)]
enum Unit {
    /// A department of the huyện: "Phòng Nội vụ huyện Ba Tơ".
    Dept,
    /// A school or commune body: "UBND xã Sơn Dung, huyện Sơn Tây".
    Local(&'static str),
}

#[rustfmt::skip]
const DISTRICTS: &[&str] = &[
    "Ba Tơ", "Sơn Hà", "Sơn Tây", "Minh Long", "Trà Bồng", "Nghĩa Hành", "Mộ Đức", "Tư Nghĩa",
    "Bình Sơn", "Sơn Tịnh", "Lý Sơn", "Đức Phổ",
];
#[rustfmt::skip]
const COMMUNES: &[&str] = &[
    "Ba Động", "Ba Thành", "Ba Vì", "Sơn Dung", "Sơn Mùa", "Sơn Bua", "Sơn Kỳ", "Sơn Thủy",
    "Long Hiệp", "Long Môn", "Trà Phong", "Trà Thanh", "Hành Thiện", "Đức Lân", "Nghĩa Kỳ",
    "Bình Châu", "Tịnh Hiệp", "An Vĩnh", "Phổ Phong", "Thanh An",
];
#[rustfmt::skip]
const DEPTS: &[&str] = &[
    "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Giáo dục và Đào tạo",
    "Phòng Tài nguyên và Môi trường", "Phòng Tư pháp", "Phòng Văn hóa và Thông tin",
    "Phòng Lao động - Thương binh và Xã hội", "Phòng Dân tộc", "Văn phòng HĐND và UBND",
];
#[rustfmt::skip]
const SURNAMES_KINH: &[(&str, u64)] = &[
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Võ", 5), ("Phan", 4),
    ("Trương", 3), ("Bùi", 3), ("Đặng", 3), ("Đỗ", 3), ("Ngô", 2), ("Hồ", 2), ("Dương", 2),
    ("Đinh", 2), ("Lý", 1),
];
const SURNAMES_MINORITY: &[&str] = &["Đinh", "Phạm", "Hồ", "Y", "Bùi", "Đinh", "Hồ"];
const MIDDLE_M: &[&str] = &[
    "Văn", "Hữu", "Minh", "Đức", "Quang", "Công", "Thanh", "Ngọc",
];
const MIDDLE_F: &[&str] = &[
    "Thị",
    "Thị Thu",
    "Thị Minh",
    "Ngọc",
    "Thanh",
    "Thị Kim",
    "Thị Mỹ",
];
#[rustfmt::skip]
const GIVEN_M: &[&str] = &[
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phúc",
    "Quân", "Sơn", "Thắng", "Tuấn", "Việt", "Lực", "Nhân", "Trọng", "Hiếu",
];
#[rustfmt::skip]
const GIVEN_F: &[&str] = &[
    "Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngọc", "Nhung",
    "Phương", "Thảo", "Trang", "Yến", "Oanh", "Quyên", "Thủy", "Tuyết",
];
/// 77.3% Kinh, 22.7% minorities of Quảng Ngãi's mountain districts.
#[rustfmt::skip]
const ETHNICITIES: &[(&str, u64)] = &[
    ("Kinh", 773), ("Hrê", 90), ("Cor", 40), ("Ca Dong", 30), ("Xơ Đăng", 25), ("Co", 20),
    ("Ba Na", 10), ("Mường", 6), ("Tày", 6),
];
#[rustfmt::skip]
const EDUCATION: &[(&str, u64)] = &[
    ("Trung cấp", 75), ("Cao đẳng", 173), ("Đại học", 729), ("Thạc sĩ", 21), ("Tiến sĩ", 2),
];
#[rustfmt::skip]
const THEORY_LEADER: &[(&str, u64)] = &[
    ("Chưa qua đào tạo", 2), ("Sơ cấp", 8), ("Trung cấp", 60), ("Cao cấp", 25), ("Cử nhân", 5),
];
#[rustfmt::skip]
const THEORY_STAFF: &[(&str, u64)] = &[
    ("Chưa qua đào tạo", 40), ("Sơ cấp", 30), ("Trung cấp", 25), ("Cao cấp", 4), ("Cử nhân", 1),
];
#[rustfmt::skip]
const STATE_MGMT_LEADER: &[(&str, u64)] = &[
    ("Chưa qua đào tạo", 5), ("Chuyên viên", 55), ("Chuyên viên chính", 35),
    ("Chuyên viên cao cấp", 5),
];
#[rustfmt::skip]
const STATE_MGMT_STAFF: &[(&str, u64)] = &[
    ("Chưa qua đào tạo", 35), ("Chuyên viên", 50), ("Chuyên viên chính", 14),
    ("Chuyên viên cao cấp", 1),
];
const IT: &[(&str, u64)] = &[("Không", 10), ("Cơ bản", 75), ("Nâng cao", 15)];

/// The roster `gen_roster n` writes, as CSV bytes.
fn generate(n: u64) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "full_name",
        "birth_date",
        "gender",
        "ethnicity",
        "unit",
        "tier",
        "position",
        "education",
        "political_theory",
        "state_management",
        "it_skill",
        "minority_language",
    ])
    .unwrap();
    let pos_weights: Vec<(&str, u64)> = POSITIONS.iter().map(|p| (p.0, p.2)).collect();
    let mut rng = Rng(SEED);
    for id in 1..=n {
        let position = rng.weighted(&pos_weights);
        let &(_, tier, _, leader, unit_kind) = POSITIONS.iter().find(|p| p.0 == position).unwrap();
        let teacher = position.starts_with("Giáo viên");
        let female = rng.below(100) < if teacher { 75 } else { 40 };
        let ethnicity = rng.weighted(ETHNICITIES);
        let minority = ethnicity != "Kinh";
        let surname = if minority {
            rng.pick(SURNAMES_MINORITY)
        } else {
            rng.weighted(SURNAMES_KINH)
        };
        let (middle, given) = if female {
            (rng.pick(MIDDLE_F), rng.pick(GIVEN_F))
        } else {
            (rng.pick(MIDDLE_M), rng.pick(GIVEN_M))
        };
        let year = 1961 + rng.below(43); // ages 22..64 at the end of 2025
        let month = 1 + rng.below(12);
        let dim = match month {
            2 if year.is_multiple_of(4) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let day = 1 + rng.below(dim);
        let district = rng.pick(DISTRICTS);
        let unit = match unit_kind {
            Unit::Dept => format!("{} huyện {}", rng.pick(DEPTS), district),
            // The comma makes the csv writer quote these fields, as real exports do.
            Unit::Local(kind) => format!("{} {}, huyện {}", kind, rng.pick(COMMUNES), district),
        };
        let (theory, state) = if leader {
            (THEORY_LEADER, STATE_MGMT_LEADER)
        } else {
            (THEORY_STAFF, STATE_MGMT_STAFF)
        };
        let speaks = rng.below(100) < if minority { 85 } else { 10 };
        w.write_record([
            id.to_string().as_str(),
            &format!("{surname} {middle} {given}"),
            &format!("{year:04}-{month:02}-{day:02}"),
            if female { "Nữ" } else { "Nam" },
            ethnicity,
            &unit,
            tier,
            position,
            rng.weighted(EDUCATION),
            rng.weighted(theory),
            rng.weighted(state),
            rng.weighted(IT),
            if speaks { "Có" } else { "Không" },
        ])
        .unwrap();
    }
    w.into_inner().unwrap()
}

#[test]
fn workload_rules_give_the_reference_summary_at_100k() {
    let bytes = generate(100_000);
    let dir = std::env::temp_dir().join(format!("chuanhoa-workload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r100k.csv");
    std::fs::write(&path, &bytes).unwrap();
    let text = std::fs::read_to_string(root().join("benches/workload.rules")).unwrap();
    let rules = chuanhoa::check::load(vec![chuanhoa::source::SourceFile::new(
        "benches/workload.rules",
        text,
    )])
    .unwrap_or_else(|_| panic!("benches/workload.rules checks clean"));
    let plan = Plan::for_date(&rules, Date::parse_iso("2025-12-31").unwrap(), "workload");
    let out = chuanhoa::audit::audit_file(&plan, &path).unwrap();
    let s = chuanhoa::aggregate::summarize(&plan, &out);
    // WORKLOAD.md, "Reference summaries", N = 100,000
    assert_eq!(s.audited, 100_000);
    assert_eq!(s.with_gaps, 57_613);
    assert_eq!((s.incomplete, s.unmatched, s.rejected), (0, 0, 0));
    let gap = |name: &str| s.by_criterion.get(name).copied().unwrap_or(0);
    assert_eq!(gap("education"), 22_236);
    assert_eq!(gap("political_theory"), 15_716);
    assert_eq!(gap("state_management"), 18_701);
    assert_eq!(gap("it_skill"), 14_552);
    assert_eq!(gap("age"), 9_907);
    assert_eq!(gap("minority_language"), 5_185);
    let _ = std::fs::remove_dir_all(&dir);
}
