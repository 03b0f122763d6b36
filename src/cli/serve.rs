//! `glossa serve`: the web app for translators on this machine.
use std::net::{IpAddr, SocketAddr};

use anyhow::{Context, Result};

use super::{EXIT_OK, Global};

const SERVE_HELP: &str = "\
Examples:
  glossa serve                      http://127.0.0.1:8080/
  glossa serve --port 0             any free port (printed)
  glossa -g team.csv -g iate.tbx.csv serve --port 9000
  glossa --database postgres://glossa@db/glossa serve --bind 0.0.0.0
                                    the team server: sign-in, roles, history

Pages: / (lookup), /entries, /review, /check, /exchange.
API: GET /api/lookup?q=, GET|POST /api/entries, GET|PUT|PATCH
/api/entries/ID, POST /api/entries/ID/accept|reject, POST /api/check,
GET /api/tm/search?q=, GET /api/export?format=, POST /api/import?format=.
State-changing requests need the session token: GET /api/csrf, then send
its cookie and the X-CSRF-Token header.";

/// Serve the web app (lookup, entries, review, draft check, exchange).
#[derive(Debug, clap::Args)]
#[command(after_help = SERVE_HELP)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. Anything but loopback needs team mode
    /// (--database: accounts and roles).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
}

pub fn serve(a: ServeArgs, g: &Global) -> Result<u8> {
    // No anonymous writes on a network: only the team server (accounts,
    // roles) listens beyond loopback.
    if !a.bind.is_loopback() && g.database.is_none() {
        anyhow::bail!(
            "listening on {} needs team mode (--database URL: accounts and \
             roles); the single-user app listens on loopback only",
            a.bind
        );
    }
    let app = match &g.database {
        Some(url) => {
            let pg = std::sync::Arc::new(glossa::workspace::Pg::connect(url)?);
            glossa::web::App::team(pg)?
        }
        None => glossa::web::App::with_workspace(g.workspace()?)?,
    };
    let writable = app.describe();
    glossa::web::serve_app(app, SocketAddr::new(a.bind, a.port), |addr| {
        // The first line is the address: tests and scripts read it.
        println!("glossa: serving http://{addr}/ (glossary {writable})");
        use std::io::Write;
        let _ = std::io::stdout().flush();
    })
    .context("serving the web app")?;
    Ok(EXIT_OK)
}
