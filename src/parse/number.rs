//! Reading one cell's text as a number: digits in any width, separators, decimals, signs, units, placeholders.

use super::text::fold;
use crate::model::Num;

/// What a word in a table reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    /// A whole number (one cell). `yuan` is true when the word carried the unit 元 (not 万元).
    Num { value: Num, yuan: bool },
    /// A run of digits that may hold several cells run together (leading zeros, too long for one
    /// cell, or glued to text).
    Digits,
    /// A placeholder for "nothing here": "/", "—", "-", "无" …
    Blank,
}

const UNITS: &[&str] = &[
    "万元", "人次", "元", "次", "件", "个", "项", "条", "家", "人", "份",
];

/// Placeholders that stand for an empty cell.
pub fn is_placeholder(s: &str) -> bool {
    matches!(
        s,
        "/" | "／" | "—" | "——" | "-" | "－" | "–" | "−" | "无" | "空" | "\\" | "、" | "--"
    )
}

/// Strips a trailing unit. Returns the rest and the unit, if any.
pub fn strip_unit(s: &str) -> (&str, Option<&'static str>) {
    for u in UNITS {
        if let Some(rest) = s.strip_suffix(u) {
            if !rest.is_empty() {
                return (rest, Some(u));
            }
        }
    }
    (s, None)
}

/// Reads a whole word as a number, a digit run or a placeholder; `None` when it is text.
pub fn read_word(word: &str) -> Option<Word> {
    // Fast paths: most words are plain labels or plain small numbers.
    let first = word.chars().next()?;
    let numeric_start = first.is_ascii_digit()
        || ('０'..='９').contains(&first)
        || matches!(first, '-' | '−' | '+' | '－');
    if !numeric_start {
        return is_placeholder(word).then_some(Word::Blank);
    }
    if word.len() <= 17 && word.bytes().all(|b| b.is_ascii_digit()) {
        if word.len() > 1 && word.starts_with('0') {
            return Some(Word::Digits);
        }
        let mantissa = word
            .bytes()
            .fold(0i64, |acc, b| acc * 10 + (b - b'0') as i64);
        return Some(Word::Num {
            value: Num::int(mantissa),
            yuan: false,
        });
    }
    if is_placeholder(word) {
        return Some(Word::Blank);
    }
    let (body, unit) = strip_unit(word);
    // A number is digits, separators and a sign only (after folding): anything else is text.
    // (A thin space groups thousands as a comma does: "9 639".)
    let sep = |c: char| match c {
        '\u{2009}' | '\u{202F}' => ',',
        c => fold(c),
    };
    if !body
        .chars()
        .all(|c| matches!(sep(c), '0'..='9' | ',' | '.' | '-' | '+' | '−'))
    {
        return None;
    }
    let folded: String = body.chars().map(sep).collect();
    let (neg, digits) = match folded.strip_prefix(['-', '−', '+']) {
        Some(rest) => (folded.starts_with(['-', '−']), rest),
        None => (false, folded.as_str()),
    };
    if digits.is_empty() {
        return None;
    }
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let int_plain: String = if int.contains(',') {
        // Thousands separators: groups of exactly three digits after the first.
        let parts: Vec<&str> = int.split(',').collect();
        let ok = !parts[0].is_empty()
            && parts[0].len() <= 3
            && parts[1..].iter().all(|p| p.len() == 3)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return None;
        }
        parts.concat()
    } else {
        int.to_string()
    };
    if int_plain.is_empty() || !int_plain.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let frac_len = frac.map_or(0, str::len);
    let leading_zero = int_plain.len() > 1 && int_plain.starts_with('0');
    if leading_zero || int_plain.len() + frac_len > 17 || frac_len > 8 {
        return if neg || frac.is_some() || int.contains(',') {
            None
        } else {
            Some(Word::Digits)
        };
    }
    let mut mantissa: i64 = 0;
    for b in int_plain.bytes().chain(frac.unwrap_or("").bytes()) {
        mantissa = mantissa * 10 + (b - b'0') as i64;
    }
    if neg {
        mantissa = -mantissa;
    }
    Some(Word::Num {
        value: Num {
            mantissa,
            scale: frac_len as u8,
        }
        .normalized(),
        yuan: unit == Some("元"),
    })
}

/// Parses a plain digit string (ASCII digits, optional single '.') as one number. Leading zeros are
/// refused ("0" alone is fine, "0.5" is fine, "023" is not).
pub fn parse_plain(s: &str) -> Option<Num> {
    if s.is_empty() || s.len() > 17 {
        return None;
    }
    // Digits only (nearly every call, from the digit-run search): no decimal point to look for.
    if s.bytes().all(|b| b.is_ascii_digit()) {
        if s.len() > 1 && s.starts_with('0') {
            return None;
        }
        let mantissa = s.bytes().fold(0i64, |m, b| m * 10 + (b - b'0') as i64);
        return Some(Num { mantissa, scale: 0 }.normalized());
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 8 {
            return None;
        }
    }
    let mut mantissa: i64 = 0;
    for b in int.bytes().chain(frac.unwrap_or("").bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + (b - b'0') as i64;
    }
    Some(
        Num {
            mantissa,
            scale: frac.map_or(0, str::len) as u8,
        }
        .normalized(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(w: &str) -> Option<String> {
        match read_word(w) {
            Some(Word::Num { value, .. }) => Some(value.to_string()),
            Some(Word::Digits) => Some("digits".into()),
            Some(Word::Blank) => Some("blank".into()),
            None => None,
        }
    }

    #[test]
    fn words() {
        assert_eq!(num("39,732").as_deref(), Some("39732"));
        assert_eq!(num("24252.311082").as_deref(), Some("24252.311082"));
        assert_eq!(num("８次").as_deref(), Some("8"));
        assert_eq!(num("473300元").as_deref(), Some("473300"));
        assert_eq!(num("-3").as_deref(), Some("-3"));
        assert_eq!(num("１２３").as_deref(), Some("123"));
        assert_eq!(num("0").as_deref(), Some("0"));
        assert_eq!(num("00").as_deref(), Some("digits"));
        assert_eq!(num("0000023").as_deref(), Some("digits"));
        assert_eq!(num("—").as_deref(), Some("blank"));
        assert_eq!(num("无").as_deref(), Some("blank"));
        assert_eq!(num("1.属于").as_deref(), None);
        assert_eq!(num("1.").as_deref(), None);
        assert_eq!(num("规章"), None);
        assert_eq!(num("3,12"), None);
        assert!(matches!(
            read_word("5元"),
            Some(Word::Num { yuan: true, .. })
        ));
        assert!(matches!(
            read_word("5万元"),
            Some(Word::Num { yuan: false, .. })
        ));
    }

    #[test]
    fn plain() {
        assert_eq!(parse_plain("0"), Some(Num::ZERO));
        assert_eq!(parse_plain("023"), None);
        assert_eq!(
            parse_plain("18651.06").map(|n| n.to_string()).as_deref(),
            Some("18651.06")
        );
        assert_eq!(parse_plain("12345678901234567890"), None);
    }
}
