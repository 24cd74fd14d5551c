//! A process template: the steps and environments a new session starts from.

use super::env::{EnvKey, Environment};
use super::step::StepKind;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One step as the template describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepTemplate {
    pub number: u32,
    pub title: String,
    pub kind: StepKind,
    pub guidance: String,
    #[serde(default)]
    pub needs_sign_off: bool,
    #[serde(default)]
    pub estimate_minutes: Option<u32>,
}

/// Environments as a template names them (same shape as in a session).
pub type EnvTemplate = Environment;

/// A session's outage contingency unless its template or the user's config says.
pub const DEFAULT_CONTINGENCY_PERCENT: u32 = 50;

/// Days from the Production implementation to the copy-back, unless a template or
/// the user's config says.
pub const DEFAULT_COPY_BACK_DAYS: u32 = 3;

fn default_contingency() -> u32 {
    DEFAULT_CONTINGENCY_PERCENT
}

fn default_copy_back_days() -> u32 {
    DEFAULT_COPY_BACK_DAYS
}

/// A whole process template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub name: String,
    pub environments: Vec<EnvTemplate>,
    pub steps: Vec<StepTemplate>,
    /// Added to the rehearsal time to propose the outage length, in percent.
    #[serde(default = "default_contingency")]
    pub contingency_percent: u32,
    /// How many days after the Production implementation the copy-back is due.
    #[serde(default = "default_copy_back_days")]
    pub copy_back_after_days: u32,
    /// The CMO admin areas the editor offers for a change (any text is accepted);
    /// the built-in list when the template gives none.
    #[serde(default = "super::work_plan::default_areas")]
    pub areas: Vec<String>,
}

/// What is wrong with a template (or with the title given for a new session).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    #[error("the template has no name")]
    NoName,
    #[error("the template has no steps")]
    NoSteps,
    #[error(
        "steps must be numbered 1, 2, 3, … in order; found {found} where {expected} was expected"
    )]
    StepNumbering { expected: u32, found: u32 },
    #[error("step {0} has an empty title")]
    EmptyStepTitle(u32),
    #[error("environment {0} is listed twice")]
    DuplicateEnvironment(EnvKey),
    #[error("environment {0} is required but missing")]
    MissingEnvironment(EnvKey),
    #[error("environment {0} is required and cannot be disabled")]
    RequiredEnvironmentDisabled(EnvKey),
    #[error("environment {0} has an empty name")]
    EmptyEnvironmentName(EnvKey),
    #[error("a session needs a title")]
    NoTitle,
    #[error("an area in the template's list of areas is empty")]
    EmptyArea,
    #[error("area \"{0}\" is listed twice in the template's list of areas")]
    DuplicateArea(String),
}

impl Template {
    /// Checks the rules every template must keep.
    pub fn validate(&self) -> Result<(), TemplateError> {
        let mut seen = std::collections::HashSet::new();
        for area in &self.areas {
            if area.trim().is_empty() {
                return Err(TemplateError::EmptyArea);
            }
            if !seen.insert(area.trim().to_lowercase()) {
                return Err(TemplateError::DuplicateArea(area.trim().to_string()));
            }
        }
        if self.name.trim().is_empty() {
            return Err(TemplateError::NoName);
        }
        if self.steps.is_empty() {
            return Err(TemplateError::NoSteps);
        }
        for (i, step) in self.steps.iter().enumerate() {
            let expected = i as u32 + 1;
            if step.number != expected {
                return Err(TemplateError::StepNumbering {
                    expected,
                    found: step.number,
                });
            }
            if step.title.trim().is_empty() {
                return Err(TemplateError::EmptyStepTitle(step.number));
            }
        }
        for (i, env) in self.environments.iter().enumerate() {
            if self.environments[..i].iter().any(|e| e.key == env.key) {
                return Err(TemplateError::DuplicateEnvironment(env.key));
            }
            if env.name.trim().is_empty() {
                return Err(TemplateError::EmptyEnvironmentName(env.key));
            }
            if env.key.is_required() && !env.enabled {
                return Err(TemplateError::RequiredEnvironmentDisabled(env.key));
            }
        }
        for key in EnvKey::ALL.into_iter().filter(|k| k.is_required()) {
            if !self.environments.iter().any(|e| e.key == key) {
                return Err(TemplateError::MissingEnvironment(key));
            }
        }
        Ok(())
    }
}
