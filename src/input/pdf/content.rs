//! What the PDF library gives us, page by page: every glyph with its Unicode text, box and size, and every straight horizontal or vertical line drawn (table borders), in page coordinates (points, y down).

use super::{Glyph, Page, Seg};
use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::{BfString, WritingMode};
use hayro_interpret::hayro_syntax::page::Page as PdfPage;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect, Shape};
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, DrawMode, DrawProps, Image, ImageDrawProps,
    InterpreterCache, InterpreterSettings, InterpreterWarning, RenderContent, SoftMask,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Most glyphs kept from one document (a report has a few thousand); past it the rest is dropped.
pub const MAX_GLYPHS: usize = 2_000_000;
/// Most line segments kept from one page (a table has a few hundred).
pub const MAX_SEGS_PER_PAGE: usize = 50_000;
/// A filled rectangle at most this thick (points) is a drawn line.
const THIN: f64 = 3.0;

/// Collects one page's glyphs and lines as the interpreter draws them.
struct Collector {
    page: Page,
    /// Glyphs still allowed for the whole document.
    budget: usize,
}

impl Collector {
    fn push_glyph(&mut self, text: char, t: Affine, advance: f64, vertical: bool) {
        if self.budget == 0 || text.is_whitespace() || text.is_control() {
            return;
        }
        // Glyph space is 1000 units to the em: the transform's scale is the font size / 1000.
        let size = t.determinant().abs().sqrt() * 1000.0;
        if !(0.5..=500.0).contains(&size) {
            return;
        }
        // The glyph's box in glyph space: advance wide, from the descender to the ascender; a
        // vertical glyph is placed by the interpreter with its box at the same spot.
        // (The interpreter places a vertical glyph's box the same way, by its vertical metrics.)
        let _ = vertical;
        let bb = Rect::from_points(t * Point::new(0.0, -120.0), t * Point::new(advance, 880.0));
        let c = bb.center();
        if !(c.x.is_finite() && c.y.is_finite()) {
            return;
        }
        // Off the page: not seen, not read.
        if c.x < -1.0 || c.y < -1.0 || c.x > self.page.width + 1.0 || c.y > self.page.height + 1.0 {
            return;
        }
        self.budget -= 1;
        self.page.glyphs.push(Glyph {
            ch: text,
            x0: bb.x0,
            x1: bb.x1,
            cy: c.y,
            size,
        });
    }

    fn push_seg(&mut self, s: Seg) {
        if self.page.segs.len() < MAX_SEGS_PER_PAGE {
            self.page.segs.push(s);
        }
    }
}

impl Device<'_> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'_>, mode: &DrawMode) {
        if self.page.segs.len() >= MAX_SEGS_PER_PAGE {
            return;
        }
        match mode {
            DrawMode::Stroke(_) | DrawMode::FillAndStroke(..) => {
                // Each straight axis-parallel piece of the stroked path is a line.
                let mut last = Point::ZERO;
                let mut start = Point::ZERO;
                for el in path.elements() {
                    match *el {
                        PathEl::MoveTo(p) => {
                            last = props.transform * p;
                            start = last;
                        }
                        PathEl::LineTo(p) => {
                            let q = props.transform * p;
                            if let Some(s) = Seg::between(last, q) {
                                self.push_seg(s);
                            }
                            last = q;
                        }
                        PathEl::ClosePath => {
                            if let Some(s) = Seg::between(last, start) {
                                self.push_seg(s);
                            }
                            last = start;
                        }
                        PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => {
                            last = props.transform * p;
                        }
                    }
                }
            }
            DrawMode::Fill(_) | DrawMode::Invisible => {
                // A thin filled rectangle is a line (Word, LibreOffice and browsers draw borders so).
                let bb = (props.transform * path.clone()).bounding_box();
                if !(bb.x0.is_finite()
                    && bb.y0.is_finite()
                    && bb.x1.is_finite()
                    && bb.y1.is_finite())
                {
                    return;
                }
                let (w, h) = (bb.width(), bb.height());
                if h <= THIN && w > THIN {
                    let y = (bb.y0 + bb.y1) / 2.0;
                    self.push_seg(Seg::H {
                        y,
                        x0: bb.x0,
                        x1: bb.x1,
                    });
                } else if w <= THIN && h > THIN {
                    let x = (bb.x0 + bb.x1) / 2.0;
                    self.push_seg(Seg::V {
                        x,
                        y0: bb.y0,
                        y1: bb.y1,
                    });
                }
            }
        }
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'_>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, '_>, props: DrawProps<'_>, _: &DrawMode) {
        let vertical = matches!(run.writing_mode(), WritingMode::Vertical);
        for g in run.glyphs() {
            let t = props.transform * g.transform();
            let advance = match &**g {
                hayro_interpret::font::Glyph::Outline(o) => o.advance_width(),
                hayro_interpret::font::Glyph::Type3(t3) => t3.advance_width(),
            }
            .map(f64::from)
            .filter(|a| a.is_finite() && *a > 0.0 && *a < 5000.0);
            match g.as_unicode() {
                Some(BfString::Char(c)) => {
                    let adv = advance.unwrap_or(if c.is_ascii() { 500.0 } else { 1000.0 });
                    self.push_glyph(c, t, adv, vertical);
                }
                Some(BfString::String(s)) => {
                    // A ligature or a cluster: its characters share the glyph's box in order.
                    let n = s.chars().count().max(1) as f64;
                    let adv = advance.unwrap_or(500.0 * n);
                    for (i, c) in s.chars().enumerate().take(16) {
                        let part = Affine::translate((adv / n * i as f64, 0.0));
                        self.push_glyph(c, t * part, adv / n, vertical);
                    }
                }
                None => {
                    self.page.unmapped += 1;
                }
            }
        }
    }

    fn draw_image(&mut self, _: Image<'_, '_>, _: ImageDrawProps<'_>) {
        // Never decoded: only counted (a page of images and no text is a scan).
        self.page.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

/// Interprets one page: its glyphs and lines. `budget` is the glyphs still allowed.
pub fn read_page<'a>(
    page: &PdfPage<'a>,
    xref: &'a hayro_interpret::hayro_syntax::xref::XRef,
    cache: &InterpreterCache<'a>,
    budget: usize,
) -> Page {
    let (w, h) = page.render_dimensions();
    let (width, height) = (f64::from(w), f64::from(h));
    let missing_fonts = Arc::new(AtomicUsize::new(0));
    let settings = InterpreterSettings {
        font_resolver: Arc::new(|_| None),
        cmap_resolver: Arc::new(|_| None),
        warning_sink: {
            let fonts = Arc::clone(&missing_fonts);
            Arc::new(move |w| {
                if matches!(w, InterpreterWarning::UnsupportedFont) {
                    fonts.fetch_add(1, Ordering::Relaxed);
                }
            })
        },
        // Annotations (form fields, stamps, comments) are not the report's text.
        render_content: RenderContent::PAGE,
    };
    let initial = Affine::new(page.initial_transform(true).as_coeffs());
    let mut ctx = Context::new(
        initial,
        Rect::new(0.0, 0.0, width, height),
        cache,
        xref,
        settings,
    );
    let mut c = Collector {
        page: Page {
            width,
            height,
            ..Page::default()
        },
        budget,
    };
    hayro_interpret::interpret_page(page, &mut ctx, &mut c);
    c.page.missing_fonts = missing_fonts.load(Ordering::Relaxed);
    c.page
}
