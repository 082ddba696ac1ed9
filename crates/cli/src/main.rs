//! `gigawatt`: runs Gigawatt scenarios natively. Prints runs as JSON or CSV, lists presets and parameters, runs
//! the reality checks of the model spec, and benchmarks a run. Exit status: 0 ok, 1 a check failed, 2 bad input.

mod output;

use clap::{Parser, Subcommand, ValueEnum};
use gigawatt_model::{checks, param_specs, simulate, simulate_detail, PresetId, Scenario};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "gigawatt",
    version,
    about = "Simulate a frontier AI lab's compute build-out and its financing"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario and print its monthly (or annual) series.
    Run {
        #[command(flatten)]
        source: Source,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// One row per calendar year: flows summed, stocks at year end, ratios recomputed.
        #[arg(long)]
        annual: bool,
        /// Only these series (comma-separated names; default all).
        #[arg(long, value_delimiter = ',')]
        series: Vec<String>,
    },
    /// List the preset scenarios.
    Presets,
    /// List every parameter with its value, unit, range and source.
    Params {
        #[command(flatten)]
        source: Source,
    },
    /// Print a scenario as a JSON file to edit and pass back with --scenario.
    Scenario {
        #[command(flatten)]
        source: Source,
    },
    /// Run the model spec's reality checks on the default scenario; exit 1 if any fails.
    Check,
    /// Monte Carlo: P10/P50/P90 fans, the probability that committed-only cash runs out by each year, and the
    /// histogram of the year it first does.
    Mc {
        #[command(flatten)]
        source: Source,
        /// Number of runs (default: the scenario's, 1,000 unless set).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        runs: Option<u32>,
        /// Seed of the random draws (default: the scenario's, 42 unless set).
        #[arg(long)]
        seed: Option<u64>,
        /// Output format (CSV prints the monthly fans).
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// One-at-a-time low/high swings of the 2030 funding gap and revenue, largest first.
    Tornado {
        #[command(flatten)]
        source: Source,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Median time of one full deterministic run of the default scenario (both financing passes).
    Bench {
        /// Timed runs.
        #[arg(long, default_value_t = 3000)]
        iterations: usize,
    },
}

#[derive(clap::Args)]
#[group(multiple = false)]
struct Source {
    /// A preset id (see `gigawatt presets`).
    #[arg(long, value_parser = parse_preset)]
    preset: Option<PresetId>,
    /// A scenario JSON file (may be partial: missing fields come from its preset).
    #[arg(long, value_name = "FILE.json")]
    scenario: Option<std::path::PathBuf>,
    /// A share link (a URL, or its query `v=2&s=…`). Never refused: what it cannot read is a warning on stderr.
    #[arg(long, value_name = "URL")]
    link: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
}

fn parse_preset(s: &str) -> Result<PresetId, String> {
    PresetId::from_slug(s).ok_or_else(|| {
        let ids: Vec<&str> = PresetId::ALL.iter().map(|p| p.slug()).collect();
        format!("unknown preset '{s}'; one of: {}", ids.join(", "))
    })
}

/// Input the user has to fix: printed without a backtrace, exit status 2.
struct BadInput(String);

impl Source {
    fn load(&self) -> Result<Scenario, BadInput> {
        if let Some(link) = &self.link {
            // Decoding never fails and always gives a valid scenario, so a link is never bad input.
            let decoded = gigawatt_model::link::decode(link);
            for notice in &decoded.notices {
                eprintln!("gigawatt: note: {notice}");
            }
            for warning in &decoded.warnings {
                eprintln!("gigawatt: warning: {warning}");
            }
            if let Some(pinned) = &decoded.state.pinned {
                eprintln!(
                    "gigawatt: note: the link also pins '{}' for comparison; this runs '{}'",
                    pinned.name, decoded.state.scenario.name
                );
            }
            return Ok(decoded.state.scenario);
        }
        let scenario = match (&self.scenario, self.preset) {
            (Some(path), _) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| BadInput(format!("cannot read {}: {e}", path.display())))?;
                Scenario::from_json(&text)
                    .map_err(|e| BadInput(format!("{}: {e}", path.display())))?
            }
            (None, Some(p)) => Scenario::preset(p),
            (None, None) => Scenario::default(),
        };
        let problems = scenario.validate();
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(|p| format!("  - {p}")).collect();
            return Err(BadInput(format!(
                "the scenario has {} problem(s):\n{}",
                problems.len(),
                list.join("\n")
            )));
        }
        Ok(scenario)
    }
}

/// Writes output; a closed pipe (`gigawatt run | head`) ends quietly instead of panicking.
fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("gigawatt: cannot write output: {e}");
        }
    }
}

/// glibc returns freed memory to the system after every run and faults it back in on the next, which costs as
/// much as the model itself when runs repeat (Monte Carlo, `bench`). Keep it, as the browser's allocator does.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only tunes glibc's allocator; it is called before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 << 20);
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    match execute(cli.command) {
        Ok(code) => code,
        Err(BadInput(message)) => {
            eprintln!("gigawatt: {message}");
            ExitCode::from(2)
        }
    }
}

fn execute(command: Command) -> Result<ExitCode, BadInput> {
    match command {
        Command::Run {
            source,
            format,
            annual,
            series,
        } => {
            let scenario = source.load()?;
            let run = simulate(&scenario);
            let names = output::select(&series).map_err(BadInput)?;
            let table = if annual {
                output::annual(&run, &names)
            } else {
                output::monthly(&run, &names)
            };
            match format {
                Format::Json => emit(&(table.to_json() + "\n")),
                Format::Csv => emit(&table.to_csv()),
            }
        }
        Command::Mc {
            source,
            runs,
            seed,
            format,
        } => {
            let mut scenario = source.load()?;
            scenario.mc_runs = runs.unwrap_or(scenario.mc_runs);
            scenario.seed = seed.unwrap_or(scenario.seed);
            let start = Instant::now();
            let summary = gigawatt_model::monte_carlo(&scenario);
            eprintln!(
                "{} runs in {:.2} s",
                summary.runs,
                start.elapsed().as_secs_f64()
            );
            match format {
                Format::Json => emit(
                    &(serde_json::to_string(&summary).map_err(|e| BadInput(e.to_string()))? + "\n"),
                ),
                Format::Csv => emit(&output::fans_csv(&summary)),
            }
        }
        Command::Tornado { source, format } => {
            let t = gigawatt_model::tornado(&source.load()?);
            match format {
                Format::Json => {
                    emit(&(serde_json::to_string(&t).map_err(|e| BadInput(e.to_string()))? + "\n"))
                }
                Format::Csv => emit(&output::tornado_csv(&t)),
            }
        }
        Command::Presets => {
            for p in PresetId::ALL {
                println!("{:<22} {}", p.slug(), p.summary());
            }
        }
        Command::Params { source } => {
            let scenario = source.load()?;
            for spec in param_specs() {
                println!(
                    "{:<28} {:>16}   range {} – {}   [{:?}] {}",
                    spec.key,
                    spec.format(scenario.params[spec.id]),
                    spec.format(spec.min),
                    spec.format(spec.max),
                    spec.grade,
                    spec.source
                );
            }
        }
        Command::Scenario { source } => emit(&(source.load()?.to_json() + "\n")),
        Command::Check => {
            let results = checks::run_checks();
            let mut failed = 0;
            for c in &results {
                let verdict = if c.passed() { "pass" } else { "FAIL" };
                failed += usize::from(!c.passed());
                println!(
                    "#{:<3}{:<62}{:>12} {:<7} target {:<26} {verdict}",
                    c.id,
                    c.metric,
                    format!("{:.3}", c.value),
                    c.unit,
                    c.target
                );
            }
            println!("{} passed, {} failed", results.len() - failed, failed);
            if failed > 0 {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Bench { iterations } => {
            let scenario = Scenario::default();
            let time = |ledger: bool| {
                for _ in 0..iterations / 10 {
                    std::hint::black_box(simulate_detail(&scenario, ledger));
                }
                let mut samples: Vec<f64> = (0..iterations.max(1))
                    .map(|_| {
                        let start = Instant::now();
                        std::hint::black_box(simulate_detail(
                            std::hint::black_box(&scenario),
                            ledger,
                        ));
                        start.elapsed().as_secs_f64() * 1e6
                    })
                    .collect();
                samples.sort_by(f64::total_cmp);
                let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
                (at(0.5), at(0.1), at(0.9))
            };
            let months = scenario.params[gigawatt_model::ParamId::HorizonMonths];
            println!("one full deterministic run of '{}' ({months} months, both financing passes), {iterations} runs:", scenario.name);
            let (median, p10, p90) = time(true);
            println!("  full detail     median {median:>8.1} µs   p10 {p10:>8.1} µs   p90 {p90:>8.1} µs   (budget 100 µs)");
            let (median, p10, p90) = time(false);
            println!("  series only     median {median:>8.1} µs   p10 {p10:>8.1} µs   p90 {p90:>8.1} µs   (every series; no ledger, grouped series or annotations)");
        }
    }
    Ok(ExitCode::SUCCESS)
}
