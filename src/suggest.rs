//! "Did you mean": the closest known name to an unknown one — only when it is surely a typo of
//! it. A wrong suggestion is worse than none: a roster value meaning "below college" must not be
//! offered "Dược sĩ", a legacy "B" must not be offered "B1", "1/12" must not become "12/12".

use crate::normalize::{ascii_fold, text_key};

/// Words that change what a value means; a suggestion must not add or drop one.
const MEANING_WORDS: &[&str] = &[
    "duoi", "tren", "chua", "khong", "ngoai", "tuong", "duong", "sau", "truoc",
];

/// The candidate that `wanted` is surely a typo of: the same text once case, spacing and
/// diacritics are folded, or a small edit of it (at most one character in four, none for
/// words of three characters or less) that keeps every number and every word that changes the
/// meaning ("dưới", "trên", "chưa", "tương đương"…). None when no candidate qualifies or two are
/// equally close.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted_fold = ascii_fold(&text_key(wanted));
    let wanted_len = wanted_fold.chars().count();
    let mut best: Option<(&str, usize)> = None;
    let mut tie = false;
    for candidate in candidates {
        let fold = ascii_fold(&text_key(candidate));
        if numbers(&fold) != numbers(&wanted_fold)
            || meaning_words(&fold) != meaning_words(&wanted_fold)
        {
            continue;
        }
        let distance = strsim::levenshtein(&fold, &wanted_fold);
        let longest = wanted_len.max(fold.chars().count());
        let allowed = if longest <= 3 { 0 } else { longest / 4 };
        if distance > allowed {
            continue;
        }
        match best {
            Some((_, d)) if d < distance => {}
            Some((c, d)) if d == distance => {
                // two spellings of one name are not a tie; two names are
                if ascii_fold(&text_key(c)) != fold {
                    tie = true;
                }
            }
            _ => {
                best = Some((candidate, distance));
                tie = false;
            }
        }
    }
    if tie { None } else { best.map(|(c, _)| c) }
}

/// The numbers in a folded text, in order: "12/12" → [12, 12], "b1" → [1].
fn numbers(fold: &str) -> Vec<&str> {
    fold.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The meaning-changing words of a folded text, sorted.
fn meaning_words(fold: &str) -> Vec<&str> {
    let mut words: Vec<&str> = fold
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| MEANING_WORDS.contains(w))
        .collect();
    words.sort_unstable();
    words
}

/// `help` text for an unknown name: the suggestion, then what exists.
pub(crate) fn help_for(wanted: &str, what: &str, candidates: &[&str]) -> Option<String> {
    let list = if candidates.len() <= 12 {
        format!("{what}: {}", candidates.join(", "))
    } else {
        format!(
            "{what}: {}, … ({} in all)",
            candidates[..12].join(", "),
            candidates.len()
        )
    };
    match did_you_mean(wanted, candidates.iter().copied()) {
        Some(s) => Some(format!("did you mean `{s}`? {list}")),
        None if candidates.is_empty() => None,
        None => Some(list),
    }
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_diacritic_typo() {
        let levels = ["Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ"];
        assert_eq!(did_you_mean("Đai học", levels), Some("Đại học"));
        assert_eq!(did_you_mean("Dai hoc", levels), Some("Đại học"));
        assert_eq!(did_you_mean("xyzzy", levels), None);
    }

    /// Real misspellings and misleading near-misses, each with the suggestion it must get.
    #[test]
    fn suggestions_never_mislead() {
        let education = [
            "Chưa qua đào tạo",
            "Sơ cấp",
            "Trung cấp",
            "Cao đẳng",
            "Đại học",
            "Thạc sĩ",
            "Tiến sĩ",
            "Dược sĩ",
            "Bác sĩ",
        ];
        let general = ["5/12", "9/12", "12/12", "7/10", "10/10", "THCS", "THPT"];
        let languages = ["A1", "A2", "B1", "B2", "Bậc 2", "Bậc 3", "Anh B"];
        let state = [
            "Chuyên viên",
            "Chuyên viên chính",
            "Chuyên viên cao cấp",
            "CV",
            "CVC",
        ];
        let political = ["Sơ cấp", "Trung cấp", "Cao cấp", "TC LLCT-HC", "CC LLCT-HC"];
        let table: &[(&str, &[&str], Option<&str>)] = &[
            ("Đai học", &education, Some("Đại học")),
            ("Thac si", &education, Some("Thạc sĩ")),
            ("Tien sy", &education, Some("Tiến sĩ")),
            ("Cao đằng", &education, Some("Cao đẳng")),
            ("Trung câp", &education, Some("Trung cấp")),
            ("Dưới cao đẳng", &education, None),
            ("Dưới trung cấp", &education, None),
            ("Dược sĩ CKII", &education, None),
            ("Chưa đào tạo", &education, Some("Chưa qua đào tạo")),
            ("Trên đại học", &education, None),
            ("1/12", &general, None),
            ("11/12", &general, None),
            ("12/12 ", &general, Some("12/12")),
            ("B", &languages, None),
            ("C", &languages, None),
            ("B1 ", &languages, Some("B1")),
            ("Bac 3", &languages, Some("Bậc 3")),
            ("Chuyên viên chín", &state, Some("Chuyên viên chính")),
            ("Chuyen vien cao cap", &state, Some("Chuyên viên cao cấp")),
            ("QLNN chương trình chuyên viên", &state, None),
            ("CX", &state, None),
            ("TC LLCT-HCC", &political, Some("TC LLCT-HC")),
            ("Trung cap", &political, Some("Trung cấp")),
            ("Cao cấp chính trị", &political, None),
        ];
        for (wanted, candidates, expected) in table {
            assert_eq!(
                did_you_mean(wanted, candidates.iter().copied()),
                *expected,
                "`{wanted}`"
            );
        }
    }
}
