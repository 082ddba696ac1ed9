//! How to cite a scenario: the Share dialog's plain-text and BibTeX citations of the current link, with the
//! date the reader accessed it. Pure text; the dialog reads today's date from the browser and copies.
//!
//! ```text
//! Gigawatt (economics v2). “Bear case” scenario. Accessed 3 December 2026. https://…/?v=4&s=…
//!
//! @misc{gigawatt-bear-case-2026-12-03,
//!   author       = {{Gigawatt}},
//!   title        = {{``Bear case'' scenario}},
//!   howpublished = {\url{https://…/?v=4&s=…}},
//!   year         = {2026},
//!   urldate      = {2026-12-03},
//!   note         = {Gigawatt simulator, economics v2, link version 4. Accessed 2026-12-03}
//! }
//! ```
//!
//! The link comes last in the plain text, so no full stop can be copied into it. The scenario name is the
//! reader's own text: in BibTeX every character LaTeX or BibTeX treats specially is written as a command
//! (braces as `\textbraceleft{}`, because BibTeX counts even escaped braces), and the title is wrapped in a
//! second pair of braces so styles keep its capitals.

use gigawatt_model::link::LINK_VERSION;
use gigawatt_model::ECONOMICS_VERSION;

use crate::format::MONTH_NAMES as MONTHS;

/// The name cited when a scenario's name is empty (or only spaces).
const UNTITLED: &str = "Untitled";
/// Longest part of a citation key taken from the scenario's name.
const MAX_KEY_NAME: usize = 32;

/// A calendar day (the reader's local date when they copied the citation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CiteDate {
    year: i32,
    month: u32,
    day: u32,
}

impl CiteDate {
    /// The day `year`-`month`-`day` (month 1–12), if it exists (years 1–9999, leap years counted).
    pub fn new(year: i32, month: u32, day: u32) -> Option<CiteDate> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=9999).contains(&year) && (1..=days).contains(&day)).then_some(CiteDate {
            year,
            month,
            day,
        })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    /// "3 December 2026": day, month name, year, unambiguous in every English locale.
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[(self.month - 1) as usize],
            self.year
        )
    }

    /// "2026-12-03" (ISO 8601), for BibTeX's `urldate` and notes.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The two citations the Share dialog offers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// One line of plain text, ending with the link.
    pub text: String,
    /// A BibTeX `@misc` entry.
    pub bibtex: String,
}

/// The citations of the scenario called `name` at `link` (a share link this build made, so of link version
/// [`LINK_VERSION`] and economics [`ECONOMICS_VERSION`]), accessed on `accessed` (left out when unknown).
pub fn citation(name: &str, link: &str, accessed: Option<CiteDate>) -> Citation {
    let name = display_name(name);
    let mut text = format!(
        "Gigawatt (economics v{ECONOMICS_VERSION}). “{}” scenario.",
        nest_quotes(&name)
    );
    if let Some(date) = accessed {
        text.push_str(&format!(" Accessed {}.", date.long()));
    }
    text.push(' ');
    text.push_str(link.trim());

    let mut note =
        format!("Gigawatt simulator, economics v{ECONOMICS_VERSION}, link version {LINK_VERSION}");
    let mut fields = vec![
        ("author", "{Gigawatt}".to_string()),
        (
            "title",
            format!("{{``{}'' scenario}}", bibtex_escape(&nest_quotes(&name))),
        ),
        ("howpublished", format!("\\url{{{}}}", bibtex_url(link))),
    ];
    if let Some(date) = accessed {
        fields.push(("year", date.year().to_string()));
        fields.push(("urldate", date.iso()));
        note.push_str(&format!(". Accessed {}", date.iso()));
    }
    fields.push(("note", note));
    let body: Vec<String> = fields
        .iter()
        .map(|(field, value)| format!("  {field:<12} = {{{value}}}"))
        .collect();
    let bibtex = format!(
        "@misc{{{},\n{}\n}}",
        bibtex_key(&name, accessed),
        body.join(",\n")
    );
    Citation { text, bibtex }
}

/// The name as one line: runs of whitespace and control characters become one space; empty is "Untitled".
fn display_name(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        UNTITLED.to_string()
    } else {
        words.join(" ")
    }
}

/// Double quotes inside the quoted name become single ones (quotes within quotes).
fn nest_quotes(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '"' => '\'',
            '“' => '‘',
            '”' => '’',
            c => c,
        })
        .collect()
}

/// `text` safe inside a braced BibTeX field and in LaTeX: each special character as a command that prints
/// it. Braces become `\textbraceleft{}`/`\textbraceright{}` (BibTeX counts braces even after a backslash,
/// so an unmatched `\{` would break the entry); `<`, `>` and `|` print as themselves only as commands.
pub fn bibtex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '$' | '&' | '%' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '^' => out.push_str("\\textasciicircum{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '|' => out.push_str("\\textbar{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A URL for `\url{…}`: verbatim, except characters no URL should hold unescaped and that would break the
/// BibTeX field (braces, backslash, whitespace, quotes), percent-encoded.
fn bibtex_url(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for c in link.trim().chars() {
        match c {
            '{' | '}' | '\\' | '"' => out.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_whitespace() || c.is_control() => {
                let mut bytes = [0u8; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// `gigawatt-<name as ASCII words>-<date>`: letters and digits of the name, lower case, joined by hyphens,
/// at most [`MAX_KEY_NAME`] characters; a part that is empty is left out.
pub fn bibtex_key(name: &str, accessed: Option<CiteDate>) -> String {
    let mut words = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            words.push(c.to_ascii_lowercase());
        } else if !words.is_empty() && !words.ends_with('-') {
            words.push('-');
        }
    }
    // Cut a long name at the end of a word (`words` is ASCII).
    if words.len() > MAX_KEY_NAME {
        let cut = words[..=MAX_KEY_NAME].rfind('-').unwrap_or(MAX_KEY_NAME);
        words.truncate(cut);
    }
    while words.ends_with('-') {
        words.pop();
    }
    let mut key = String::from("gigawatt");
    for part in [Some(words), accessed.map(CiteDate::iso)]
        .into_iter()
        .flatten()
    {
        if !part.is_empty() {
            key.push('-');
            key.push_str(&part);
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://example.org/gigawatt/?v=4&s=AbC-_x&tab=money";

    fn day() -> Option<CiteDate> {
        CiteDate::new(2026, 12, 3)
    }

    #[test]
    fn dates_are_written_day_month_name_year_and_iso() {
        let d = CiteDate::new(2026, 12, 3).expect("a day");
        assert_eq!(d.long(), "3 December 2026");
        assert_eq!(d.iso(), "2026-12-03");
        let d = CiteDate::new(2027, 1, 31).expect("a day");
        assert_eq!(
            (d.long().as_str(), d.iso().as_str()),
            ("31 January 2027", "2027-01-31")
        );
        assert_eq!(
            CiteDate::new(2028, 2, 29).map(CiteDate::long).as_deref(),
            Some("29 February 2028")
        );
        assert_eq!(
            CiteDate::new(2000, 2, 29).map(CiteDate::iso).as_deref(),
            Some("2000-02-29")
        );
        for (y, m, d) in [
            (2027, 2, 29),
            (2100, 2, 29),
            (2026, 13, 1),
            (2026, 0, 1),
            (2026, 4, 31),
            (2026, 1, 0),
            (0, 1, 1),
            (10_000, 1, 1),
        ] {
            assert_eq!(CiteDate::new(y, m, d), None, "{y}-{m}-{d}");
        }
        assert_eq!(
            CiteDate::new(5, 6, 7).map(CiteDate::iso).as_deref(),
            Some("0005-06-07")
        );
    }

    #[test]
    fn the_plain_citation_names_the_economics_and_the_date_and_ends_with_the_link() {
        let c = citation("Bear case", LINK, day());
        assert_eq!(
            c.text,
            format!("Gigawatt (economics v{ECONOMICS_VERSION}). “Bear case” scenario. Accessed 3 December 2026. {LINK}")
        );
        let undated = citation("Bear case", LINK, None);
        assert_eq!(
            undated.text,
            format!("Gigawatt (economics v{ECONOMICS_VERSION}). “Bear case” scenario. {LINK}")
        );
        assert!(!undated.bibtex.contains("year") && !undated.bibtex.contains("Accessed"));
        // A name is one line, quotes inside it nest, an empty name is "Untitled".
        let c = citation("  My \"best\"\n\tcase “2”  ", LINK, day());
        assert!(
            c.text.contains("“My 'best' case ‘2’” scenario."),
            "{}",
            c.text
        );
        assert!(citation(" \n ", LINK, day())
            .text
            .contains("“Untitled” scenario"));
    }

    #[test]
    fn the_bibtex_entry_is_a_misc_with_the_link_the_versions_and_the_access_date() {
        let c = citation("Bear case", LINK, day());
        assert_eq!(
            c.bibtex,
            format!(
                "@misc{{gigawatt-bear-case-2026-12-03,\n  \
                 author       = {{{{Gigawatt}}}},\n  \
                 title        = {{{{``Bear case'' scenario}}}},\n  \
                 howpublished = {{\\url{{{LINK}}}}},\n  \
                 year         = {{2026}},\n  \
                 urldate      = {{2026-12-03}},\n  \
                 note         = {{Gigawatt simulator, economics v{ECONOMICS_VERSION}, link version {LINK_VERSION}. Accessed 2026-12-03}}\n}}"
            )
        );
    }

    #[test]
    fn special_characters_of_a_name_are_escaped_for_bibtex_and_latex() {
        assert_eq!(
            bibtex_escape("R&D 50% #1 $5_b"),
            "R\\&D 50\\% \\#1 \\$5\\_b"
        );
        assert_eq!(
            bibtex_escape("{a} \\ ^~ <|>"),
            "\\textbraceleft{}a\\textbraceright{} \\textbackslash{} \\textasciicircum{}\\textasciitilde{} \
             \\textless{}\\textbar{}\\textgreater{}"
        );
        // Letters of any script pass through (BibTeX and LaTeX read UTF-8).
        assert_eq!(bibtex_escape("Énergie über 東京"), "Énergie über 東京");
        // Whatever the name, the entry's braces balance (an unmatched brace would break the .bib file).
        for name in ["}{", "a}}}b", "\\{", "{{{", "@misc{x, title={y}}", "%}\\"] {
            let c = citation(name, LINK, day());
            let mut depth = 0i32;
            for ch in c.bibtex.chars() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0, "{name}: {}", c.bibtex);
            }
            assert_eq!(depth, 0, "{name}: {}", c.bibtex);
            assert_eq!(c.bibtex.matches('@').count(), 1 + name.matches('@').count());
        }
        let c = citation("Ops & \"costs\" {draft}", LINK, day());
        assert!(
            c.bibtex.contains("title        = {{``Ops \\& 'costs' \\textbraceleft{}draft\\textbraceright{}'' scenario}}"),
            "{}",
            c.bibtex
        );
    }

    #[test]
    fn the_url_in_bibtex_stays_verbatim_unless_a_character_would_break_the_entry() {
        assert_eq!(bibtex_url(LINK), LINK);
        assert_eq!(
            bibtex_url(" https://x.org/a b{c}\\ "),
            "https://x.org/a%20b%7Bc%7D%5C"
        );
        assert_eq!(bibtex_url("https://x.org/?a=%41"), "https://x.org/?a=%41");
    }

    #[test]
    fn keys_are_ascii_words_of_the_name_and_the_date() {
        assert_eq!(
            bibtex_key("Bear case", day()),
            "gigawatt-bear-case-2026-12-03"
        );
        assert_eq!(bibtex_key("  --Bull!! (2027) ", None), "gigawatt-bull-2027");
        assert_eq!(bibtex_key("東京", day()), "gigawatt-2026-12-03");
        assert_eq!(bibtex_key("", None), "gigawatt");
        let long = bibtex_key("a very long scenario name that goes on and on", None);
        assert_eq!(long, "gigawatt-a-very-long-scenario-name-that");
        assert!(bibtex_key("x{y}%,z", None)
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'));
    }
}
