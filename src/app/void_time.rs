//! Voiding a time entry (`v` in a step's or a change's details): which entry, and why.
//! A voided entry counts nowhere after, and stays in the record and the history.

use super::modal::{Prompt, Purpose};
use super::{App, Message};
use crate::model::{OpKind, TimeOf, format_duration};

impl App {
    /// `v`: asks why (and, when there are several entries, which one) before voiding.
    pub(super) fn ask_void(&mut self, of: TimeOf) {
        if !self.can_edit() {
            return;
        }
        let s = &self.doc.session;
        let entries = s.time_entries(of);
        let whose = match of {
            TimeOf::Step(n) => format!("step {n}"),
            TimeOf::Change(c) => s.label_of(c),
        };
        let open: Vec<usize> = (0..entries.len())
            .filter(|i| entries[*i].1.counts())
            .collect();
        let (only, title, help) = match open.as_slice() {
            [] => {
                self.message = Some(Message::Info(format!(
                    "{} has no time that counts to void",
                    crate::vocab::capital(&whose)
                )));
                return;
            }
            [i] => {
                let e = entries[*i].1;
                let title = format!(
                    "Void {whose}'s time entry from {} ({})",
                    self.local(e.start).format("%H:%M:%S"),
                    format_duration(e.elapsed(self.now()))
                );
                (
                    Some(*i),
                    title,
                    "Why? It then counts nowhere and stays in the record; {Prompt.SaveEntry} voids, {Prompt.Back} cancels"
                        .to_string(),
                )
            }
            _ => {
                // The entries that count, here too: the list under the prompt is covered.
                let shown: Vec<String> = open
                    .iter()
                    .rev()
                    .take(4)
                    .rev()
                    .map(|i| {
                        let e = entries[*i].1;
                        format!(
                            "{} from {} ({})",
                            i + 1,
                            self.local(e.start).format("%H:%M"),
                            format_duration(e.elapsed(self.now()))
                        )
                    })
                    .collect();
                let more = if open.len() > shown.len() {
                    "…, "
                } else {
                    ""
                };
                (
                    None,
                    format!("Void a time entry of {whose}"),
                    format!(
                        "{more}{}. Its number, then why, e.g. `{} started by mistake`; Enter \
                         voids, Esc cancels",
                        shown.join(", "),
                        open.last().map_or(1, |i| i + 1)
                    ),
                )
            }
        };
        self.ask(Prompt::new(Purpose::VoidTime { of, only }, title, help, ""));
    }

    /// The answer to the void prompt as an op, or what is wrong with it.
    pub(super) fn void_answer(
        &self,
        of: TimeOf,
        only: Option<usize>,
        text: &str,
    ) -> Result<OpKind, String> {
        let entries = self.doc.session.time_entries(of);
        let (index, reason) = match only {
            Some(i) => (i, text.trim()),
            None => {
                let text = text.trim_start();
                let digits =
                    text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let number: usize = text[..digits].parse().map_err(|_| {
                    "start with the entry's number as listed, e.g. `2 started by mistake`"
                        .to_string()
                })?;
                if number == 0 || number > entries.len() {
                    return Err(format!(
                        "there is no entry {number}; they are numbered 1 to {}",
                        entries.len()
                    ));
                }
                (number - 1, text[digits..].trim())
            }
        };
        let Some((target, entry)) = entries.get(index) else {
            return Err("that time entry is no longer there".into());
        };
        if reason.is_empty() {
            return Err("say why it is voided (it is recorded)".into());
        }
        Ok(OpKind::VoidTime {
            target: *target,
            start: entry.start,
            reason: reason.to_string(),
        })
    }
}
