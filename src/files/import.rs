//! Reading a scenario file chosen by the user: `Scenario::from_json`, then `validate()`. Every way a file can be
//! wrong becomes an [`ImportError`] whose text names the file and what is wrong with it, so the page can say
//! it while the current scenario stays untouched.

use gigawatt_model::{FileError, Problem, Scenario};

/// Files larger than this are refused before parsing (a scenario file is a few tens of kB).
pub const MAX_SCENARIO_FILE_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

/// How many validation problems the message lists before saying "and N more".
const PROBLEMS_LISTED: usize = 5;

/// Why a chosen file did not become the scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportError {
    /// The file has no content (or only white space).
    Empty { file_name: String },
    /// Too large to be a scenario file.
    TooLarge { file_name: String, bytes: f64 },
    /// The browser could not read the file (permissions, file removed meanwhile).
    Unreadable { file_name: String, reason: String },
    /// Not JSON, or JSON that is not a scenario file (syntax error, unknown field or parameter).
    NotAScenario { file_name: String, error: FileError },
    /// A scenario, but with values the model refuses (out of range, inconsistent deals). It can still be
    /// loaded on request: the app then shows these problems and runs a corrected copy.
    Problems {
        file_name: String,
        scenario: Box<Scenario>,
        problems: Vec<Problem>,
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::Empty { file_name } => {
                write!(f, "“{file_name}” is empty: a scenario file is a JSON object such as {{\"preset\": \"bear\"}}.")
            }
            ImportError::TooLarge { file_name, bytes } => write!(
                f,
                "“{file_name}” is {:.1} MB, too large for a scenario file (at most {:.0} MB).",
                bytes / 1024.0 / 1024.0,
                MAX_SCENARIO_FILE_BYTES / 1024.0 / 1024.0
            ),
            ImportError::Unreadable { file_name, reason } => {
                write!(f, "“{file_name}” could not be read: {reason}.")
            }
            ImportError::NotAScenario { file_name, error } => {
                write!(f, "“{file_name}” is not a Gigawatt scenario file: {error}.")
            }
            ImportError::Problems {
                file_name,
                problems,
                ..
            } => {
                let count = problems.len();
                write!(
                    f,
                    "“{file_name}” has {count} problem{}: ",
                    if count == 1 { "" } else { "s" }
                )?;
                let listed: Vec<String> = problems
                    .iter()
                    .take(PROBLEMS_LISTED)
                    .map(Problem::to_string)
                    .collect();
                f.write_str(&listed.join("; "))?;
                if count > PROBLEMS_LISTED {
                    write!(f, "; and {} more", count - PROBLEMS_LISTED)?;
                }
                f.write_str(".")
            }
        }
    }
}

/// Turns the text of `file_name` into a scenario the app can load, or says why not. The JSON is read by the JSON
/// module (`crate::json_module`), which the caller has loaded.
pub fn scenario_from_file(file_name: &str, text: &str) -> Result<Scenario, ImportError> {
    let file_name = display_name(file_name);
    if text.trim().is_empty() {
        return Err(ImportError::Empty { file_name });
    }
    if text.len() as f64 > MAX_SCENARIO_FILE_BYTES {
        return Err(ImportError::TooLarge {
            file_name,
            bytes: text.len() as f64,
        });
    }
    // A byte-order mark (some editors add one) is not JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let codec = crate::json_module::installed().ok_or_else(|| ImportError::Unreadable {
        file_name: file_name.clone(),
        reason: "the part of Gigawatt that reads files is not loaded".into(),
    })?;
    let scenario = codec
        .scenario_from_json(text)
        .map_err(|error| ImportError::NotAScenario {
            file_name: file_name.clone(),
            error,
        })?;
    let problems = scenario.validate();
    if problems.is_empty() {
        Ok(scenario)
    } else {
        Err(ImportError::Problems {
            file_name,
            scenario: Box::new(scenario),
            problems,
        })
    }
}

/// The file's name as shown in messages ("the file" when the browser gave none).
fn display_name(file_name: &str) -> String {
    let name = file_name.trim();
    if name.is_empty() {
        "the file".to_string()
    } else {
        name.chars().take(120).collect()
    }
}
