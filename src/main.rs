//! The `dlt-modeller` program: headless subcommands, or the editor.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match dlt_modeller::cli::parse(std::env::args_os()) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Some(command) => {
            let outcome = dlt_modeller::cli::run(command, &mut std::io::stdout(), &mut std::io::stderr());
            outcome.into()
        }
        None => {
            let display = |name: &str| std::env::var(name).ok();
            if let Some(problem) = dlt_modeller::cli::editor_refusal(cli.file.as_deref(), display) {
                eprintln!("dlt-modeller: {problem}");
                return ExitCode::from(2);
            }
            open_the_editor(cli.file)
        }
    }
}

fn open_the_editor(file: Option<std::path::PathBuf>) -> ExitCode {
    match dlt_modeller::app::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("dlt-modeller: cannot open the editor window: {error}");
            ExitCode::from(2)
        }
    }
}
