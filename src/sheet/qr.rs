//! QR codes for the print sheet: exactly the modules `qrcode::QrCode::new` makes (medium
//! error correction, the smallest version, the mask with the lowest penalty), with the mask
//! chosen about twenty times faster.
//!
//! The crate scores each of the 8 masks on a fresh copy of the canvas, allocating a closure
//! for every position of its finder-pattern search: about 0.6 ms a code, most of a 500-card
//! sheet's time. Here the crate still encodes the data, adds error correction and draws the
//! modules; the 8 masked copies of a version's empty canvas (function patterns and format
//! information included) are made once per thread and version, and each mask is scored on
//! rows and columns held as bits (`u64`), with the crate's own penalty rules (ISO/IEC 18004
//! §7.8.3 N1–N4 as `qrcode` 0.14 computes them: runs of five or more, 2 × 2 blocks,
//! `#.###.#` with four light modules on either side, the dark share). The first mask with the
//! lowest score wins, as in the crate. A version wider than 57 modules (a public URL of
//! about 150 characters or more) is left to the crate itself.

use std::cell::RefCell;
use std::rc::Rc;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::types::QrError;
use qrcode::{Color, EcLevel, QrCode, Version};

/// The crate's order of the masks (its first lowest score wins).
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// `QrCode::new`'s error correction level.
const EC: EcLevel = EcLevel::M;

/// The widest code scored here: a line of modules fits a `u64` with the 4-module margins
/// the finder rule looks at (version 10).
const MAX_WIDTH: usize = 57;

/// A QR code's modules, without the quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modules {
    /// Modules on a side.
    pub width: usize,
    /// Row by row, `true` for dark.
    pub dark: Vec<bool>,
}

/// The modules `qrcode::QrCode::new(data)` makes, or the crate's error (data too long).
pub fn encode(data: &[u8]) -> Result<Modules, QrError> {
    let bits = qrcode::bits::encode_auto(data, EC)?;
    let version = bits.version();
    let width = version.width().unsigned_abs() as usize;
    if width > MAX_WIDTH {
        let code = QrCode::with_error_correction_level(data, EC)?;
        let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        return Ok(Modules { width: code.width(), dark });
    }
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC)?;
    let mut canvas = Canvas::new(version, EC);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let empty = empty_canvas(version);
    // The data modules before masking, as rows and as columns.
    let (mut rows, mut cols) = (vec![0u64; width], vec![0u64; width]);
    for (i, color) in canvas.into_colors().into_iter().enumerate() {
        let (x, y) = (i % width, i / width);
        let bit = u64::from(color == Color::Dark) & (empty.data_rows[y] >> x);
        rows[y] |= bit << x;
        cols[x] |= bit << y;
    }
    let (mut r, mut c) = (vec![0u64; width], vec![0u64; width]);
    let mut best = (u32::MAX, 0);
    for (m, (mask_rows, mask_cols)) in empty.masked_rows.iter().zip(&empty.masked_cols).enumerate() {
        for i in 0..width {
            r[i] = rows[i] ^ mask_rows[i];
            c[i] = cols[i] ^ mask_cols[i];
        }
        let score = penalty(&r, &c, width);
        if score < best.0 {
            best = (score, m);
        }
    }
    let chosen = &empty.masked_rows[best.1];
    let mut dark = Vec::with_capacity(width * width);
    for (row, mask) in rows.iter().zip(chosen) {
        let row = row ^ mask;
        dark.extend((0..width).map(|x| row >> x & 1 == 1));
    }
    Ok(Modules { width, dark })
}

/// A version's canvas with only the function patterns drawn, masked 8 ways.
struct EmptyCanvas {
    version: Version,
    /// Bit x of row y: module (x, y) holds data (or remainder bits).
    data_rows: Vec<u64>,
    /// Per mask: function patterns and format information as drawn, and at every data
    /// module the mask's own bit (what masking does to a light module).
    masked_rows: Vec<Vec<u64>>,
    /// The same, column by column (bit y of column x).
    masked_cols: Vec<Vec<u64>>,
}

thread_local! {
    static EMPTY: RefCell<Vec<Rc<EmptyCanvas>>> = const { RefCell::new(Vec::new()) };
}

fn empty_canvas(version: Version) -> Rc<EmptyCanvas> {
    EMPTY.with(|made| {
        let mut made = made.borrow_mut();
        if let Some(found) = made.iter().find(|e| e.version == version) {
            return found.clone();
        }
        let fresh = Rc::new(draw_empty(version));
        made.push(fresh.clone());
        fresh
    })
}

fn draw_empty(version: Version) -> EmptyCanvas {
    let w = version.width();
    let width = w.unsigned_abs() as usize;
    let mut canvas = Canvas::new(version, EC);
    canvas.draw_all_functional_patterns();
    let mut data_rows = vec![0u64; width];
    for y in 0..w {
        for x in 0..w {
            if canvas.get(x, y) == Module::Empty {
                data_rows[y.unsigned_abs() as usize] |= 1 << x;
            }
        }
    }
    let (mut masked_rows, mut masked_cols) = (Vec::with_capacity(8), Vec::with_capacity(8));
    for mask in MASKS {
        let mut c = canvas.clone();
        c.apply_mask(mask);
        let (mut rows, mut cols) = (vec![0u64; width], vec![0u64; width]);
        for (i, color) in c.into_colors().into_iter().enumerate() {
            if color == Color::Dark {
                let (x, y) = (i % width, i / width);
                rows[y] |= 1 << x;
                cols[x] |= 1 << y;
            }
        }
        masked_rows.push(rows);
        masked_cols.push(cols);
    }
    EmptyCanvas { version, data_rows, masked_rows, masked_cols }
}

/// The crate's penalty score of a masked code (lower is better).
fn penalty(rows: &[u64], cols: &[u64], width: usize) -> u32 {
    let inside = (1u64 << (width - 1)) - 1; // pairs (x, x + 1) inside the code
    let mut blocks = 0;
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        blocks += (!(a ^ (a >> 1)) & !(a ^ b) & !(b ^ (b >> 1)) & inside).count_ones();
    }
    let dark: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let ratio = dark as usize * 200 / (width * width);
    lines(rows, width) + lines(cols, width) + 3 * blocks + ratio.abs_diff(100) as u32
}

/// Along lines (bit x is module x; modules outside the code count as light): 3 + n for each
/// run of 5 + n modules of one colour, and 40 for each `#.###.#` with four light modules
/// before or after it. The crate subtracts the 3 finder patterns' own 360 in each direction,
/// the same for every mask, so it is left out here.
fn lines(lines: &[u64], width: usize) -> u32 {
    let all = (1u64 << width) - 1;
    let mut score = 0;
    for &line in lines {
        // Bit x: modules x and x + 1 have the same colour. A run of n ≥ 5 is n − 1 ≥ 4 such
        // bits in a row, which leave n − 4 bits in `four`; its score n − 2 is that plus 2.
        let same = !(line ^ (line >> 1)) & (all >> 1);
        let four = same & (same >> 1) & (same >> 2) & (same >> 3);
        let runs = four & !(four << 1);
        score += four.count_ones() + 2 * runs.count_ones();
        // Bit x: `#.###.#` starts at module x.
        let light = !line;
        let finder =
            line & (light >> 1) & (line >> 2) & (line >> 3) & (line >> 4) & (light >> 5) & (line >> 6) & (all >> 6);
        if finder != 0 {
            let after = (light >> 7) & (light >> 8) & (light >> 9) & (light >> 10);
            let before = ((light << 1) | 1) & ((light << 2) | 3) & ((light << 3) | 7) & ((light << 4) | 15);
            score += 40 * (finder & (after | before)).count_ones();
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_modules(data: &[u8]) -> Modules {
        let code = QrCode::new(data).unwrap();
        Modules { width: code.width(), dark: code.to_colors().into_iter().map(|c| c == Color::Dark).collect() }
    }

    #[test]
    fn the_same_modules_as_the_qrcode_crate() {
        // Claim URLs and other texts of every length up to 300 bytes: byte, alphanumeric and
        // numeric data, versions 1 to 10 scored here and the wider ones left to the crate.
        let mut widths = std::collections::BTreeSet::new();
        for i in 0u32..1200 {
            let n = (i % 301) as usize;
            let text = match i % 4 {
                0 => format!("https://h{}.example/claim?code={:08X}", i % 97, i.wrapping_mul(2_654_435_761)),
                1 => format!("HTTPS://HEARD.EXAMPLE.ORG/C/{:08X}-{:04}", i.wrapping_mul(40_503), i),
                2 => (0..n).map(|k| char::from(b'0' + ((k as u32 * 7 + i) % 10) as u8)).collect(),
                _ => (0..n).map(|k| char::from(b' ' + ((k as u32 * 31 + i * 17) % 95) as u8)).collect(),
            };
            let ours = encode(text.as_bytes()).unwrap();
            widths.insert(ours.width);
            assert_eq!(ours, crate_modules(text.as_bytes()), "{text:?}");
        }
        assert!(widths.contains(&21) && widths.contains(&57) && widths.iter().any(|&w| w > MAX_WIDTH), "{widths:?}");
    }

    #[test]
    fn data_too_long_is_the_crates_error() {
        assert_eq!(encode(&[b'a'; 3000]), Err(QrError::DataTooLong));
    }
}
