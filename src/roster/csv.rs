//! CSV specifics: which separator a file uses. Reading itself is in `reader.rs`, shared with
//! the other formats.

/// The separator the first line uses most outside quotes: `,`, `;` or a tab (Excel's
/// "Unicode text"); `,` on a tie.
pub fn sniff_delimiter(start: &[u8]) -> u8 {
    let line = start.split(|&b| b == b'\n').next().unwrap_or(start);
    let (mut commas, mut semicolons, mut tabs, mut quoted) = (0, 0, 0, false);
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs > semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_semicolons() {
        assert_eq!(sniff_delimiter(b"a;b;\"c,d\"\n1;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a,b;c,d\n"), b',');
    }

    #[test]
    fn sniffs_tabs() {
        assert_eq!(sniff_delimiter(b"a\tb\tc,d\n"), b'\t');
    }
}
