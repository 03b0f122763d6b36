//! A real editor as LSP client: headless Neovim starts `glossa lsp` on a
//! draft and must receive our diagnostics, with columns converted from
//! UTF-16 by Neovim itself (issue 5).
//!
//! Opt-in: runs only with `GLOSSA_NVIM=1` (CI sets it after installing
//! the Debian `neovim` package), since Neovim is not a build dependency.

mod common;

use std::process::Command;

use common::{TestEnv, root};

#[test]
fn issue_5_neovim_receives_diagnostics() {
    if !common::opt_in("GLOSSA_NVIM", "the Neovim LSP test") {
        return;
    }
    let script = root().join("tests/data/tools/nvim_lsp_diagnostics.lua");
    assert!(script.is_file(), "missing {}", script.display());
    let env = TestEnv::new();
    env.write(
        "glossary/glossary.csv",
        "id,lang,term,status\n\
         c1,fr,centre de données,preferred\n\
         c1,en,data center,preferred\n\
         c1,en,datacenter,deprecated\n\
         c2,fr,puce,preferred\n\
         c2,en,chip,preferred\n\
         c2,en,microprocessor,superseded\n",
    );
    let draft = env.write(
        "draft.md",
        "# Draft\n\nThé d’été – the datacenters and the chips.\n\
         The microprocessors.\n",
    );
    let out = Command::new("nvim")
        .args(["--headless", "-u"])
        .arg(&script)
        .current_dir(env.path())
        .env("GLOSSA_BIN", env!("CARGO_BIN_EXE_glossa"))
        .env("DRAFT", &draft)
        .env("GLOSSA_GLOSSARY", env.path().join("glossary"))
        .output()
        .expect("run nvim (apt-get install neovim)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut lines: Vec<&str> = stdout.lines().collect();
    lines.sort();
    // Byte columns, as Neovim stores them: "Thé d’été – the " is 23 bytes
    // but 16 UTF-16 units, so a server sending bytes would be caught.
    assert_eq!(
        lines,
        [
            "2:23:34 “datacenters” is deprecated: use “data center”",
            "3:4:19 “microprocessors” is superseded: use “chip”",
            "DIAG_OK",
        ],
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
