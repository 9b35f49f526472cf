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
        None => match dlt_modeller::app::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("dlt-modeller: cannot open the editor window: {error}");
                ExitCode::from(2)
            }
        },
    }
}
