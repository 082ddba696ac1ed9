//! A bitmap backend for native pixel tests. plotters without a font feature cannot rasterise text natively
//! (its fallback font panics when asked to draw), so this wrapper records text instead of drawing it and
//! forwards every shape to plotters' `BitMapBackend`.

use plotters::prelude::BitMapBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::cell::RefCell;
use std::rc::Rc;

/// Texts drawn so far: (text, anchor position in backend pixels).
pub type Texts = Rc<RefCell<Vec<(String, BackendCoord)>>>;

pub struct TextRecordingBitmap<'a> {
    inner: BitMapBackend<'a>,
    texts: Texts,
}

impl<'a> TextRecordingBitmap<'a> {
    pub fn new(buffer: &'a mut [u8], size: (u32, u32), texts: Texts) -> Self {
        TextRecordingBitmap {
            inner: BitMapBackend::with_buffer(buffer, size),
            texts,
        }
    }
}

type Result<E> = std::result::Result<(), DrawingErrorKind<E>>;

impl<'a> DrawingBackend for TextRecordingBitmap<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;
    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<Self::ErrorType> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<Self::ErrorType> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<Self::ErrorType> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.inner.draw_circle(c, r, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        _style: &T,
        pos: BackendCoord,
    ) -> Result<Self::ErrorType> {
        self.texts.borrow_mut().push((text.to_string(), pos));
        Ok(())
    }
}

/// An RGB image drawn by `draw`, with the mapping and the texts it placed.
pub struct Rendered {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
    pub mapping: gigawatt_charts::ChartMapping,
    pub texts: Vec<(String, BackendCoord)>,
}

impl Rendered {
    pub fn pixel(&self, x: i32, y: i32) -> (u8, u8, u8) {
        assert!(
            x >= 0 && y >= 0 && (x as u32) < self.width && (y as u32) < self.height,
            "pixel ({x}, {y}) outside"
        );
        let i = (y as usize * self.width as usize + x as usize) * 3;
        (self.pixels[i], self.pixels[i + 1], self.pixels[i + 2])
    }
}

pub fn render(
    data: &gigawatt_charts::ChartData,
    opts: &gigawatt_charts::DrawOptions,
    width: u32,
    height: u32,
) -> Rendered {
    try_render(data, opts, width, height).expect("chart draws")
}

pub fn try_render(
    data: &gigawatt_charts::ChartData,
    opts: &gigawatt_charts::DrawOptions,
    width: u32,
    height: u32,
) -> std::result::Result<Rendered, gigawatt_charts::ChartError> {
    try_render_scaled(data, opts, width, height, 1.0)
}

pub fn try_render_scaled(
    data: &gigawatt_charts::ChartData,
    opts: &gigawatt_charts::DrawOptions,
    width: u32,
    height: u32,
    pixel_ratio: f64,
) -> std::result::Result<Rendered, gigawatt_charts::ChartError> {
    use plotters::prelude::IntoDrawingArea;
    let mut pixels = vec![0u8; (width * height * 3) as usize];
    let texts = Texts::default();
    let mapping = {
        let area = TextRecordingBitmap::new(&mut pixels, (width, height), texts.clone())
            .into_drawing_area();
        gigawatt_charts::draw_scaled(&area, data, opts, pixel_ratio)?
    };
    let texts = texts.borrow().clone();
    Ok(Rendered {
        width,
        height,
        pixels,
        mapping,
        texts,
    })
}
