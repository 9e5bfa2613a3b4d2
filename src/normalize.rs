//! Vietnamese text keys: the one normalisation both rule names and roster values go through,
//! so that "Thạc sỹ", "thạc sĩ", "Th.S" and "ThS" meet where they should.
//!
//! A key is: Unicode NFC; lower case; old-style tone placement moved to the modern vowel
//! ("hoà" → "hòa", "thuỷ" → "thủy"); a syllable-final "y" after a consonant read as "i"
//! ("sỹ" → "sĩ", "kỹ" → "kĩ", "lý" → "lí"); dots dropped ("Th.S" → "ths"); spaces around
//! "-" dropped; every run of white space (non-breaking included) as one space; trimmed.

use unicode_normalization::UnicodeNormalization;

/// Distinct texts a thread remembers the key of (rosters repeat a few hundred spellings per
/// column); past this the memory is cleared and refilled.
const MEMO_CAPACITY: usize = 16_384;

thread_local! {
    static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Box<str>>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// [`text_key`] remembered per thread: the per-row path (roster cells, titles) normalises each
/// distinct spelling once instead of once per person.
pub(crate) fn text_key_memo(raw: &str) -> String {
    MEMO.with(|memo| {
        if let Some(key) = memo.borrow().get(raw) {
            return key.to_string();
        }
        let key = text_key(raw);
        let mut memo = memo.borrow_mut();
        if memo.len() >= MEMO_CAPACITY {
            memo.clear();
        }
        memo.insert(raw.into(), key.as_str().into());
        key
    })
}

/// The comparison key of a text; see the module doc for what it folds.
pub(crate) fn text_key(raw: &str) -> String {
    let composed: String = raw.nfc().collect();
    let lower = composed.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut out = String::with_capacity(lower.len());
    let mut pending_space = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || c == '\u{00A0}' || c == '_' {
            pending_space = !out.is_empty();
            i += 1;
            continue;
        }
        if c == '.' {
            i += 1;
            continue;
        }
        if c == '-' || c == '–' || c == '—' {
            pending_space = false;
            out.push('-');
            i += 1;
            // spaces after a hyphen are dropped too
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            continue;
        }
        if pending_space && !out.ends_with('-') {
            out.push(' ');
        }
        pending_space = false;
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let word_ends_after_next = after.is_none_or(|a| !a.is_alphabetic());
        // old-style "oà, oè, uỳ": the tone sits on the second vowel at the end of a word
        if let (Some(n), true) = (next, word_ends_after_next)
            && let Some((base_tone, plain)) = move_tone(c, n)
        {
            out.push(base_tone);
            out.push(plain);
            i += 2;
            continue;
        }
        // "sỹ" → "sĩ": a word-final y (any tone) right after a consonant
        if let Some(as_i) = y_as_i(c) {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next_is_letter = next.is_some_and(|n| n.is_alphabetic());
            if prev.is_some_and(is_consonant) && !next_is_letter {
                out.push(as_i);
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out.trim_end_matches([' ', ',', ';', '-']).to_string()
}

/// Old tone placement `first` + toned `second` → toned `first` + plain `second`, for the
/// pairs "oa", "oe", "uy".
fn move_tone(first: char, second: char) -> Option<(char, char)> {
    const OA: [(char, char); 5] = [('à', 'ò'), ('á', 'ó'), ('ả', 'ỏ'), ('ã', 'õ'), ('ạ', 'ọ')];
    const OE: [(char, char); 5] = [('è', 'ò'), ('é', 'ó'), ('ẻ', 'ỏ'), ('ẽ', 'õ'), ('ẹ', 'ọ')];
    const UY: [(char, char); 5] = [('ỳ', 'ù'), ('ý', 'ú'), ('ỷ', 'ủ'), ('ỹ', 'ũ'), ('ỵ', 'ụ')];
    let (table, plain) = match first {
        'o' => {
            if OA.iter().any(|(t, _)| *t == second) {
                (&OA, 'a')
            } else {
                (&OE, 'e')
            }
        }
        'u' => (&UY, 'y'),
        _ => return None,
    };
    table
        .iter()
        .find(|(toned, _)| *toned == second)
        .map(|(_, moved)| (*moved, plain))
}

/// The "i" spelling of a toned or plain "y".
fn y_as_i(c: char) -> Option<char> {
    Some(match c {
        'y' => 'i',
        'ỳ' => 'ì',
        'ý' => 'í',
        'ỷ' => 'ỉ',
        'ỹ' => 'ĩ',
        'ỵ' => 'ị',
        _ => return None,
    })
}

/// A Latin consonant letter (Vietnamese đ included).
fn is_consonant(c: char) -> bool {
    matches!(
        c,
        'b' | 'c'
            | 'd'
            | 'đ'
            | 'g'
            | 'h'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'p'
            | 'r'
            | 's'
            | 't'
            | 'v'
            | 'x'
    )
}

/// The key with diacritics removed, used only to rank "did you mean" suggestions.
pub(crate) fn ascii_fold(key: &str) -> String {
    key.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::text_key;

    #[test]
    fn keys_fold_what_rosters_vary() {
        let same = [
            ("Hoà", "Hòa"),
            ("Thuỷ", "Thủy"),
            ("Thạc sỹ", "thạc sĩ"),
            ("Kỹ sư", "kĩ sư"),
            ("Th.S", "ThS"),
            ("TC LLCT - HC", "tc llct-hc"),
            ("  Đại   học ", "đại học"),
            ("Đại\u{00A0}học.", "Đại học"),
            ("Cao cấp LLCT – hành chính", "cao cấp llct-hành chính"),
            // decomposed (NFD) input
            ("Đa\u{0323}i ho\u{0323}c", "Đại học"),
        ];
        for (a, b) in same {
            assert_eq!(text_key(a), text_key(b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn keys_keep_what_differs() {
        let differ = [
            ("Cử nhân chính trị", "Cử nhân chính trị học"),
            ("Quý", "Quỳ"),
            ("Trung cấp", "Cao cấp"),
        ];
        for (a, b) in differ {
            assert_ne!(text_key(a), text_key(b), "{a:?} vs {b:?}");
        }
        // "quý": the u belongs to "qu", but both spellings still fold alike
        assert_eq!(text_key("Thuý"), text_key("Thúy"));
    }
}
