//! A chart with nothing to draw says so in words (centred, wrapped to the width) instead of showing an
//! empty frame that a reader could take for a failure or for zero on an axis they cannot see.

use super::paint::{Align, Painter};
use crate::mapping::{ChartMapping, XMapping};
use crate::ChartError;

/// Font size (CSS px) of the message.
const FONT: f64 = 13.0;

pub(crate) fn draw(p: &Painter, message: &str) -> Result<ChartMapping, ChartError> {
    let (l, t, r, b) = p.bounds();
    let width = f64::from(r - l) * 0.85;
    let lines = wrap(message, |line| p.text_width(line, FONT) <= width);
    let line_height = FONT * 1.5 * p.scale;
    let top = f64::from(t + b) / 2.0 - line_height * (lines.len() as f64 - 1.0) / 2.0;
    let x = f64::from(l + r) / 2.0;
    for (k, line) in lines.iter().enumerate() {
        p.text(
            line,
            (x, top + line_height * k as f64),
            FONT,
            p.chrome.muted_text,
            Align::Center,
        )?;
    }
    // Nothing to read out: the mapping answers `None` everywhere.
    Ok(ChartMapping::new(
        (l, t, r, b),
        XMapping::Blank,
        (0.0, 1.0),
        None,
        Vec::new(),
    ))
}

/// Greedy word wrap: words join a line while `fits` accepts it (a single long word gets a line of its own).
fn wrap(text: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if fits(&format!("{line} {word}")) => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_word_boundaries() {
        let fits = |s: &str| s.chars().count() <= 12;
        assert_eq!(
            wrap("No unpaid obligations in this scenario", fits),
            ["No unpaid", "obligations", "in this", "scenario"]
        );
        assert_eq!(wrap("short", fits), ["short"]);
        assert!(wrap("   ", fits).is_empty());
    }
}
