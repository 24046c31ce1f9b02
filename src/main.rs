//! The `skalint` command line.

use clap::{Parser, Subcommand, ValueEnum};
use miette::{IntoDiagnostic, Result, WrapErr};
use skalint::check::{self, Options};
use skalint::input::{self, Input};
use skalint::profile::{self, Kind, Level, Overrides, SchoolForm};
use skalint::report::{self, CheckedFile, Failure, json, terminal};
use skalint::rules::{RulePack, Severity};
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
    after_help = "Exempel:\n  skalint check kvalitetsrapport.md\n  skalint check --format json rapport.md\n  skalint check --level enhet --school-form förskola rapport.md\n  cat rapport.md | skalint check -\n  skalint rules\n  skalint explain analys-orsaker"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Granska en eller flera rapporter (- läser från standard in)
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
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Filer att granska; - läser från standard in
    #[arg(value_name = "FIL")]
    files: Vec<PathBuf>,
    /// Granska den inbyggda exempelrapporten
    #[arg(long = "exempel", alias = "example")]
    example: bool,
    /// Utdataformat: human (standard, för läsning) eller json
    #[arg(long, value_enum, default_value_t = OutputFormat::Human, hide_possible_values = true, hide_default_value = true)]
    format: OutputFormat,
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
    /// Färg i terminalen: auto (standard; av med NO_COLOR eller utan terminal), always, never
    // Defaults and possible values are written into the help texts, in Swedish.
    #[arg(long, value_name = "NÄR", value_enum, default_value_t = ColorChoice::Auto, hide_possible_values = true, hide_default_value = true)]
    color: ColorChoice,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
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
            "ange ett kommando: check, rules eller explain".to_string()
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
    let pack = if dirs.is_empty() {
        RulePack::embedded()?
    } else {
        RulePack::with_dirs(dirs)?
    };
    Ok(pack)
}

fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let pack = load_pack(&args.rules)?;
    let overrides = Overrides {
        level: args.level,
        kind: args.kind,
        school_forms: args.school_forms.clone(),
    };
    let options = Options {
        disabled: args.disable.clone(),
    };

    let mut inputs: Vec<Result<Input, Failure>> = Vec::new();
    if args.example {
        inputs.push(Ok(Input {
            path: EXAMPLE.0.into(),
            bytes: EXAMPLE.1.as_bytes().to_vec(),
        }));
    }
    for path in &args.files {
        let read = if path.as_os_str() == "-" {
            input::read_stdin()
        } else {
            input::read_path(path)
        };
        let name = if path.as_os_str() == "-" {
            "-".to_string()
        } else {
            path.display().to_string()
        };
        inputs.push(read.map_err(|e| Failure {
            path: name,
            error: e.to_string(),
        }));
    }
    if inputs.is_empty() {
        return Err(miette::miette!(
            help =
                "Ange en fil, t.ex. `skalint check rapport.md`, eller `skalint check --exempel`.",
            "ingen fil att granska"
        ));
    }

    let mut files = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        let loaded = input.and_then(|i| match skalint::document::load(&i.bytes, &i.path) {
            Ok(parsed) => Ok((i.path, parsed)),
            Err(e) => Err(Failure {
                path: i.path,
                error: e.to_string(),
            }),
        });
        match loaded {
            Ok((path, (document, issues))) => {
                let input = Input {
                    path,
                    bytes: Vec::new(),
                };
                let problems = issues.into_iter().map(|i| i.message);
                for message in problems.chain(profile::front_matter_problems(&document)) {
                    eprintln!("varning: {}: {message}", input.path);
                }
                let profile = profile::detect(&document, &overrides);
                let diagnostics = check::check(&document, &profile, &pack, &options);
                files.push(CheckedFile {
                    path: input.path,
                    document,
                    profile,
                    diagnostics,
                });
            }
            Err(f) => failures.push(f),
        }
    }

    let out = match args.format {
        OutputFormat::Json => json::render(&files, &failures),
        OutputFormat::Human => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            terminal::render(&files, &failures, &terminal::Style { color })
        }
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e)
            .into_diagnostic()
            .wrap_err("kunde inte skriva resultatet");
    }

    let level = match args.deny {
        None => Severity::Error,
        Some(Deny::Warnings) => Severity::Warning,
        Some(Deny::Info) => Severity::Info,
    };
    Ok(if !failures.is_empty() {
        ExitCode::from(2)
    } else if report::tally(&files).fails(level) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
    let mut out = String::new();
    for r in found {
        let d = &r.def;
        let a = &d.applies;
        let names = |v: Vec<String>| {
            if v.is_empty() {
                "alla".to_string()
            } else {
                v.join(", ")
            }
        };
        out.push_str(&format!("{} {} ({})\n", d.id, d.name, d.title));
        out.push_str(&format!(
            "krav: {}   allvarlighet: {}\n",
            d.requirement,
            d.severity.label()
        ));
        out.push_str(&format!(
            "källa: {}\n       {}\n",
            d.citation.text, d.citation.url
        ));
        out.push_str(&format!(
            "gäller: nivå {}; skolformer {}{}; dokument {}\n\n",
            names(a.levels.iter().map(|l| l.to_string()).collect()),
            names(a.school_forms.iter().map(|l| l.to_string()).collect()),
            if a.except_school_forms.is_empty() {
                String::new()
            } else {
                format!(
                    " utom {}",
                    a.except_school_forms
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            names(a.kinds.iter().map(|l| l.to_string()).collect()),
        ));
        out.push_str(d.explanation.trim());
        out.push_str("\n\nMeddelande: ");
        out.push_str(&d.message);
        out.push_str("\nSå rättar du: ");
        out.push_str(&d.help);
        out.push_str("\n\nUppfyller kravet:\n");
        for e in &d.examples.good {
            out.push_str(&format!("  + {}\n", e.text().trim()));
        }
        out.push_str("Uppfyller inte kravet:\n");
        for e in &d.examples.bad {
            out.push_str(&format!("  - {}\n", e.text().trim()));
        }
        out.push('\n');
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
