//! The test script editor: a form with the script's title, preconditions, steps and
//! expected results (one per line, paired by line), the Work Plan changes it covers,
//! owner and priority; turns what was typed into the fields of an op.

use super::form::{FieldSpec, Form, Kind};
use crate::model::{Priority, ScriptFields, ScriptId, ScriptStep, Session, steps_from_text};

const TITLE: usize = 0;
const PRECONDITIONS: usize = 1;
const STEPS: usize = 2;
const EXPECTED: usize = 3;
const COVERS: usize = 4;
const OWNER: usize = 5;
const PRIORITY: usize = 6;

/// The priority choice, as the form shows it.
const PRIORITIES: [Option<Priority>; 4] = [
    None,
    Some(Priority::High),
    Some(Priority::Medium),
    Some(Priority::Low),
];

static FIELDS: [FieldSpec; 7] = [
    FieldSpec {
        label: "Title",
        kind: Kind::LINE,
        hint: "What the script checks, in a line",
    },
    FieldSpec {
        label: "Preconditions",
        kind: Kind::Text,
        hint: "What must hold before the first step: data, role, environment",
    },
    FieldSpec {
        label: "Steps",
        kind: Kind::Text,
        hint: "One step per line; line 1 of Expected is what step 1 should show",
    },
    FieldSpec {
        label: "Expected",
        kind: Kind::Text,
        hint: "One expected result per line, paired with the steps by line",
    },
    FieldSpec {
        label: "Covers",
        kind: Kind::LINE,
        hint: "The Work Plan changes it tests, e.g. WP-001, WP-004",
    },
    FieldSpec {
        label: "Owner",
        kind: Kind::LINE,
        hint: "Who runs it (optional)",
    },
    FieldSpec {
        label: "Priority",
        kind: Kind::Choice(&["—", "high", "medium", "low"]),
        hint: "{Editor.Toggle} or {Editor.PickPrev}/{Editor.PickNext} chooses",
    },
];

/// An open editor on a new or existing test script.
pub struct ScriptEditor {
    /// `None` while adding a new script.
    pub target: Option<ScriptId>,
    /// The script as it was when the editor opened.
    pub original: ScriptFields,
    pub form: Form,
}

impl ScriptEditor {
    /// An editor for a new script (`target` None) or for an existing one.
    pub fn open(session: &Session, target: Option<ScriptId>) -> ScriptEditor {
        let original = target
            .and_then(|id| session.script(id))
            .map(|s| s.fields.clone())
            .unwrap_or_default();
        let mut form = Form::new(&FIELDS);
        form.set_text(TITLE, &original.title);
        form.set_text(PRECONDITIONS, &original.preconditions);
        let join = |f: fn(&ScriptStep) -> &str| {
            original.steps.iter().map(f).collect::<Vec<_>>().join("\n")
        };
        form.set_text(STEPS, &join(|s| &s.action));
        form.set_text(EXPECTED, &join(|s| &s.expected));
        form.set_text(COVERS, &session.change_labels(&original.covers));
        form.set_text(OWNER, original.owner.as_deref().unwrap_or(""));
        let priority = PRIORITIES
            .iter()
            .position(|p| *p == original.priority)
            .unwrap_or(0);
        form.set_choice(PRIORITY, priority);
        ScriptEditor {
            target,
            original,
            form,
        }
    }

    /// The fields as typed, with the covered changes looked up by WP number.
    pub fn fields(&self, session: &Session) -> Result<ScriptFields, String> {
        let text = self.form.text(COVERS);
        let covers = session
            .change_ids_named(&text)
            .map_err(|name| format!("Covers: no change called \"{name}\""))?;
        let owner = self.form.text(OWNER).trim().to_string();
        Ok(ScriptFields {
            title: self.form.text(TITLE).trim().to_string(),
            preconditions: self.form.text(PRECONDITIONS),
            steps: steps_from_text(&self.form.text(STEPS), &self.form.text(EXPECTED))
                .map_err(|e| format!("Expected: {e}"))?,
            covers,
            owner: (!owner.is_empty()).then_some(owner),
            priority: PRIORITIES[self.form.choice(PRIORITY).min(PRIORITIES.len() - 1)],
        })
    }

    /// Whether anything differs from the script as it was opened.
    pub fn is_dirty(&self, session: &Session) -> bool {
        match self.fields(session) {
            Ok(f) => f != self.original,
            Err(_) => true,
        }
    }
}

impl super::App {
    /// A key while the script editor is open.
    pub(super) fn script_editor_key(&mut self, key: ratatui::crossterm::event::KeyEvent) {
        use super::form::FormKey;
        let Some(editor) = self.tests.editor.as_mut() else {
            return;
        };
        match editor.form.key(key, &self.keymap) {
            FormKey::Save => self.save_script_editor(),
            FormKey::Leave => {
                let dirty = editor.is_dirty(&self.doc.session);
                if self.may_leave_form(dirty, super::Purpose::DiscardScript, "this script") {
                    self.tests.editor = None;
                }
            }
            FormKey::External => self.ask_external_form(true),
            FormKey::Taken => {}
        }
    }

    /// Ctrl-S in the script editor: add or edit the script; a refusal keeps the editor
    /// open with the reason.
    fn save_script_editor(&mut self) {
        use crate::model::OpKind;
        let Some(editor) = self.tests.editor.as_mut() else {
            return;
        };
        let fields = match editor.fields(&self.doc.session) {
            Ok(f) => f,
            Err(e) => {
                editor.form.error = Some(e);
                return;
            }
        };
        let target = editor.target;
        let kind = match target {
            None => OpKind::AddTestScript {
                fields: Box::new(fields),
            },
            Some(_) if fields == editor.original => {
                self.tests.editor = None;
                return;
            }
            Some(script) => OpKind::EditTestScript {
                script,
                fields: Box::new(fields),
            },
        };
        match self.try_commit(kind) {
            Ok(()) => {
                self.tests.editor = None;
                let s = &self.doc.session;
                let script = target.or_else(|| s.scripts().last().map(|t| t.id));
                let label = script
                    .and_then(|id| s.script(id))
                    .map(|t| t.label())
                    .unwrap_or_default();
                let verb = if target.is_some() { "updated" } else { "added" };
                self.message = Some(super::Message::Info(format!("{label} {verb}")));
                if let Some(pos) =
                    script.and_then(|id| self.tests.rows().iter().position(|r| r.script == id))
                {
                    let (len, height) = self.list_geometry(super::Pane::Tests);
                    self.tests
                        .cursor
                        .select(pos, len, height.unwrap_or(usize::MAX));
                }
            }
            Err(e) => {
                if let Some(editor) = self.tests.editor.as_mut() {
                    editor.form.error = Some(e);
                }
            }
        }
    }
}
