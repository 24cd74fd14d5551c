//! The keymap in effect: the default bindings with a user's overrides laid over them.
//! Dispatch, help, the status bar's hints and every message that names a key read it,
//! so a key the user moved is the key shown everywhere.

use super::{Action, Binding, Ctx, Key, all_bindings};
use ratatui::crossterm::event::KeyEvent;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// A user's bindings: for a context, the keys that replace an action's default keys.
pub type KeyOverrides = BTreeMap<Ctx, BTreeMap<Action, Vec<Key>>>;

/// One binding in effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub ctx: Ctx,
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: Cow<'static, str>,
    /// A word or two for the status bar's hints; empty when not hinted.
    pub hint: &'static str,
}

impl Bound {
    fn of(b: &Binding) -> Bound {
        Bound {
            ctx: b.ctx,
            keys: b.keys.to_vec(),
            action: b.action,
            help: Cow::Borrowed(b.help),
            hint: b.hint,
        }
    }

    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// Two bindings that a key press in one context could both be taken as: two of the
/// context's own, or a global key the user set that the context's own key hides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    pub ctx: Ctx,
    pub key: Key,
    /// The action the key does there (the one listed first, or the context's own),
    /// and the one it hides, with the context that one is bound in.
    pub wins: Action,
    pub hidden: Action,
    pub hidden_in: Ctx,
}

impl std::fmt::Display for Collision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = if self.hidden_in == self.ctx {
            format!("{:?}", self.hidden)
        } else {
            format!("{:?} ({:?})", self.hidden, self.hidden_in)
        };
        write!(
            f,
            "keys.{:?}: {} is bound to both {:?} and {hidden}; it does {:?}",
            self.ctx,
            self.key.config_name(),
            self.wins,
            self.wins
        )
    }
}

/// An override that names nothing to override.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverrideError {
    #[error("keys.{ctx:?}.{action:?}: {action:?} is not bound in {ctx:?} ({hint})")]
    NotInContext {
        ctx: Ctx,
        action: Action,
        hint: String,
    },
    #[error("keys.{ctx:?}.{action:?}: give at least one key")]
    NoKeys { ctx: Ctx, action: Action },
    #[error(
        "keys.{ctx:?}.{action:?}: {key} would be typed as text there; \
         use a key with Ctrl- or Alt-, a function key, Esc or Enter"
    )]
    Typed {
        ctx: Ctx,
        action: Action,
        key: String,
    },
    #[error("keys.{ctx:?}.{action:?}: {key} shows a screen (the digits are taken)")]
    Digit {
        ctx: Ctx,
        action: Action,
        key: String,
    },
}

/// The bindings in effect, in the order help lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    rows: Vec<Bound>,
    /// Which rows the user's overrides moved to other keys (by index).
    overridden: Vec<usize>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            rows: defaults(),
            overridden: Vec::new(),
        }
    }
}

/// The default bindings: the key tables, then a digit for each screen (as many as
/// there are screens, in tab order).
fn defaults() -> Vec<Bound> {
    let screens = crate::app::SCREENS.iter().enumerate().filter_map(|(i, s)| {
        let n = u8::try_from(i + 1).ok().filter(|n| *n <= 9)?;
        Some(Bound {
            ctx: Ctx::Global,
            keys: vec![super::ch(char::from(b'0' + n))],
            action: Action::ShowScreen(n),
            help: Cow::Owned(format!("show the {} screen", s.name())),
            hint: "",
        })
    });
    all_bindings().map(Bound::of).chain(screens).collect()
}

impl Keymap {
    /// The defaults with `overrides` laid over them. An override that names an action
    /// the context has no key for is refused (nothing is changed).
    pub fn with_overrides(overrides: &KeyOverrides) -> Result<Keymap, OverrideError> {
        let mut map = Keymap::default();
        for (ctx, actions) in overrides {
            for (action, keys) in actions {
                if keys.is_empty() {
                    return Err(OverrideError::NoKeys {
                        ctx: *ctx,
                        action: *action,
                    });
                }
                refuse_unreachable(*ctx, *action, keys)?;
                let at = map
                    .rows
                    .iter()
                    .position(|r| r.ctx == *ctx && r.action == *action)
                    .ok_or_else(|| OverrideError::NotInContext {
                        ctx: *ctx,
                        action: *action,
                        hint: where_bound(*action),
                    })?;
                if map.rows[at].keys != *keys {
                    map.rows[at].keys = keys.clone();
                    map.overridden.push(at);
                }
            }
        }
        Ok(map)
    }

    /// Keys of one context that more than one of its bindings take, in table order;
    /// then the keys the user set that another context read for the same key press
    /// takes first, or that they take from it (a pane and the global keys; in a
    /// step's details the pop-up keys, then the details' own, then the checklist's).
    /// The defaults' own overlaps are meant (on the Tests screen ← and → choose a
    /// round), so only keys the user added are looked at across contexts.
    pub fn collisions(&self) -> Vec<Collision> {
        let mut found = Vec::new();
        for (i, a) in self.rows.iter().enumerate() {
            for b in self.rows[i + 1..].iter().filter(|b| b.ctx == a.ctx) {
                found.extend(clashes(a, b, &b.keys));
            }
        }
        let defaults = defaults();
        for &i in &self.overridden {
            let set = &self.rows[i];
            // An override changes a row's keys, never its place: row `i` of the
            // defaults is the same binding.
            let was = &defaults[i].keys;
            let added: Vec<Key> = set
                .keys
                .iter()
                .filter(|k| !was.iter().any(|d| d.overlaps(k)))
                .copied()
                .collect();
            for other in &self.rows {
                if other.action == set.action {
                    continue;
                }
                match read_first(set.ctx, other.ctx) {
                    Some(true) => found.extend(clashes(set, other, &added)),
                    Some(false) => found.extend(clashes(other, set, &added)),
                    None => {}
                }
            }
        }
        found
    }

    /// Every binding in effect.
    pub fn rows(&self) -> &[Bound] {
        &self.rows
    }

    /// The bindings of one context, for help and hints.
    pub fn bindings_for(&self, ctx: Ctx) -> impl Iterator<Item = &Bound> {
        self.rows.iter().filter(move |b| b.ctx == ctx)
    }

    /// The action bound to `ev` in `ctx` (a pane's own bindings before the global ones).
    pub fn lookup(&self, ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
        match self.find(ctx, ev) {
            None if ctx.falls_back() => self.find(Ctx::Global, ev),
            found => found,
        }
    }

    /// The action bound to `ev` in `ctx` itself (not the global keys).
    pub fn find(&self, ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
        self.bindings_for(ctx)
            .find(|b| b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.action)
    }

    /// Whether `ev` is one of `action`'s keys in `ctx` (only that context).
    pub fn is(&self, ctx: Ctx, action: Action, ev: &KeyEvent) -> bool {
        self.bindings_for(ctx)
            .filter(|b| b.action == action)
            .any(|b| b.keys.iter().any(|k| k.matches(ev)))
    }

    /// The first of `action`'s keys in `ctx`, as messages name it (`a`, `Ctrl-S`).
    pub fn first(&self, ctx: Ctx, action: Action) -> String {
        let of = |c: Ctx| {
            self.bindings_for(c)
                .find(|b| b.action == action)
                .and_then(|b| b.keys.first().map(Key::label))
        };
        of(ctx)
            .or_else(|| of(Ctx::Global))
            .unwrap_or_else(|| "(no key)".to_string())
    }

    /// `text` with each `{Context.Action}` replaced by the first key of that action
    /// (`"{Prompt.SaveEntry} skips"` → `"Enter skips"`), so every message names the
    /// keys in effect. Braces that name no binding are left as they are (typed text
    /// may hold them); a test checks that every token in the program names one.
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let token = after.find('}').map(|close| &after[..close]);
            match token.and_then(|t| self.token_key(t)) {
                Some(key) => {
                    out.push_str(&key);
                    rest = &after[token.map_or(0, str::len) + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The first key of the binding a `Context.Action` token names.
    fn token_key(&self, token: &str) -> Option<String> {
        let (ctx, action) = token.split_once('.')?;
        let named = |b: &&Bound| <&str>::from(b.ctx) == ctx && <&str>::from(b.action) == action;
        self.rows
            .iter()
            .find(named)
            .and_then(|b| b.keys.first().map(Key::label))
    }

    /// The help screen for `screen`: the global keys and the screen keys first, then
    /// each of the screen's contexts, each from the keymap, so help cannot drift from
    /// what the keys do.
    pub fn help_lines(&self, screen: &dyn crate::app::Screen) -> Vec<HelpLine> {
        let mut lines = Vec::new();
        let section = |ctx: Ctx, lines: &mut Vec<HelpLine>, extra: Vec<HelpLine>| {
            let rows: Vec<HelpLine> = self
                .bindings_in(screen, ctx)
                .into_iter()
                .map(|(keys, b)| HelpLine::Keys(keys, self.fill(&b.help)))
                .chain(extra)
                .collect();
            if rows.is_empty() {
                return;
            }
            lines.push(HelpLine::Section(ctx.title()));
            lines.extend(rows);
            lines.push(HelpLine::Blank);
        };
        section(Ctx::Global, &mut lines, Vec::new());
        for ctx in screen.contexts().iter().chain(Ctx::POP_UPS) {
            section(*ctx, &mut lines, Vec::new());
        }
        lines.push(HelpLine::Note(
            "Mouse: click a tab, a pane or a row; the wheel scrolls.".into(),
        ));
        lines.push(HelpLine::Note(format!(
            "In a text field every key is text; {}, {} and {} act on the editor.",
            self.first(Ctx::Editor, Action::NextField),
            self.first(Ctx::Editor, Action::SaveEntry),
            self.first(Ctx::Editor, Action::Back),
        )));
        lines.push(HelpLine::Note(
            "Text fields: Ctrl-A/Ctrl-E line start/end, Ctrl-U/Ctrl-K delete to them,".into(),
        ));
        lines.push(HelpLine::Note(
            "Ctrl-W the word before, Ctrl-Y puts back what was deleted, Ctrl-Z undoes.".into(),
        ));
        lines
    }

    /// The bindings of `ctx` as they work on `screen`, with the keys that do what they
    /// say there: a global binding loses the keys the screen's own contexts take over
    /// (on the Tests screen ← and → choose a round), and is left out when it has none
    /// left or its action means nothing on the screen.
    pub fn bindings_in(&self, screen: &dyn crate::app::Screen, ctx: Ctx) -> Vec<(String, &Bound)> {
        self.bindings_for(ctx)
            .filter_map(|b| {
                if ctx != Ctx::Global {
                    return Some((b.keys_label(), b));
                }
                if screen.ignores(b.action) {
                    return None;
                }
                let taken = |k: &&Key| {
                    screen
                        .contexts()
                        .iter()
                        .filter(|c| c.falls_back())
                        .flat_map(|c| self.bindings_for(*c))
                        .any(|other| other.keys.iter().any(|o| o.overlaps(k)))
                };
                let keys: Vec<String> = b
                    .keys
                    .iter()
                    .filter(|k| !taken(k))
                    .map(Key::label)
                    .collect();
                (!keys.is_empty()).then(|| (keys.join("/"), b))
            })
            .collect()
    }
}

/// The keys among `keys` that both `wins` and `hidden` take, as collisions where
/// `wins` (read first) is bound.
fn clashes<'a>(
    wins: &'a Bound,
    hidden: &'a Bound,
    keys: &'a [Key],
) -> impl Iterator<Item = Collision> + 'a {
    let takes = |b: &Bound, k: &Key| b.keys.iter().any(|o| o.overlaps(k));
    keys.iter()
        .filter(move |k| takes(wins, k) && takes(hidden, k))
        .map(|k| Collision {
            ctx: wins.ctx,
            key: *k,
            wins: wins.action,
            hidden: hidden.action,
            hidden_in: hidden.ctx,
        })
}

/// Refuses keys that could never reach `action` in `ctx`: a character in a prompt or
/// the editor, where it is text (the editor's choice keys aside: they act only on a
/// choice).
fn refuse_unreachable(ctx: Ctx, action: Action, keys: &[Key]) -> Result<(), OverrideError> {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    let choice = matches!(action, Action::Toggle | Action::PickPrev | Action::PickNext);
    if ctx != Ctx::Prompt && (ctx != Ctx::Editor || choice) {
        return Ok(());
    }
    let typed = keys.iter().find(|k| {
        matches!(k.code, KeyCode::Char(_))
            && !k.mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    });
    match typed {
        Some(key) => Err(OverrideError::Typed {
            ctx,
            action,
            key: key.config_name(),
        }),
        None => Ok(()),
    }
}

/// For two contexts one key press can be read in: whether `a` is read before `b`;
/// `None` when no key press reaches both.
fn read_first(a: Ctx, b: Ctx) -> Option<bool> {
    // Each group in the order a key press goes through it.
    let pane = |c: Ctx| c.falls_back();
    let order = |c: Ctx| match c {
        Ctx::Popup => 0,
        Ctx::Details => 1,
        _ => 2,
    };
    if a == b {
        None
    } else if pane(a) && b == Ctx::Global {
        Some(true)
    } else if a == Ctx::Global && pane(b) {
        Some(false)
    } else {
        let in_details = |c: Ctx| matches!(c, Ctx::Popup | Ctx::Details | Ctx::Checklist);
        (in_details(a) && in_details(b)).then(|| order(a) < order(b))
    }
}

/// The contexts `action` has keys in, for a message about a misplaced override.
fn where_bound(action: Action) -> String {
    let found: Vec<String> = defaults()
        .iter()
        .filter(|b| b.action == action)
        .map(|b| format!("{:?}", b.ctx))
        .collect();
    if found.is_empty() {
        "it has none".to_string()
    } else {
        format!("it has keys in {}", found.join(", "))
    }
}

/// One line of the help screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    /// The title of a context's section.
    Section(&'static str),
    /// Keys and what they do.
    Keys(String, String),
    Blank,
    /// A closing remark.
    Note(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `{Context.Action}` token in the program's source.
    fn tokens_in_source() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, found: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for piece in text.split('{').skip(1) {
                        let Some((token, _)) = piece.split_once('}') else {
                            continue;
                        };
                        let is_name = |s: &str| {
                            s.starts_with(|c: char| c.is_ascii_uppercase())
                                && s.chars().all(|c| c.is_ascii_alphabetic())
                        };
                        // (The doc comments' own example aside.)
                        if let Some((ctx, action)) = token.split_once('.')
                            && token != "Context.Action"
                            && is_name(ctx)
                            && is_name(action)
                        {
                            found.push((path.display().to_string(), token.to_string()));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        found
    }

    #[test]
    fn every_key_named_in_a_message_is_a_binding() {
        let map = Keymap::default();
        let tokens = tokens_in_source();
        assert!(tokens.len() > 30, "{tokens:?}");
        for (file, token) in tokens {
            assert!(map.token_key(&token).is_some(), "{file}: {{{token}}}");
        }
    }

    #[test]
    fn messages_name_the_keys_in_effect() {
        let text =
            "Why? {Prompt.SaveEntry} skips, {Prompt.Back} cancels ({Confirm.Yes}/{Confirm.No})";
        assert_eq!(
            Keymap::default().fill(text),
            "Why? Enter skips, Esc cancels (y/n)"
        );
        let mut moved = KeyOverrides::new();
        moved.insert(
            Ctx::Prompt,
            [(Action::Back, vec![Key::parse("Ctrl-G").unwrap()])].into(),
        );
        let map = Keymap::with_overrides(&moved).unwrap();
        assert_eq!(map.fill(text), "Why? Enter skips, Ctrl-G cancels (y/n)");
        // Braces that are not a binding's name are left alone (typed text has them).
        assert_eq!(
            map.fill("{draft} {a.b} {Global.Nope"),
            "{draft} {a.b} {Global.Nope"
        );
    }
}
