//! Text rosters that are not UTF-8: what Vietnamese offices actually save. Excel's "CSV" on a
//! Vietnamese Windows writes Windows-1258; its "Unicode text" writes UTF-16 with a BOM; old
//! files were typed in the TCVN3 (ABC) font encoding, whose letters look like Latin-1 symbols
//! ("Hä vµ tªn" for "Họ và tên"). Decoding happens once, before the CSV reader; TCVN3 is
//! recognised and reported, never silently misread.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

/// The encoding a text roster was found to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextEncoding {
    /// UTF-8, with or without BOM: read as it is, streamed.
    Utf8,
    /// UTF-16 with a BOM (Excel "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian with a BOM.
    Utf16Be,
    /// Not valid UTF-8: read as Windows-1258, the Vietnamese Windows code page.
    Windows1258,
}

impl TextEncoding {
    /// The name used in messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1258 => "Windows-1258",
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => UTF_8,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
            TextEncoding::Windows1258 => WINDOWS_1258,
        }
    }
}

/// Guesses the encoding from the first bytes of a file: a BOM; else UTF-16 written without one
/// (many NUL bytes, all on one side of each pair, which UTF-8 text never has); else UTF-8 when
/// the sample holds more valid multi-byte characters than stray bytes (so one bad byte rejects
/// its row instead of turning every letter of the file into Windows-1258 mojibake); else
/// Windows-1258.
pub(crate) fn sniff(start: &[u8]) -> TextEncoding {
    if start.starts_with(&[0xFF, 0xFE]) {
        return TextEncoding::Utf16Le;
    }
    if start.starts_with(&[0xFE, 0xFF]) {
        return TextEncoding::Utf16Be;
    }
    if let Some(utf16) = utf16_without_bom(start) {
        return utf16;
    }
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    let mut chunks = start.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        // a multi-byte character cut off at the end of the sample is still UTF-8
        let cut_at_end = chunks.peek().is_none() && chunk.invalid().len() < 4;
        if !chunk.invalid().is_empty() && !cut_at_end {
            invalid += 1;
        }
    }
    if invalid == 0 || valid_multibyte > invalid {
        TextEncoding::Utf8
    } else {
        TextEncoding::Windows1258
    }
}

/// UTF-16 without a BOM: in a sample of mostly Latin text one byte of each pair is NUL.
fn utf16_without_bom(start: &[u8]) -> Option<TextEncoding> {
    let pairs = start.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros_at = |offset: usize| {
        start
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 3 >= pairs && even * 10 <= odd {
        Some(TextEncoding::Utf16Le)
    } else if even * 3 >= pairs && odd * 10 <= even {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Decodes a whole file in the given encoding, composed to NFC (Windows-1258 writes tone marks
/// as combining characters).
pub(crate) fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    let (text, _, _) = encoding.encoding().decode(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.nfc().collect()
}

/// Characters that TCVN3 (ABC) letters turn into when read as Unicode or Windows code pages,
/// and that Vietnamese text never uses: "µ" is "à", "¸" is "á", "ª" is "ê", "¬" is "ơ"…
/// Vietnamese letters of Windows-1258 (`Ê`, `Â`, `Ô`…) are not among them.
const TCVN3_MARKS: &[char] = &[
    'µ', '¸', '¶', '·', '¹', '¨', '»', '¾', '¼', '½', 'Æ', '©', 'Ç', 'Ë', '®', 'ª', '¬', '¦', '§',
    'Ñ', 'Þ', 'ø', 'ß', '¡', '¢', '£', '¤', '¥',
];

/// When a text that was not UTF-8 looks typed in TCVN3: a sample of it, for the message. A mark
/// counts only inside a word, touching a Latin letter ("vµ", "tªn"), not after a digit as in
/// "IC3®". Never call this on valid UTF-8: Unicode text is not TCVN3, whatever it holds.
pub(crate) fn tcvn3_sample(text: &str) -> Option<String> {
    let mut marked_words = 0;
    let mut sample = None;
    for word in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let chars: Vec<char> = word.chars().collect();
        let marked = chars.iter().enumerate().any(|(i, c)| {
            TCVN3_MARKS.contains(c)
                && [i.checked_sub(1), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| chars.get(j))
                    .any(char::is_ascii_alphabetic)
        });
        if marked {
            marked_words += 1;
            sample.get_or_insert_with(|| word.chars().take(30).collect::<String>());
        }
    }
    (marked_words >= 2).then(|| sample.unwrap_or_default())
}

/// The message for a roster typed in TCVN3.
pub(crate) fn tcvn3_message(sample: &str, lang: crate::i18n::Lang) -> String {
    crate::i18n::tr!(
        lang,
        "văn bản có vẻ được gõ bằng bảng mã TCVN3 (ABC), không phải Unicode (ví dụ `{sample}`); \
         hãy chuyển sang Unicode trước (Unikey: Công cụ chuyển mã, nguồn TCVN3 (ABC), đích \
         Unicode) rồi lưu lại",
        "the text looks typed in the TCVN3 (ABC) font encoding, not Unicode (e.g. `{sample}`); \
         convert it to Unicode first (Unikey: Công cụ chuyển mã, nguồn TCVN3 (ABC), đích Unicode) \
         and save again"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_boms_and_invalid_utf8() {
        assert_eq!(sniff(b"\xEF\xBB\xBFH\xE1\xBB\x8D"), TextEncoding::Utf8);
        assert_eq!(sniff(b"\xFF\xFEH\x00"), TextEncoding::Utf16Le);
        assert_eq!(sniff(b"Ng\xE0y"), TextEncoding::Windows1258);
        // "ọ" cut after its first byte
        assert_eq!(sniff(b"H\xE1\xBB"), TextEncoding::Utf8);
    }

    #[test]
    fn decodes_windows_1258_to_composed_text() {
        // "Họ và tên" in Windows-1258: o + combining dot below (0xF2), a + combining grave (0xCC)
        let bytes = b"Ho\xF2 va\xCC t\xEAn";
        assert_eq!(decode(bytes, TextEncoding::Windows1258), "Họ và tên");
    }

    #[test]
    fn recognises_tcvn3() {
        assert!(tcvn3_sample("Hä vµ tªn,Ngµy sinh,Tr×nh ®é").is_some());
        assert!(tcvn3_sample("Họ và tên,Ngày sinh,Trình độ").is_none());
    }

    #[test]
    fn vietnamese_capitals_and_symbols_are_not_tcvn3() {
        // what Windows-1258 text holds: Ê, Â, Ô are Vietnamese letters; ® after a digit
        assert!(tcvn3_sample("HỌ VÀ TÊN,LÊ THỊ Ê,Ê Đê,IC3® IC3®").is_none());
    }

    #[test]
    fn one_bad_byte_in_utf8_text_is_still_utf8() {
        let mut bytes = "Họ và tên,Trình độ\nLê Văn Ấn,Đại học\n"
            .as_bytes()
            .to_vec();
        bytes.insert(30, 0xFF);
        assert_eq!(sniff(&bytes), TextEncoding::Utf8);
    }

    #[test]
    fn utf16_without_bom() {
        let le: Vec<u8> = "Họ và tên,Ngạch\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Họ và tên,Ngạch\r\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(sniff(&le), TextEncoding::Utf16Le);
        assert_eq!(sniff(&be), TextEncoding::Utf16Be);
    }
}
