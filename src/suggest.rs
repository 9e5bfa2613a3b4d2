//! "Did you mean": the closest known name to an unknown one.

use crate::normalize::{ascii_fold, text_key};

/// The candidate closest to `wanted`, when one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted_fold = ascii_fold(&text_key(wanted));
    let mut best: Option<(&str, f64)> = None;
    for candidate in candidates {
        let fold = ascii_fold(&text_key(candidate));
        let score = if fold == wanted_fold {
            1.0
        } else {
            strsim::jaro_winkler(&fold, &wanted_fold)
        };
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((candidate, score));
        }
    }
    best.filter(|(_, s)| *s >= 0.8).map(|(c, _)| c)
}

/// `help` text for an unknown name: the suggestion, then what exists.
pub fn help_for(wanted: &str, what: &str, candidates: &[&str]) -> Option<String> {
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
}
