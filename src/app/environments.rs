//! Turning an optional environment (QA) on or off for the promotion, after a question:
//! on, it gets a column in the Work plan and changes can be applied there.

use super::modal::{Modal, Purpose};
use super::{App, Message};
use crate::model::{EnvKey, OpKind};

impl App {
    /// `Q`: asks before turning `env` on or off.
    pub(super) fn ask_toggle_env(&mut self, env: EnvKey) {
        if !self.can_edit() {
            return;
        }
        if env.is_required() {
            self.message = Some(Message::Error(format!(
                "{} is part of every promotion and stays on",
                env.title()
            )));
            return;
        }
        let s = &self.doc.session;
        let name = s.env_name(env);
        let question = if s.env_enabled(env) {
            let recorded = s
                .changes()
                .iter()
                .filter(|c| c.applications.iter().any(|a| a.env == env))
                .count();
            let kept = match recorded {
                0 => String::new(),
                1 => " The attempts recorded there (1 change) stay in the file.".to_string(),
                n => format!(" The attempts recorded there ({n} changes) stay in the file."),
            };
            format!(
                "Turn {name} off for this promotion? Its Work plan column goes.{kept} ({{Confirm.Yes}}/{{Confirm.No}})"
            )
        } else {
            format!(
                "Turn {name} on for this promotion? It gets a column in the Work plan, and \
                 changes can be applied there (cmo-promote apply --env {}). (y/n)",
                env.code()
            )
        };
        self.modal = Some(Modal::Confirm {
            purpose: Purpose::ToggleEnv(env),
            question,
        });
    }

    /// After `y` to [`Purpose::ToggleEnv`].
    pub(super) fn toggle_env(&mut self, env: EnvKey) {
        let s = &self.doc.session;
        let (name, notes, enabled) = match s.environments().iter().find(|e| e.key == env) {
            Some(e) => (e.name.clone(), e.notes.clone(), e.enabled),
            None => (env.title().to_string(), String::new(), false),
        };
        let on = !enabled;
        if self.commit(OpKind::ConfigureEnvironment {
            env,
            name: name.clone(),
            notes,
            enabled: on,
        }) {
            let now = if on { "on" } else { "off" };
            self.message = Some(Message::Info(format!("{name} is {now}")));
        }
    }
}
