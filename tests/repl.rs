//! The interactive shell driven through a pseudo-terminal: multi-line input, completion, `\d`,
//! `\df`, live progress, Ctrl-C cancelling a running query while the session survives, Ctrl-D, and history
//! persisted across sessions.

use std::path::Path;
use std::process::Command;

use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

const PROMPT: &str = "siftql> ";

fn shell(history: &Path) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_siftql"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).env("SIFTQL_HISTORY", history).env("TERM", "xterm");
    let mut session =
        spawn_with_options(command, Options::new().timeout_ms(Some(60_000)).strip_ansi_escape_codes(true)).expect("spawn siftql");
    session.exp_string(PROMPT).expect("first prompt");
    session
}

fn enter(session: &mut PtySession, text: &str) {
    session.send(text).unwrap();
    session.send("\r").unwrap();
    session.flush().unwrap();
}

#[test]
fn interactive_session() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history");
    let mut s = shell(&history);

    // a statement over two lines runs once the ';' arrives
    enter(&mut s, "SELECT 20 + 22");
    enter(&mut s, "AS answer;");
    s.exp_string("| 42     |").expect("multi-line result");
    s.exp_string(PROMPT).unwrap();

    // tab completion of a function name
    s.send("SELECT count(*) FROM synthetic_cor").unwrap();
    s.send("\t").unwrap();
    s.flush().unwrap();
    s.exp_string("synthetic_corpus").expect("completed name");
    enter(&mut s, "(7, 1);");
    s.exp_string("| 7 ").expect("count of the completed call");
    s.exp_string(PROMPT).unwrap();

    // backslash commands
    enter(&mut s, "CREATE VIEW docs AS SELECT id, text FROM synthetic_corpus(10, 1);");
    s.exp_string(PROMPT).unwrap();
    enter(&mut s, "\\d");
    s.exp_string("docs").expect("\\d lists the view");
    s.exp_string(PROMPT).unwrap();
    enter(&mut s, "\\d docs");
    s.exp_string("text").expect("\\d NAME shows columns");
    s.exp_string(PROMPT).unwrap();
    enter(&mut s, "\\df synthetic");
    s.exp_string("Arguments:").expect("\\df shows the documentation");
    s.exp_string(PROMPT).unwrap();

    // table completion after the view exists
    s.send("SELECT count(*) FROM doc").unwrap();
    s.send("\t").unwrap();
    s.flush().unwrap();
    s.exp_string("docs").unwrap();
    enter(&mut s, ";");
    s.exp_string("| 10 ").unwrap();
    s.exp_string(PROMPT).unwrap();

    // Ctrl-C cancels a long query and the session goes on
    enter(&mut s, "SELECT count(*) FROM synthetic_corpus(1000000000, 1) WHERE length(text) > 10;");
    s.exp_string("elapsed (Ctrl-C cancels)").expect("progress line on a terminal");
    s.send_control('c').unwrap();
    s.exp_string("Query cancelled.").expect("cancel message");
    s.exp_string(PROMPT).unwrap();
    enter(&mut s, "SELECT 'still here' AS status;");
    s.exp_string("still here").unwrap();
    s.exp_string(PROMPT).unwrap();

    // errors do not end the session
    enter(&mut s, "SELECT * FROM no_such_table;");
    s.exp_string("error:").unwrap();
    s.exp_string(PROMPT).unwrap();

    // Ctrl-D exits
    s.send_control('d').unwrap();
    s.exp_eof().expect("exit on Ctrl-D");

    let saved = std::fs::read_to_string(&history).expect("history file written");
    assert!(saved.contains("AS answer;"), "{saved}");
    assert!(saved.contains("\\d docs"), "{saved}");

    // history is there in the next session: Up recalls the last line
    let mut s = shell(&history);
    s.send("\x1b[A").unwrap();
    s.flush().unwrap();
    s.exp_string("SELECT * FROM no_such_table;").expect("history recalled");
    s.send_control('c').unwrap();
    s.exp_string(PROMPT).unwrap();
    enter(&mut s, "\\q");
    s.exp_eof().expect("exit on \\q");
}
