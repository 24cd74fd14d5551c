//! Running the user's own editor on a text: `$VISUAL`, else `$EDITOR`, through `sh -c`
//! as git does (so `code --wait` or `emacs -nw` work), on a temporary file. The caller
//! hands the terminal over first and takes it back after.

use std::io::Write;
use std::process::Command;

/// The editor the environment names: `$VISUAL`, else `$EDITOR` (set and not blank).
pub fn chosen(visual: Option<String>, editor: Option<String>) -> Option<String> {
    [visual, editor]
        .into_iter()
        .flatten()
        .map(|e| e.trim().to_string())
        .find(|e| !e.is_empty())
}

/// Runs `editor` on a file holding `text` and returns what the file holds when it
/// exits; why not, in words, when it cannot be run or does not exit cleanly.
pub fn edit(editor: &str, text: &str) -> Result<String, String> {
    let mut file = tempfile::Builder::new()
        .prefix("cmo-promote-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| format!("cannot make a file for your editor: {e}"))?;
    let mut body = text.to_string();
    if !body.is_empty() && !body.ends_with('\n') {
        body.push('\n');
    }
    file.write_all(body.as_bytes())
        .and_then(|()| file.flush())
        .map_err(|e| format!("cannot write {}: {e}", file.path().display()))?;
    let status = Command::new("sh")
        .arg("-c")
        // `exec`: the shell becomes the editor, so a Ctrl-C the editor ignores cannot
        // end the shell and hand the terminal back while the editor still runs.
        .arg(format!("exec {editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .map_err(|e| format!("cannot run your editor: {e} ({editor})"))?;
    match status.code() {
        Some(0) => {}
        Some(127) => return Err(format!("your editor was not found ({editor})")),
        Some(code) => return Err(format!("your editor exited with status {code} ({editor})")),
        None => return Err(format!("your editor was stopped by a signal ({editor})")),
    }
    let edited = std::fs::read(file.path())
        .map_err(|e| format!("cannot read what your editor wrote: {e}"))?;
    // Saved unchanged (or not saved): the text as it was, to the letter.
    if edited == body.as_bytes() {
        return Ok(text.to_string());
    }
    let edited = String::from_utf8(edited)
        .map_err(|_| "your editor wrote text that is not UTF-8".to_string())?;
    // The line end an editor adds at the end of the file is not part of the field.
    let edited = edited
        .strip_suffix("\r\n")
        .or_else(|| edited.strip_suffix('\n'))
        .unwrap_or(&edited);
    Ok(edited.replace("\r\n", "\n"))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn visual_comes_before_editor_and_blank_is_unset() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(chosen(s("vim"), s("nano")).as_deref(), Some("vim"));
        assert_eq!(chosen(s("  "), s("nano")).as_deref(), Some("nano"));
        assert_eq!(chosen(None, None), None);
    }

    #[test]
    fn the_edited_text_comes_back_without_the_final_line_end() {
        let edited = edit("sed -i 's/before/after/'", "before\nsecond line").unwrap();
        assert_eq!(edited, "after\nsecond line");
    }

    #[test]
    fn text_left_as_it_was_comes_back_as_it_was() {
        for text in ["notes\n", "notes", "", "two\nlines\n\n"] {
            assert_eq!(edit("true", text).as_deref(), Ok(text), "{text:?}");
        }
    }

    #[test]
    fn an_editor_that_fails_or_is_missing_gives_the_reason() {
        let e = edit("false", "text").unwrap_err();
        assert!(e.contains("exited with status 1 (false)"), "{e}");
        let e = edit("/nonexistent/editor", "text").unwrap_err();
        assert!(e.contains("was not found"), "{e}");
    }
}
