//! The commented default config that `cmo-promote config --print-default` prints: every
//! setting at its default with what it does, and every key binding (commented out, so
//! a copy of the file follows the program's defaults until a line is changed). It is
//! made from the defaults themselves, so it cannot drift from them.

use super::Config;
use crate::app::keymap::{Ctx, Keymap};
use crate::ui::Role;
use std::fmt::Write;

/// The default config file, with comments; itself a valid config.
pub fn default_text() -> String {
    text(true)
}

/// The default config, with the key bindings commented out or not.
pub(super) fn text(keys_commented: bool) -> String {
    let d = Config::default();
    let roles: Vec<String> = Role::ALL.iter().map(|r| format!("{r:?}")).collect();
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line("// cmo-promote settings. Any setting may be left out: it then keeps the default");
    line("// shown here. Check a file with `cmo-promote config --check PATH`.");
    line("(");
    line("    // Your name, recorded as the author of every edit you make (--user still");
    line("    // wins). Left out: $USER, else the operating system's user name.");
    line("    // user: \"Ann Smith\",");
    line("");
    line("    // Whether the TUI takes the mouse (clicks, the wheel); --no-mouse still");
    line("    // turns it off.");
    line(&format!("    mouse: {},", d.mouse));
    line("");
    line("    // Dark, Light or Mono. NO_COLOR (set and not empty) always means Mono.");
    line(&format!("    theme: {:?},", d.theme));
    line("");
    line("    // Colours laid over the theme, by role. A colour is a name (red, light-blue,");
    line("    // dark-gray), a hex colour (#d70000) or a number from 0 to 255. The roles:");
    let chunks: Vec<_> = roles.chunks(7).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let end = if i + 1 == chunks.len() { "." } else { "," };
        line(&format!("    // {}{end}", chunk.join(", ")));
    }
    line("    colours: {");
    line("        // Fail: \"#d70000\",");
    line("    },");
    line("");
    line("    // A new session's outage contingency, in percent of the rehearsal's time.");
    line(&format!(
        "    contingency_percent: {},",
        d.contingency_percent
    ));
    line("");
    line("    // Days from the Production implementation to the copy-back, for a new");
    line("    // session.");
    line(&format!(
        "    copy_back_after_days: {},",
        d.copy_back_after_days
    ));
    line("");
    line("    // The CMO areas the change editor offers (after the session's own), and a");
    line("    // new session's list.");
    line("    areas: [");
    for area in &d.areas {
        line(&format!("        {area:?},"));
    }
    line("    ],");
    line("");
    line("    // Keys, by context and action: an action given here has these keys instead");
    line("    // of its defaults. A key is one character (q, G, ?) or a name (Space, Enter,");
    line("    // Esc, Tab, S-Tab, Up, Down, Left, Right, PgUp, PgDn, Home, End, Backspace,");
    line("    // Delete, F1 to F24), with Ctrl- or Alt- before it. A key bound twice in one");
    line("    // context is reported at start. The defaults:");
    line("    keys: {");
    let c = if keys_commented { "// " } else { "" };
    let map = Keymap::default();
    for ctx in <Ctx as strum::IntoEnumIterator>::iter() {
        let rows: Vec<_> = map.bindings_for(ctx).collect();
        if rows.is_empty() {
            continue;
        }
        line(&format!("        {c}{ctx:?}: {{"));
        for b in rows {
            let keys: Vec<String> = b
                .keys
                .iter()
                .map(|k| format!("{:?}", k.config_name()))
                .collect();
            let mut row = format!("        {c}    {:?}: [{}],", b.action, keys.join(", "));
            let _ = write!(
                row,
                "{:w$}// {}",
                "",
                map.fill(&b.help),
                w = 64usize.saturating_sub(row.chars().count()).max(1)
            );
            line(&row);
        }
        line(&format!("        {c}}},"));
    }
    line("    },");
    line(")");
    out
}
