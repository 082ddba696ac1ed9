//! Scenario files: the JSON a user saves, edits and imports. A file may be partial: whatever it leaves out comes
//! from its preset, so `{"preset": "bear", "params": {"base_delay_months": 12}}` is a whole scenario.

use crate::deals::{ChipGen, Contract};
use crate::funding::{FundingEvent, Investor, ValuationMark};
use crate::{ParamId, PresetId, Scenario};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Why a scenario file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FileError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("unknown parameter '{0}' (see `gigawatt params` for the list)")]
    UnknownParameter(String),
    #[error("parameter '{key}' is not a number")]
    NotANumber { key: String },
}

/// A scenario file as written. Share links' frozen defaults are read through it too
/// ([`ScenarioFile::into_complete`]): one reader of scenarios in JSON, so the web build carries one copy of
/// the deserialising code rather than a second one for `Scenario`'s own `Deserialize` (about 3 KB brotli).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScenarioFile {
    name: Option<String>,
    preset: Option<PresetId>,
    params: Option<BTreeMap<String, serde_json::Value>>,
    contracts: Option<Vec<Contract>>,
    funding: Option<Vec<FundingEvent>>,
    chips: Option<Vec<ChipGen>>,
    cap_table: Option<Vec<(Investor, f64)>>,
    marks: Option<Vec<ValuationMark>>,
    seed: Option<u64>,
    mc_runs: Option<u32>,
    uncertainty: Option<crate::Uncertainty>,
}

impl ScenarioFile {
    /// Sets every field the file names on `s` (a partial file leaves the others as they are).
    fn fill(self, s: &mut Scenario) -> Result<(), FileError> {
        if let Some(name) = self.name {
            s.name = name;
        }
        for (key, value) in self.params.unwrap_or_default() {
            let id =
                ParamId::from_key(&key).ok_or_else(|| FileError::UnknownParameter(key.clone()))?;
            // JSON has no NaN: a null or string is reported rather than guessed.
            s.params[id] = value.as_f64().ok_or(FileError::NotANumber { key })?;
        }
        if let Some(v) = self.contracts {
            s.contracts = v;
        }
        if let Some(v) = self.funding {
            s.funding = v;
        }
        if let Some(v) = self.chips {
            s.chips = v;
        }
        if let Some(v) = self.cap_table {
            s.cap_table = v;
        }
        if let Some(v) = self.marks {
            s.marks = v;
        }
        if let Some(v) = self.seed {
            s.seed = v;
        }
        if let Some(v) = self.mc_runs {
            s.mc_runs = v;
        }
        if let Some(v) = self.uncertainty {
            s.uncertainty = v;
        }
        Ok(())
    }

    /// The scenario a whole scenario's JSON (`serde_json::to_string(&scenario)`) describes, read as
    /// `Scenario`'s own `Deserialize` reads it: name, preset, contracts and funding required; a parameter the
    /// file lacks takes the parameter table's default, and chips, cap table, marks, seed, runs and uncertainty
    /// their serde defaults (a test checks both readers agree).
    pub(crate) fn into_complete(self) -> Result<Scenario, String> {
        let missing = |field: &str| format!("missing field `{field}`");
        let mut s = Scenario {
            name: String::new(),
            preset: self.preset.ok_or_else(|| missing("preset"))?,
            params: crate::params::Params::default(),
            contracts: Vec::new(),
            funding: Vec::new(),
            chips: crate::deals::chip_table(),
            cap_table: crate::funding::recap_cap_table(),
            marks: crate::observations::reported_marks(),
            seed: 42,
            mc_runs: 1000,
            uncertainty: crate::uncertainty::Uncertainty::default(),
        };
        for (present, field) in [
            (self.name.is_some(), "name"),
            (self.params.is_some(), "params"),
            (self.contracts.is_some(), "contracts"),
            (self.funding.is_some(), "funding"),
        ] {
            if !present {
                return Err(missing(field));
            }
        }
        self.fill(&mut s).map_err(|e| e.to_string())?;
        Ok(s)
    }
}

impl Scenario {
    /// Reads a scenario file. The result may still have problems: call [`Scenario::validate`].
    pub fn from_json(text: &str) -> Result<Scenario, FileError> {
        let file: ScenarioFile = serde_json::from_str(text).map_err(|e| FileError::Syntax {
            line: e.line(),
            column: e.column(),
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string(),
        })?;
        let mut s = Scenario::preset(file.preset.unwrap_or(PresetId::AsReported));
        file.fill(&mut s)?;
        Ok(s)
    }

    /// The whole scenario as pretty JSON (every field, so the file documents itself).
    ///
    /// Written compact, then indented by [`indent_json`]: the web build already serialises scenarios compactly
    /// (share links' frozen defaults), so `serde_json::to_string_pretty` would add a second copy of the whole
    /// serialising code (about 1.4 KB brotli). The text is the same, byte for byte (a test checks it).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .map(|compact| indent_json(&compact))
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// `compact` JSON (as `serde_json::to_string` writes it: no white space outside strings) laid out as
/// `serde_json::to_string_pretty` lays it out: two spaces a level, one member or element a line, `": "` after
/// keys, empty objects and arrays as `{}` and `[]`.
pub(crate) fn indent_json(compact: &str) -> String {
    fn new_line(out: &mut String, depth: usize) {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = compact.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.next_if_eq(&close).is_some() {
                    out.push(close);
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_laid_out_as_serde_json_lays_out_pretty_json() {
        let mut odd = Scenario::preset(PresetId::AsReported);
        odd.name = "Quotes \" and \\ back, {braces} [brackets]: commas, and “unicode”\n".into();
        odd.contracts[0].ramp.clear();
        for s in PresetId::ALL.map(Scenario::preset).into_iter().chain([odd]) {
            assert_eq!(
                s.to_json(),
                serde_json::to_string_pretty(&s).unwrap(),
                "{}",
                s.name
            );
        }
    }

    #[test]
    fn full_file_round_trips() {
        for id in PresetId::ALL {
            let s = Scenario::preset(id);
            assert_eq!(
                Scenario::from_json(&s.to_json()).unwrap(),
                s,
                "{}",
                id.slug()
            );
        }
    }

    #[test]
    fn partial_file_fills_from_its_preset() {
        let s = Scenario::from_json(r#"{"preset": "bear", "params": {"base_delay_months": 3}}"#)
            .unwrap();
        let mut expected = Scenario::preset(PresetId::Bear);
        expected.params[ParamId::BaseDelayMonths] = 3.0;
        assert_eq!(s, expected);
    }

    #[test]
    fn errors_name_what_is_wrong() {
        let e = Scenario::from_json("{\"params\": {\"nope\": 1}}").unwrap_err();
        assert_eq!(e, FileError::UnknownParameter("nope".into()));
        let e = Scenario::from_json("{\"params\": {\"pue\": \"x\"}}").unwrap_err();
        assert!(e.to_string().contains("'pue' is not a number"));
        let e = Scenario::from_json("{\n  \"preset\": \"as-reported\",\n  oops\n}").unwrap_err();
        assert!(matches!(e, FileError::Syntax { line: 3, .. }), "{e}");
        let e = Scenario::from_json("{\"presets\": 1}").unwrap_err();
        assert!(e.to_string().contains("unknown field `presets`"), "{e}");
        let e = Scenario::from_json("{\"preset\": \"nope\"}").unwrap_err();
        assert!(e.to_string().contains("unknown variant `nope`"), "{e}");
        // Out-of-range values parse; validation names them.
        let s = Scenario::from_json("{\"params\": {\"pue\": -3}}").unwrap();
        assert_eq!(
            s.validate()[0].path,
            crate::ProblemPath::Param(ParamId::Pue)
        );
    }
}
