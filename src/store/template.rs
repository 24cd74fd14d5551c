//! Process templates: the built-in one compiled from `assets/`, or a user's own file.

use super::error::StoreError;
use super::parse_error::{parse_error, text_of};
use crate::model::Template;
use std::path::Path;

const BUILTIN: &str = include_str!("../../assets/process.ron");

/// The built-in CMO Configuration Promotion Process.
pub fn builtin_template() -> Result<Template, StoreError> {
    parse_template(BUILTIN, Path::new("<built-in process template>"))
}

/// A template from a RON file, checked.
pub fn load_template(path: &Path) -> Result<Template, StoreError> {
    let bytes = super::access::read_regular(path, "a template")?;
    parse_template(&text_of(bytes, path)?, path)
}

fn parse_template(text: &str, path: &Path) -> Result<Template, StoreError> {
    let template: Template = ron::from_str(text).map_err(|e| parse_error(path, e))?;
    template.validate().map_err(|e| StoreError::Invalid {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    Ok(template)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EnvKey, StepKind};

    #[test]
    fn builtin_template_has_the_twelve_steps_of_the_process() {
        let t = builtin_template().unwrap();
        assert_eq!(t.steps.len(), 12);
        let kinds: Vec<StepKind> = t.steps.iter().map(|s| s.kind).collect();
        use StepKind::*;
        assert_eq!(
            kinds,
            [
                Copy, Freeze, Configure, Test, Review, Retest, Refresh, Rehearse, Test, PlanOutage,
                Implement, CopyBack
            ]
        );
        let signed: Vec<u32> = t
            .steps
            .iter()
            .filter(|s| s.needs_sign_off)
            .map(|s| s.number)
            .collect();
        assert_eq!(signed, [6]);
        assert!(t.steps.iter().all(|s| s.guidance.len() > 60));
        let qa = t.environments.iter().find(|e| e.key == EnvKey::Qa).unwrap();
        assert!(!qa.enabled, "QA is optional and off by default");
        assert_eq!(t.contingency_percent, 50);
    }
}
