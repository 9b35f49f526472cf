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
            // The editor arrives with the editor issue; until then, say what there is.
            let _ = <dlt_modeller::cli::Cli as clap::CommandFactory>::command().print_help();
            ExitCode::SUCCESS
        }
    }
}
