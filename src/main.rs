//! The `skalint` command line.

use clap::{Parser, Subcommand, ValueEnum};
use miette::{IntoDiagnostic, Result, WrapErr};
use skalint::config;
use skalint::input::Input;
use skalint::profile::{Kind, Level, Overrides, SchoolForm};
use skalint::report::summary::Matrix;
use skalint::report::{self, CheckedFile, Failure, html, json, sarif, terminal};
use skalint::review::{self, Additions, Setup};
use skalint::rules::{RulePack, Severity};
use skalint::template;
use skalint::walk;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The example report `skalint check --exempel` checks.
const EXAMPLE: (&str, &str) = (
    "exempel/kvalitetsrapport.md",
    include_str!("../fixtures/reports/grundskola-brister.md"),
);

#[derive(Parser)]
#[command(
    name = "skalint",
    version,
    about = "Granskar dokumentation av systematiskt kvalitetsarbete (SKA) mot skollagen 4 kap. och Skolverkets allmänna råd",
    long_about = None,
    after_help = "Exempel:\n  skalint check kvalitetsrapport.md\n  skalint check rapporter/ --format html -o granskning.html\n  skalint check --format json rapport.md\n  skalint check --level enhet --school-form förskola rapport.md\n  cat rapport.md | skalint check -\n  skalint template --school-form förskola > rapport.md\n  skalint rules\n  skalint explain analys-orsaker"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Granska rapporter: filer, mappar (alla dokument i dem) eller - för standard in
    Check(CheckArgs),
    /// Lista alla regler: id, krav, allvarlighet och källa
    Rules {
        /// Utdataformat: text (standard) eller json
        #[arg(long, value_enum, default_value_t = ListFormat::Text, hide_possible_values = true, hide_default_value = true)]
        format: ListFormat,
        /// Ytterligare regelkatalog (mapp med .toml-filer)
        #[arg(long = "rules", value_name = "MAPP")]
        rules: Vec<PathBuf>,
    },
    /// Förklara en regel eller ett krav: lagtexten, varför den finns, vad som uppfyller den
    Explain {
        /// Regel-id (t.ex. SKA103), regelnamn eller kravnyckel (t.ex. analys-orsaker)
        regel: String,
        /// Ytterligare regelkatalog (mapp med .toml-filer)
        #[arg(long = "rules", value_name = "MAPP")]
        rules: Vec<PathBuf>,
    },
    /// Skriv en kommenterad skalint.toml att utgå från
    Init {
        /// Mappen där skalint.toml skrivs (standard: den aktuella mappen)
        #[arg(value_name = "MAPP", default_value = ".", hide_default_value = true)]
        dir: PathBuf,
        /// Skriv över en befintlig skalint.toml
        #[arg(long)]
        force: bool,
    },
    /// Skriv en rapportmall med alla delar som krävs, med vägledning under varje rubrik
    Template(TemplateArgs),
    /// Starta språkservern (LSP) för editorer: visar luckor medan du skriver
    Lsp {
        /// Kommunicera över standard in och ut (standard; finns för editorer som anger den)
        #[arg(long)]
        stdio: bool,
    },
    /// Starta en webbsida där rektorer granskar sin rapport i webbläsaren
    Serve(ServeArgs),
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Adress och port att lyssna på (standard: 127.0.0.1:7878, bara den här datorn)
    #[arg(long, value_name = "ADRESS", default_value = "127.0.0.1:7878", hide_default_value = true, value_parser = parse_addr)]
    addr: std::net::SocketAddr,
    /// skalint.toml med kommunens inställningar och egna krav, som gäller varje granskning
    #[arg(long, value_name = "FIL")]
    config: Option<PathBuf>,
    /// Ytterligare regelkatalog (mapp med .toml-filer), kan anges flera gånger
    #[arg(long = "rules", value_name = "MAPP")]
    rules: Vec<PathBuf>,
    /// Största fil som tas emot, i MB (standard: 25)
    #[arg(long, value_name = "MB", default_value_t = 25, hide_default_value = true, value_parser = parse_mb)]
    max_upload_mb: u32,
    /// Antal granskningar som får pågå samtidigt (standard: en per kärna)
    #[arg(short, long, value_name = "ANTAL", value_parser = parse_jobs)]
    jobs: Option<u32>,
    /// Längsta tid för en granskning, i sekunder (standard: 60)
    #[arg(long, value_name = "SEKUNDER", default_value_t = 60, hide_default_value = true, value_parser = parse_secs)]
    timeout: u64,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Filer eller mappar att granska; - läser från standard in
    #[arg(value_name = "FIL")]
    files: Vec<PathBuf>,
    /// Granska den inbyggda exempelrapporten
    #[arg(long = "exempel", alias = "example")]
    example: bool,
    /// Utdataformat: human (standard), json, html, csv (sammanställningen) eller sarif
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, hide_possible_values = true, hide_default_value = true)]
    format: OutputFormat,
    /// Skriv resultatet till en fil i stället för till standard ut
    #[arg(short, long, value_name = "FIL")]
    output: Option<PathBuf>,
    /// Visa bara sammanställningen: en rad per dokument, en kolumn per krav
    #[arg(long)]
    summary: bool,
    /// Hoppa över filer och mappar som matchar mönstret (som i .gitignore), kan anges flera gånger
    #[arg(long, value_name = "MÖNSTER")]
    exclude: Vec<String>,
    /// Nivå: enhet eller huvudman (annars avgörs den av dokumentet)
    #[arg(long, value_name = "NIVÅ", value_parser = parse_level)]
    level: Option<Level>,
    /// Skolform, kan anges flera gånger (t.ex. förskola, grundskola, komvux)
    #[arg(long = "school-form", value_name = "SKOLFORM", value_parser = parse_form)]
    school_forms: Vec<SchoolForm>,
    /// Dokumentslag: rapport, plan eller klagomalsrutin
    #[arg(long, value_name = "SLAG", value_parser = parse_kind)]
    kind: Option<Kind>,
    /// Ytterligare regelkatalog (mapp med .toml-filer), kan anges flera gånger
    #[arg(long = "rules", value_name = "MAPP")]
    rules: Vec<PathBuf>,
    /// Stäng av en regel (id eller kravnyckel), kan anges flera gånger
    #[arg(long = "disable", value_name = "REGEL")]
    disable: Vec<String>,
    /// Låt även varningar (warnings) eller info ge slutstatus 1; annars bara fel
    #[arg(long, value_name = "NIVÅ", value_enum, hide_possible_values = true)]
    deny: Option<Deny>,
    /// Konfigurationsfil (annars skalint.toml i den granskade mappen eller en mapp ovanför)
    #[arg(long, value_name = "FIL", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Läs ingen skalint.toml
    #[arg(long)]
    no_config: bool,
    /// Antal trådar (standard: en per kärna)
    #[arg(short, long, value_name = "ANTAL")]
    jobs: Option<usize>,
    /// Färg i terminalen: auto (standard; av med NO_COLOR eller utan terminal), always, never
    // Defaults and possible values are written into the help texts, in Swedish.
    #[arg(long, value_name = "NÄR", value_enum, default_value_t = ColorChoice::Auto, hide_possible_values = true, hide_default_value = true)]
    color: ColorChoice,
}

#[derive(clap::Args)]
struct TemplateArgs {
    /// Nivå: enhet (standard) eller huvudman
    #[arg(long, value_name = "NIVÅ", value_parser = parse_level)]
    level: Option<Level>,
    /// Skolform, kan anges flera gånger (standard: grundskola)
    #[arg(long = "school-form", value_name = "SKOLFORM", value_parser = parse_form)]
    school_forms: Vec<SchoolForm>,
    /// Dokumentslag: rapport (standard), plan eller klagomalsrutin
    #[arg(long, value_name = "SLAG", value_parser = parse_kind)]
    kind: Option<Kind>,
    /// Format: md (standard) eller docx
    #[arg(long, value_enum, default_value_t = TemplateFormat::Md, hide_possible_values = true, hide_default_value = true)]
    format: TemplateFormat,
    /// Skriv mallen till en fil i stället för till standard ut
    #[arg(short, long, value_name = "FIL")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
    Html,
    Csv,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum TemplateFormat {
    Md,
    Docx,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    Warnings,
    Info,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    s.parse().map_err(|_| {
        format!("«{s}» är ingen adress med port; ange t.ex. 127.0.0.1:7878 eller 0.0.0.0:8080")
    })
}

/// A whole number from `lo` to `hi`, or a Swedish error.
fn parse_between(s: &str, lo: u64, hi: u64) -> Result<u64, String> {
    match s.trim().parse::<u64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(format!("ange ett heltal från {lo} till {hi}, inte «{s}»")),
    }
}

fn parse_mb(s: &str) -> Result<u32, String> {
    parse_between(s, 1, 64).map(|n| n as u32)
}

fn parse_jobs(s: &str) -> Result<u32, String> {
    parse_between(s, 1, 256).map(|n| n as u32)
}

fn parse_secs(s: &str) -> Result<u64, String> {
    parse_between(s, 1, 3600)
}

fn parse_level(s: &str) -> Result<Level, String> {
    Level::parse(s).ok_or_else(|| format!("okänd nivå «{s}»: ange enhet eller huvudman"))
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s)
        .ok_or_else(|| format!("okänt dokumentslag «{s}»: ange rapport, plan eller klagomalsrutin"))
}

fn parse_form(s: &str) -> Result<SchoolForm, String> {
    SchoolForm::parse(s).ok_or_else(|| {
        let names: Vec<&str> = SchoolForm::ALL.iter().map(|f| f.name()).collect();
        format!("okänd skolform «{s}»: ange en av {}", names.join(", "))
    })
}

/// Swedish headings and help for the command line (clap's own chrome is English).
fn localize(cmd: clap::Command) -> clap::Command {
    const TEMPLATE: &str =
        "{before-help}{about-with-newline}\nAnvändning: {usage}\n\n{all-args}{after-help}";
    let cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Kommandon")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .subcommand_value_name("KOMMANDO")
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "Argument"
            } else {
                "Flaggor"
            };
            a.help_heading(heading)
        })
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("Visa hjälp")
                .help_heading("Flaggor"),
        );
    let usage = match cmd.get_name() {
        "skalint" => "skalint <KOMMANDO>",
        "check" => "skalint check [FLAGGOR] [FIL]...",
        "rules" => "skalint rules [FLAGGOR]",
        "explain" => "skalint explain [FLAGGOR] <REGEL>",
        "init" => "skalint init [FLAGGOR] [MAPP]",
        "template" => "skalint template [FLAGGOR]",
        "lsp" => "skalint lsp [--stdio]",
        "serve" => "skalint serve [FLAGGOR]",
        _ => "",
    };
    let cmd = if usage.is_empty() {
        cmd
    } else {
        cmd.override_usage(usage)
    };
    let cmd = if cmd.get_name() == "skalint" {
        cmd.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("Visa versionen")
                .help_heading("Flaggor"),
        )
    } else {
        cmd
    };
    cmd.mut_subcommands(localize)
}

/// A command-line error in Swedish, through miette; exit status 2.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    let ctx = |k| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(&e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("ogiltigt värde för {}: {why}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => format!(
            "ogiltigt värde «{}» för {}; möjliga värden: {}",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::ValidValue)
        ),
        ErrorKind::UnknownArgument => format!("okänd flagga {}", ctx(ContextKind::InvalidArg)),
        ErrorKind::InvalidSubcommand => {
            format!("okänt kommando «{}»", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "ange ett kommando: check, rules, explain, init, template, lsp eller serve".to_string()
        }
        ErrorKind::MissingRequiredArgument => {
            format!("argument saknas: {}", ctx(ContextKind::InvalidArg))
        }
        _ => format!(
            "ogiltiga argument: {}",
            e.to_string().lines().next().unwrap_or_default()
        ),
    };
    let suggestion = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(ctx)
        .find(|s| !s.is_empty());
    let help = match suggestion {
        Some(s) => format!("menade du {s}? Skriv `skalint --help` för hjälp."),
        None => "Skriv `skalint --help` för hjälp.".to_string(),
    };
    eprintln!("{:?}", miette::miette!(help = help, "{message}"));
    ExitCode::from(2)
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = match localize(Cli::command()).try_get_matches() {
        Ok(m) => m,
        Err(e) => return usage_error(e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Rules { format, rules } => run_rules(format, &rules).map(|()| ExitCode::SUCCESS),
        Command::Explain { regel, rules } => run_explain(&regel, &rules),
        Command::Init { dir, force } => run_init(&dir, force),
        Command::Template(args) => run_template(args),
        Command::Lsp { stdio: _ } => run_lsp(),
        Command::Serve(args) => run_serve(args),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

fn load_pack(dirs: &[PathBuf]) -> Result<RulePack> {
    Ok(RulePack::with_dirs(dirs)?)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, renamed over it, so a
/// reader never sees half a report and a failed run leaves the old file as it was.
/// An IO error as a Swedish report: what failed, and the system's reason in Swedish (its own
/// text is English).
fn io_failed(context: String) -> impl FnOnce(std::io::Error) -> miette::Report {
    move |e| miette::miette!("{context}: {}", skalint::input::io_message(&e))
}

fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .map_err(io_failed(format!("kunde inte skriva {}", path.display())))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(io_failed(format!("kunde inte skriva {}", path.display())))?;
    // A temporary file is private (0600); the report keeps the old file's permissions, or
    // gets those of an ordinary new file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        let _ = tmp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode));
    }
    tmp.persist(path)
        .map_err(|e| e.error)
        .map_err(io_failed(format!("kunde inte skriva {}", path.display())))?;
    Ok(())
}

/// Where the result goes: standard out as it comes, or a buffer written to `--output` at the
/// end.
struct Out {
    file: Option<PathBuf>,
    buffer: Vec<u8>,
}

impl Out {
    fn write(&mut self, text: &str) -> Result<()> {
        if self.file.is_some() {
            self.buffer.extend_from_slice(text.as_bytes());
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(io_failed("kunde inte skriva resultatet".into())(e))
            }
            _ => Ok(()),
        }
    }

    fn finish(self) -> Result<()> {
        match &self.file {
            Some(path) => write_atomic(path, &self.buffer),
            None => Ok(()),
        }
    }
}

/// The configuration this run uses: `--config`, else the nearest skalint.toml from the first
/// checked path (or the current folder), unless `--no-config`.
fn find_config(args: &CheckArgs) -> Result<Option<config::Loaded>> {
    if args.no_config {
        return Ok(None);
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => {
            let start = args
                .files
                .iter()
                .find(|p| p.as_os_str() != "-")
                .cloned()
                .unwrap_or_else(|| PathBuf::from("."));
            config::find(&start)
        }
    };
    match path {
        Some(p) => Ok(Some(config::Loaded::read(&p)?)),
        None => Ok(None),
    }
}

fn progress_bar(len: usize) -> Option<indicatif::ProgressBar> {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive || len < 2 {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:30.cyan/blue} {pos}/{len} dokument granskade ({elapsed})",
    ) {
        bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
    }
    Some(bar)
}

fn run_serve(args: ServeArgs) -> Result<ExitCode> {
    let loaded = match &args.config {
        Some(p) => Some(config::Loaded::read(p)?),
        None => None,
    };
    let setup = Setup::configured(
        loaded.as_ref(),
        Additions {
            rules: args.rules.clone(),
            ..Additions::default()
        },
    )?;
    if let Some(l) = &loaded {
        eprintln!("skalint serve: inställningar från {}", l.path.display());
    }
    let defaults = skalint::serve::Settings::default();
    let settings = skalint::serve::Settings {
        addr: args.addr,
        max_upload: args.max_upload_mb as usize * 1024 * 1024,
        jobs: args.jobs.map_or(defaults.jobs, |n| n as usize),
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    skalint::serve::run(setup, settings).map_err(io_failed(format!(
        "kunde inte starta webbservern på {}",
        args.addr
    )))?;
    Ok(ExitCode::SUCCESS)
}

fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let loaded = find_config(&args)?;
    let cfg = loaded.as_ref().map(|l| &l.config);
    let setup = Setup::configured(
        loaded.as_ref(),
        Additions {
            rules: args.rules.clone(),
            disable: args.disable.clone(),
            overrides: Overrides {
                level: args.level,
                kind: args.kind,
                school_forms: args.school_forms.clone(),
                ..Overrides::default()
            },
        },
    )?;
    let fail_level = match args.deny {
        Some(Deny::Warnings) => Severity::Warning,
        Some(Deny::Info) => Severity::Info,
        None => cfg.and_then(|c| c.fail_on).unwrap_or(Severity::Error),
    };

    let mut exclude: Vec<String> = cfg.map(|c| c.exclude.clone()).unwrap_or_default();
    exclude.extend(args.exclude.iter().cloned());
    let walked = walk::targets(&args.files, &exclude)?;
    let targets = walked.targets;
    // What a folder holds that is not checked is said, never dropped in silence.
    for s in &walked.skipped {
        eprintln!("hoppades över: {}: {}", s.path.display(), s.reason);
    }
    let mut extra = Vec::new();
    if args.example {
        extra.push(Input {
            path: EXAMPLE.0.into(),
            bytes: EXAMPLE.1.as_bytes().to_vec(),
        });
    }
    if targets.is_empty() && extra.is_empty() {
        let help = if args.files.is_empty() {
            "Ange en fil eller mapp, t.ex. `skalint check rapport.md`, eller `skalint check --exempel`."
        } else {
            "Mapparna innehåller inga dokument som skalint läser (.md, .txt, .docx, .odt, .pdf)."
        };
        return Err(miette::miette!(help = help, "ingen fil att granska"));
    }
    if let Some(n) = args.jobs {
        // Only fails if the pool is already built, which it is not at this point.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }

    let count = targets.len() + extra.len();
    let multi = count > 1;
    let color = args.output.is_none()
        && match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
    let style = terminal::Style { color };
    let mut out = Out {
        file: args.output.clone(),
        buffer: Vec::new(),
    };
    let keep_files = !matches!(args.format, OutputFormat::Human | OutputFormat::Csv);
    let stream_findings = args.format == OutputFormat::Human && !args.summary;

    let mut failures: Vec<Failure> = walked.errors;
    let mut files: Vec<CheckedFile> = Vec::new();
    let mut matrix = Matrix::new(&setup.pack);
    let mut tallied = terminal::Tallied::default();
    let mut write_error = None;
    let bar = progress_bar(count);
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let suspend = |f: &mut dyn FnMut()| match &bar {
        Some(b) => b.suspend(f),
        None => f(),
    };
    review::run(extra, &targets, &setup, &tick, |result| match result {
        Ok(r) => {
            let path = &r.file.path;
            suspend(&mut || {
                for w in &r.warnings {
                    eprintln!("varning: {path}: {w}");
                }
            });
            if stream_findings && write_error.is_none() {
                let text = terminal::render_file(&r.document, &r.file, &style);
                suspend(&mut || {
                    if let Err(e) = out.write(&text) {
                        write_error = Some(e);
                    }
                });
            }
            matrix.add(&r.file);
            tallied.add(&r.file);
            if keep_files {
                files.push(r.file);
            }
        }
        Err(f) => failures.push(f),
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let Some(e) = write_error {
        return Err(e);
    }

    let show_matrix = multi || args.summary;
    let rest = match args.format {
        OutputFormat::Human => {
            terminal::render_end(&tallied, &failures, show_matrix.then_some(&matrix))
        }
        OutputFormat::Json => json::render(&files, &failures, show_matrix.then_some(&matrix)),
        OutputFormat::Sarif => sarif::render(&files, &failures, &setup.pack),
        OutputFormat::Csv => report::csv::render(&matrix, &failures),
        OutputFormat::Html => html::render(&files, &failures, &matrix, &html::today()),
    };
    out.write(&rest)?;
    out.finish()?;

    Ok(if !failures.is_empty() {
        ExitCode::from(2)
    } else if tallied.tally.fails(fail_level) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The language server on standard input and output; exit status 0 after a clean
/// shutdown, 1 when the client left without one (as the protocol asks).
fn run_lsp() -> Result<ExitCode> {
    let (conn, threads) = skalint::lsp::transport::stdio();
    let clean = skalint::lsp::run(&conn);
    drop(conn);
    threads.join().map_err(io_failed(
        "språkservern kunde inte skriva till editorn".into(),
    ))?;
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_init(dir: &std::path::Path, force: bool) -> Result<ExitCode> {
    let path = dir.join(config::FILE_NAME);
    if path.exists() && !force {
        return Err(miette::miette!(
            help = "Ange --force för att skriva över den.",
            "{} finns redan",
            path.display()
        ));
    }
    if !dir.is_dir() {
        return Err(miette::miette!("mappen {} finns inte", dir.display()));
    }
    write_atomic(&path, config::STARTER.as_bytes())?;
    eprintln!(
        "skrev {}: öppna den och ta bort # framför det som ska gälla",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_template(args: TemplateArgs) -> Result<ExitCode> {
    let pack = RulePack::embedded()?;
    let profile = template::profile(
        args.level.unwrap_or(Level::Enhet),
        args.kind.unwrap_or(Kind::Rapport),
        args.school_forms,
    );
    let skeleton = template::Skeleton::embedded();
    let bytes = match args.format {
        TemplateFormat::Md => template::markdown(&skeleton, &pack, &profile).into_bytes(),
        TemplateFormat::Docx => {
            if args.output.is_none() && std::io::stdout().is_terminal() {
                return Err(miette::miette!(
                    help = "Ange en fil, t.ex. `skalint template --format docx -o rapport.docx`.",
                    "en Word-fil kan inte visas i terminalen"
                ));
            }
            template::docx(&skeleton, &pack, &profile)
                .into_diagnostic()
                .wrap_err("kunde inte skapa Word-filen")?
        }
    };
    match &args.output {
        Some(path) => {
            if path.exists() {
                return Err(miette::miette!(
                    help = "Välj ett annat filnamn: mallen skriver aldrig över en befintlig fil.",
                    "{} finns redan",
                    path.display()
                ));
            }
            write_atomic(path, &bytes)?;
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(&bytes)
                .and_then(|()| stdout.flush())
                .map_err(io_failed("kunde inte skriva mallen".into()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_rules(format: ListFormat, dirs: &[PathBuf]) -> Result<()> {
    let pack = load_pack(dirs)?;
    let mut out = String::new();
    match format {
        ListFormat::Json => {
            let mut rules: Vec<_> = pack.rules.iter().collect();
            rules.sort_by(|a, b| a.def.id.cmp(&b.def.id));
            let list: Vec<serde_json::Value> = rules
                .into_iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.def.id, "name": r.def.name, "requirement": r.def.requirement,
                        "severity": r.def.severity.name(), "title": r.def.title,
                        "citation": r.def.citation,
                        "levels": r.def.applies.levels, "kinds": r.def.applies.kinds,
                        "school_forms": r.def.applies.school_forms,
                        "except_school_forms": r.def.applies.except_school_forms,
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&list).into_diagnostic()?;
            out.push('\n');
        }
        ListFormat::Text => {
            let mut rules: Vec<_> = pack.rules.iter().collect();
            rules.sort_by(|a, b| a.def.id.cmp(&b.def.id));
            for r in rules {
                let levels: Vec<&str> = r.def.applies.levels.iter().map(|l| l.name()).collect();
                out.push_str(&format!(
                    "{:<8} {:<28} {:<8} {:<16} {}\n",
                    r.def.id,
                    r.def.requirement,
                    r.def.severity.label(),
                    if levels.is_empty() {
                        "alla".into()
                    } else {
                        levels.join("+")
                    },
                    r.def.citation.text
                ));
            }
        }
    }
    print!("{out}");
    Ok(())
}

fn run_explain(query: &str, dirs: &[PathBuf]) -> Result<ExitCode> {
    let pack = load_pack(dirs)?;
    let found = pack.find(query);
    if found.is_empty() {
        return Err(miette::miette!(
            help = "`skalint rules` listar alla regler och krav.",
            "ingen regel eller kravnyckel heter «{query}»"
        ));
    }
    let out: String = found
        .into_iter()
        .map(|r| report::explain::text(r) + "\n")
        .collect();
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
