//! The `glossa` binary: parses arguments, calls the library, prints.
//! All logic lives in the library; see `src/cli/` for the commands.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`glossa list | head`) is not an error.
            let broken = |k: Option<std::io::ErrorKind>| {
                k == Some(std::io::ErrorKind::BrokenPipe)
            };
            if err.chain().any(|e| {
                broken(e.downcast_ref::<std::io::Error>().map(|io| io.kind()))
                    || broken(
                        e.downcast_ref::<glossa::Error>()
                            .and_then(glossa::Error::io_kind),
                    )
                    || broken(
                        e.downcast_ref::<serde_json::Error>()
                            .and_then(|j| j.io_error_kind()),
                    )
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("glossa: error: {err:#}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
