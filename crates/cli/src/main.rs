//! `gigawatt`: runs Gigawatt scenarios natively. Prints runs as JSON or CSV, lists presets and parameters, runs
//! the reality checks of the model spec, and benchmarks a run.
//!
//! Exit status: 0 ok, 1 a check failed or the output could not be written, 2 bad input. A reader that stops early
//! (`gigawatt bench | head -1`) is no failure: the command stops writing and exits 0 without a word, as `head`
//! expects. Not the shell's 141 for a process killed by SIGPIPE: that would fail every `set -o pipefail` script
//! that only wants the first lines, and Rust programs ignore SIGPIPE anyway.

mod output;

use clap::{Parser, Subcommand, ValueEnum};
use gigawatt_model::{checks, param_specs, simulate, simulate_detail, PresetId, Scenario};
use std::io::{self, BufWriter, Write};
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
    /// A share link (a URL, or its query `v=4&s=…`). Never refused: what it cannot read is a warning on stderr.
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

/// Why a command stopped before its end.
enum Failure {
    BadInput(BadInput),
    /// Stdout could not be written: a closed pipe, or a real error such as a full disk.
    Output(io::Error),
}

impl From<BadInput> for Failure {
    fn from(bad: BadInput) -> Self {
        Failure::BadInput(bad)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

impl Failure {
    /// Says what went wrong on stderr and gives the exit status (see the top of this file). A closed pipe says
    /// nothing: whoever closed it has all they wanted.
    fn exit_code(self) -> ExitCode {
        match self {
            Failure::BadInput(BadInput(message)) => {
                eprintln!("gigawatt: {message}");
                ExitCode::from(2)
            }
            Failure::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Failure::Output(e) => {
                eprintln!("gigawatt: cannot write output: {e}");
                ExitCode::from(1)
            }
        }
    }
}

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
    // Every command writes through this one buffer, so a write error of any of them reaches `Failure` instead of
    // the panic of `println!`.
    let mut out = BufWriter::new(io::stdout().lock());
    let done = execute(cli.command, &mut out).and_then(|code| Ok(out.flush().map(|()| code)?));
    done.unwrap_or_else(Failure::exit_code)
}

fn execute(command: Command, out: &mut impl Write) -> Result<ExitCode, Failure> {
    match command {
        Command::Run {
            source,
            format,
            annual,
            series,
        } => run(out, &source, format, annual, &series)?,
        Command::Mc {
            source,
            runs,
            seed,
            format,
        } => mc(out, &source, runs, seed, format)?,
        Command::Tornado { source, format } => tornado(out, &source, format)?,
        Command::Presets => presets(out)?,
        Command::Params { source } => params(out, &source.load()?)?,
        Command::Scenario { source } => writeln!(out, "{}", source.load()?.to_json())?,
        Command::Check => return Ok(check(out)?),
        Command::Bench { iterations } => bench(out, iterations)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn run(
    out: &mut impl Write,
    source: &Source,
    format: Format,
    annual: bool,
    series: &[String],
) -> Result<(), Failure> {
    let scenario = source.load()?;
    let names = output::select(series).map_err(BadInput)?;
    let run = simulate(&scenario);
    // Why the figures look as they do when the run's own decisions bite: on stderr, so the table stays clean.
    let mut stderr = io::stderr().lock();
    for note in decision_notes(&run) {
        let _ = writeln!(stderr, "gigawatt: {note}");
    }
    let table = if annual {
        output::annual(&run, &names)
    } else {
        output::monthly(&run, &names)
    };
    match format {
        Format::Json => writeln!(out, "{}", table.to_json())?,
        Format::Csv => out.write_all(table.to_csv().as_bytes())?,
    }
    Ok(())
}

/// One line per kind of decision that shaped the run: distress (when and how far), options that lapsed,
/// renegotiations, defaults and re-lets; and outputs the model had to replace (never for a valid scenario).
/// Empty when every option was taken up and the lab never ran short.
fn decision_notes(run: &gigawatt_model::Run) -> Vec<String> {
    use gigawatt_model::DecisionKind as K;
    let of = |kind: K| run.events.iter().filter(move |e| e.kind == kind);
    let list = |kind: K, unit: &str| {
        of(kind)
            .map(|e| format!("{} {} ({:.1} {unit})", e.month, e.subject, e.amount))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut notes = Vec::new();
    if run.non_finite_replaced > 0 {
        notes.push(format!(
            "{} output values could not be computed (not finite) and are shown as 0",
            run.non_finite_replaced
        ));
    }
    if let Some(first) = of(K::DistressBegins).next() {
        let worst = run
            .series
            .distress_stage
            .iter()
            .copied()
            .fold(0.0, f64::max);
        notes.push(format!(
            "distress from {} (worst stage {worst}: 1 = short of minimum cash, so no new options or leases; \
             2 = undelivered capacity renegotiated; 3 = bills unpaid, owed as arrears)",
            first.month
        ));
    }
    let lapsed_gw: f64 = of(K::OptionLapsed).map(|e| e.amount).sum();
    if lapsed_gw > 0.0 {
        notes.push(format!(
            "{lapsed_gw:.1} GW of options lapsed, failing the need or money test past their last deferral: {}",
            list(K::OptionLapsed, "GW")
        ));
    }
    for (kind, what, unit) in [
        (
            K::Renegotiated,
            "deliveries renegotiated at a penalty",
            "$B",
        ),
        (K::Default, "defaults, remaining payments written off", "$B"),
        (
            K::Relet,
            "capacity lost to a default re-let at market",
            "GW",
        ),
    ] {
        if of(kind).next().is_some() {
            notes.push(format!("{what}: {}", list(kind, unit)));
        }
    }
    notes
}

fn mc(
    out: &mut impl Write,
    source: &Source,
    runs: Option<u32>,
    seed: Option<u64>,
    format: Format,
) -> Result<(), Failure> {
    let mut scenario = source.load()?;
    scenario.mc_runs = runs.unwrap_or(scenario.mc_runs);
    scenario.seed = seed.unwrap_or(scenario.seed);
    // As `monte_carlo`, timed in two parts: the runs (what a worker does) and the summary.
    let start = Instant::now();
    let samples = gigawatt_model::run_range(&scenario, 0..scenario.mc_runs);
    let runs_s = start.elapsed().as_secs_f64();
    let summary = gigawatt_model::summarize(&scenario, vec![samples]);
    let total_s = start.elapsed().as_secs_f64();
    eprintln!(
        "{} runs in {total_s:.2} s (runs {runs_s:.3} s, summary {:.3} s)",
        summary.runs,
        total_s - runs_s
    );
    match format {
        Format::Json => {
            let json = serde_json::to_string(&summary).map_err(|e| BadInput(e.to_string()))?;
            writeln!(out, "{json}")?;
        }
        Format::Csv => out.write_all(output::fans_csv(&summary).as_bytes())?,
    }
    Ok(())
}

fn tornado(out: &mut impl Write, source: &Source, format: Format) -> Result<(), Failure> {
    let t = gigawatt_model::tornado(&source.load()?);
    match format {
        Format::Json => {
            let json = serde_json::to_string(&t).map_err(|e| BadInput(e.to_string()))?;
            writeln!(out, "{json}")?;
        }
        Format::Csv => out.write_all(output::tornado_csv(&t).as_bytes())?,
    }
    Ok(())
}

fn presets(out: &mut impl Write) -> io::Result<()> {
    for p in PresetId::ALL {
        writeln!(out, "{:<22} {}", p.slug(), p.summary())?;
    }
    Ok(())
}

fn params(out: &mut impl Write, scenario: &Scenario) -> io::Result<()> {
    for spec in param_specs() {
        writeln!(
            out,
            "{:<28} {:>16}   range {} – {}   [{:?}] {}",
            spec.key,
            spec.format(scenario.params[spec.id]),
            spec.format(spec.min),
            spec.format(spec.max),
            spec.grade,
            spec.source
        )?;
    }
    Ok(())
}

/// Prints every reality check in two lists, calibration targets (with the parameter fitted to each) and
/// validation checks (nothing fitted); exit status 1 if any fails.
fn check(out: &mut impl Write) -> io::Result<ExitCode> {
    let results = checks::run_checks();
    let lists = [
        (
            "Calibration targets (a parameter was fitted to each):",
            true,
        ),
        ("Validation checks (nothing was fitted to them):", false),
    ];
    for (title, calibration) in lists {
        writeln!(out, "{title}")?;
        for c in results.iter().filter(|c| c.fitted.is_some() == calibration) {
            let verdict = if c.passed() { "pass" } else { "FAIL" };
            writeln!(
                out,
                "#{:<3}{:<62}{:>10} {:<7} reported {:<28} {verdict}",
                c.id,
                c.metric,
                format!("{:.3}", c.value),
                c.unit,
                c.target
            )?;
            if let Some(fitted) = c.fitted {
                writeln!(out, "     fitted: {fitted}")?;
            }
        }
        writeln!(out)?;
    }
    let failed = results.iter().filter(|c| !c.passed()).count();
    writeln!(out, "{} passed, {} failed", results.len() - failed, failed)?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Each line is flushed as soon as it is known: the timings take a while, and the heading says what is timed.
fn bench(out: &mut impl Write, iterations: usize) -> io::Result<()> {
    let scenario = Scenario::default();
    let months = scenario.params[gigawatt_model::ParamId::HorizonMonths];
    writeln!(out, "one full deterministic run of '{}' ({months} months, both financing passes), {iterations} runs:", scenario.name)?;
    out.flush()?;
    let (median, p10, p90) = time_runs(&scenario, iterations, true);
    writeln!(out, "  full detail     median {median:>8.1} µs   p10 {p10:>8.1} µs   p90 {p90:>8.1} µs   (budget 100 µs)")?;
    out.flush()?;
    let (median, p10, p90) = time_runs(&scenario, iterations, false);
    writeln!(out, "  series only     median {median:>8.1} µs   p10 {p10:>8.1} µs   p90 {p90:>8.1} µs   (every series; no ledger, grouped series or annotations)")?;
    out.flush()
}

/// Median, P10 and P90 in µs of `iterations` runs (with or without the ledger), after a tenth as many to warm up.
fn time_runs(scenario: &Scenario, iterations: usize, ledger: bool) -> (f64, f64, f64) {
    for _ in 0..iterations / 10 {
        std::hint::black_box(simulate_detail(scenario, ledger));
    }
    let mut samples: Vec<f64> = (0..iterations.max(1))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(simulate_detail(std::hint::black_box(scenario), ledger));
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.1), at(0.9))
}
