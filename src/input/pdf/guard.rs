//! Measures, before the PDF library sees a file, how many bytes its compressed streams would inflate to (without keeping them), so a decompression bomb is refused in bounded time and memory.

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZFlush, MZStatus};
use std::borrow::Cow;

/// Most bytes all the file's non-image streams may decode to together (a report's PDF: a few MB;
/// fonts and content of a 100-page report stay far below). Images are never decoded.
pub const MAX_DECODED: u64 = 256 * 1024 * 1024;
/// What an expanding filter after the first one may multiply by (counted, not decoded).
const CHAINED_FACTOR: u64 = 128;

/// The decoded size of every stream, summed; `Err(())` once it passes `limit`.
pub fn measure(bytes: &[u8], limit: u64) -> Result<u64, ()> {
    let mut total: u64 = 0;
    let mut at = 0;
    while let Some(i) = find(bytes, b"stream", at) {
        at = i + 6;
        // `endstream` is not a stream's start.
        if i >= 3 && bytes.get(i - 3..i) == Some(b"end".as_slice()) {
            continue;
        }
        let mut body = at;
        if bytes.get(body) == Some(&b'\r') {
            body += 1;
        }
        if bytes.get(body) == Some(&b'\n') {
            body += 1;
        }
        if body == at {
            continue;
        }
        let end = find(bytes, b"endstream", body).unwrap_or(bytes.len());
        let data = bytes.get(body..end).unwrap_or_default();
        let dict = dict_before(bytes, i);
        if is_image(dict) {
            at = end;
            continue;
        }
        let filters = filters(dict);
        let left = limit.saturating_sub(total);
        let n = decoded_size(data, &filters, left);
        total = total.saturating_add(n);
        if total > limit {
            return Err(());
        }
        at = end;
    }
    Ok(total)
}

/// The bytes between the object's start (`obj`) and its `stream` keyword (at most 4 KB back).
fn dict_before(bytes: &[u8], stream_at: usize) -> &[u8] {
    let from = stream_at.saturating_sub(4096);
    let window = bytes.get(from..stream_at).unwrap_or_default();
    match rfind(window, b"obj") {
        Some(j) => window.get(j..).unwrap_or_default(),
        None => window,
    }
}

fn is_image(dict: &[u8]) -> bool {
    let squeezed: Vec<u8> = dict
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    find(&squeezed, b"/Subtype/Image", 0).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum F {
    Flate,
    Lzw,
    RunLength,
    Hex,
    A85,
    /// Image codecs and anything unknown: not decoded by us.
    Other,
}

/// The stream's filters in order, from its dictionary text.
fn filters(dict: &[u8]) -> Vec<F> {
    let Some(i) = find(dict, b"/Filter", 0) else {
        return Vec::new();
    };
    let rest = dict.get(i + 7..).unwrap_or_default();
    let mut out = Vec::new();
    let mut j = 0;
    // Skip white space, then one name or an array of names.
    while rest.get(j).is_some_and(u8::is_ascii_whitespace) {
        j += 1;
    }
    let array = rest.get(j) == Some(&b'[');
    loop {
        while rest
            .get(j)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'[')
        {
            j += 1;
        }
        if rest.get(j) != Some(&b'/') {
            break;
        }
        let start = j + 1;
        j = start;
        while rest
            .get(j)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'#')
        {
            j += 1;
        }
        let name = rest.get(start..j).unwrap_or_default();
        out.push(match name {
            b"FlateDecode" | b"Fl" => F::Flate,
            b"LZWDecode" | b"LZW" => F::Lzw,
            b"RunLengthDecode" | b"RL" => F::RunLength,
            b"ASCIIHexDecode" | b"AHx" => F::Hex,
            b"ASCII85Decode" | b"A85" => F::A85,
            _ => F::Other,
        });
        if !array || out.len() >= 8 {
            break;
        }
    }
    out
}

/// How many bytes `data` decodes to through `filters` (the first expanding filter measured, the
/// ASCII ones before it decoded, any expanding filter after it counted at its worst ratio).
pub(super) fn decoded_size(data: &[u8], filters: &[F], limit: u64) -> u64 {
    let mut cur: Cow<'_, [u8]> = Cow::Borrowed(data);
    let mut k = 0;
    while let Some(f) = filters.get(k) {
        cur = match f {
            F::Hex => Cow::Owned(hex(&cur)),
            F::A85 => Cow::Owned(a85(&cur)),
            _ => break,
        };
        k += 1;
    }
    let data: &[u8] = &cur;
    let first = match filters.get(k) {
        Some(F::Flate) => flate_size(data, limit),
        Some(F::Lzw) => lzw_size(data),
        Some(F::RunLength) => run_length_size(data),
        Some(_) => data.len() as u64,
        // No filter named (or an indirect /Filter): a zlib header still says what it is.
        None if data.first() == Some(&0x78) => flate_size(data, limit),
        None => data.len() as u64,
    };
    let later = filters
        .iter()
        .skip(k + 1)
        .filter(|f| matches!(f, F::Flate | F::Lzw | F::RunLength))
        .count();
    let mut n = first;
    for _ in 0..later {
        n = n.saturating_mul(CHAINED_FACTOR);
    }
    n
}

/// Inflates without keeping the output (zlib, else raw deflate, as the library tries), up to
/// `limit` + 1 bytes.
fn flate_size(data: &[u8], limit: u64) -> u64 {
    let zlib = inflate_count(data, DataFormat::Zlib, limit);
    if zlib.1 {
        return zlib.0;
    }
    let raw = inflate_count(data, DataFormat::Raw, limit);
    zlib.0.max(raw.0)
}

/// (bytes out, whether the stream was well formed up to where it stopped).
fn inflate_count(data: &[u8], format: DataFormat, limit: u64) -> (u64, bool) {
    let mut state = InflateState::new_boxed(format);
    let mut buf = vec![0u8; 64 * 1024];
    let mut input = data;
    let mut out: u64 = 0;
    loop {
        let r = inflate(&mut state, input, &mut buf, MZFlush::None);
        out = out.saturating_add(r.bytes_written as u64);
        input = input.get(r.bytes_consumed..).unwrap_or_default();
        if out > limit {
            return (out, true);
        }
        match r.status {
            Ok(MZStatus::StreamEnd) => return (out, true),
            Ok(_) if r.bytes_written == 0 && r.bytes_consumed == 0 => return (out, true),
            Ok(_) => {}
            Err(_) => return (out, out > 0),
        }
    }
}

/// LZW: the lengths of the table's entries, never the bytes (12-bit codes, early change).
fn lzw_size(data: &[u8]) -> u64 {
    let mut lens: Vec<u32> = Vec::with_capacity(4096);
    let reset = |lens: &mut Vec<u32>| {
        lens.clear();
        lens.extend(std::iter::repeat_n(1, 258));
    };
    reset(&mut lens);
    let mut width = 9;
    let (mut acc, mut nbits): (u32, u32) = (0, 0);
    let mut prev: Option<u32> = None;
    let mut out: u64 = 0;
    for &b in data {
        acc = (acc << 8) | u32::from(b);
        nbits += 8;
        while nbits >= width {
            let code = (acc >> (nbits - width)) & ((1 << width) - 1);
            nbits -= width;
            acc &= (1 << nbits) - 1;
            match code {
                256 => {
                    reset(&mut lens);
                    width = 9;
                    prev = None;
                    continue;
                }
                257 => return out,
                _ => {}
            }
            let len = match lens.get(code as usize) {
                Some(&l) => l,
                // The code being defined now: the previous entry plus one byte.
                None => prev.map_or(1, |p| p + 1),
            };
            out = out.saturating_add(u64::from(len));
            if let Some(p) = prev {
                if lens.len() < 4096 {
                    lens.push(p + 1);
                }
            }
            prev = Some(len);
            width = match lens.len() + 1 {
                n if n >= 2048 => 12,
                n if n >= 1024 => 11,
                n if n >= 512 => 10,
                _ => 9,
            };
        }
    }
    out
}

fn run_length_size(data: &[u8]) -> u64 {
    let mut out: u64 = 0;
    let mut i = 0;
    while let Some(&n) = data.get(i) {
        match n {
            128 => break,
            0..=127 => {
                out += u64::from(n) + 1;
                i += usize::from(n) + 2;
            }
            _ => {
                out += 257 - u64::from(n);
                i += 2;
            }
        }
    }
    out
}

fn hex(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut hi: Option<u8> = None;
    for &b in data {
        if b == b'>' {
            break;
        }
        let v = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => continue,
        };
        match hi.take() {
            Some(h) => out.push(h << 4 | v),
            None => hi = Some(v),
        }
    }
    if let Some(h) = hi {
        out.push(h << 4);
    }
    out
}

fn a85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5);
    let mut group: u64 = 0;
    let mut n = 0;
    for &b in data {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                group = group * 85 + u64::from(b - b'!');
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&(group as u32).to_be_bytes());
                    group = 0;
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for _ in n..5 {
            group = group * 85 + 84;
        }
        out.extend_from_slice(&(group as u32).to_be_bytes()[..n - 1]);
    }
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let hay_from = hay.get(from..)?;
    let first = *needle.first()?;
    let mut i = 0;
    while let Some(p) = hay_from.get(i..)?.iter().position(|&b| b == first) {
        let at = i + p;
        if hay_from.get(at..at + needle.len()) == Some(needle) {
            return Some(from + at);
        }
        i = at + 1;
    }
    None
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pdf_with_stream(dict: &str, body: &[u8]) -> Vec<u8> {
        let mut v = format!("%PDF-1.4\n1 0 obj\n<< {dict} >>\nstream\n").into_bytes();
        v.extend_from_slice(body);
        v.extend_from_slice(b"\nendstream\nendobj\n");
        v
    }

    #[test]
    fn a_deflate_bomb_is_measured_without_inflating_it() {
        let zeros = vec![0u8; 8 * 1024 * 1024];
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 10);
        let pdf = pdf_with_stream("/Filter /FlateDecode", &packed);
        assert_eq!(measure(&pdf, u64::MAX), Ok(8 * 1024 * 1024));
        assert_eq!(measure(&pdf, 1024 * 1024), Err(()));
    }

    #[test]
    fn images_are_not_measured_and_chains_are_counted_at_their_worst() {
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&[0u8; 1000], 10);
        let img = pdf_with_stream("/Subtype /Image /Filter /FlateDecode", &packed);
        assert_eq!(measure(&img, u64::MAX), Ok(0));
        let chain = pdf_with_stream("/Filter [/FlateDecode /RunLengthDecode]", &packed);
        assert_eq!(measure(&chain, u64::MAX), Ok(1000 * CHAINED_FACTOR));
    }

    #[test]
    fn lzw_and_run_length_are_counted() {
        assert_eq!(run_length_size(&[2, b'a', b'b', b'c', 255, b'x', 128]), 5);
        // 9-bit codes: 'A' (65), 'A' again (65), then 258 = "AA", then EOD (257).
        let codes = [65u32, 65, 258, 257];
        let mut bits = 0u64;
        let mut n: usize = 0;
        for c in codes {
            bits = (bits << 9) | u64::from(c);
            n += 9;
        }
        bits <<= 64 - n;
        let bytes: Vec<u8> = bits.to_be_bytes()[..n.div_ceil(8)].to_vec();
        assert_eq!(lzw_size(&bytes), 4);
    }

    #[test]
    fn ascii_filters_decode() {
        assert_eq!(hex(b"48 65 6c6C6f>"), b"Hello");
        assert_eq!(a85(b"87cURD]j7BEbo7~>"), b"Hello world");
    }
}
