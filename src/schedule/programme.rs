//! The programme template: which meetings each pair or group has during the year.
//!
//! # Contract
//! Every unit (pair or group) follows the same sequence, configured per form of mentoring
//! ([`crate::cohort::Form`]): an **organisational** meeting, a **trial** meeting, a **planning**
//! meeting (in this order, at least the given number of days apart), then up to
//! `regular_meetings` **regular** meetings at a [`Cadence`] (weekly, every two weeks, monthly),
//! then a **final** meeting of the pair. After every unit's final meeting comes one
//! **group final meeting** of all pairs and groups ([`GroupFinal`]). Each form says whether its
//! meetings are online or in person and how long they last.
//!
//! Templates are read from JSON with unknown keys rejected; forms not listed use `default`.
//!
//! # Examples
//! ```
//! use nastavnik::schedule::programme::{Cadence, Programme};
//! use nastavnik::cohort::Form;
//! let p = Programme::from_json(r#"{
//!   "default": {"cadence": "biweekly", "regular_meetings": 12},
//!   "forms": {"employer_student": {"cadence": "monthly", "regular_meetings": 6, "mode": "online"}}
//! }"#)?;
//! assert_eq!(p.for_form(Some(Form::EmployerStudent)).cadence, Cadence::Monthly);
//! assert_eq!(p.for_form(None).target(), 16); // 3 opening + 12 regular + final
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::cohort::Form;
use crate::error::{Error, Result};

/// How often regular meetings happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// At least 7 days apart.
    Weekly,
    /// At least 14 days apart.
    Biweekly,
    /// At least one calendar month apart (31 January → 28/29 February).
    Monthly,
}

/// Whether a form meets online or in person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MeetingMode {
    /// In a room (a room is needed).
    #[default]
    InPerson,
    /// Online (no room).
    Online,
}

impl MeetingMode {
    /// The snake_case name.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::programme::MeetingMode::Online.as_str(), "online");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingMode::InPerson => "in_person",
            MeetingMode::Online => "online",
        }
    }
}

/// The kind of a meeting, in programme order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// First, organisational meeting.
    Organisational,
    /// Second, trial meeting.
    Trial,
    /// Third, planning meeting.
    Planning,
    /// A regular working meeting.
    Regular,
    /// The pair's (group's) final meeting.
    Final,
    /// The final meeting of all pairs and groups.
    GroupFinal,
}

impl MeetingKind {
    /// The snake_case name.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::programme::MeetingKind::GroupFinal.as_str(), "group_final");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::Organisational => "organisational",
            MeetingKind::Trial => "trial",
            MeetingKind::Planning => "planning",
            MeetingKind::Regular => "regular",
            MeetingKind::Final => "final",
            MeetingKind::GroupFinal => "group_final",
        }
    }

    /// Russian title used in calendar exports.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::programme::MeetingKind::Trial.title_ru(), "Пробная встреча");
    /// ```
    pub fn title_ru(self) -> &'static str {
        match self {
            MeetingKind::Organisational => "Организационная встреча",
            MeetingKind::Trial => "Пробная встреча",
            MeetingKind::Planning => "Встреча-планирование",
            MeetingKind::Regular => "Встреча наставника и наставляемого",
            MeetingKind::Final => "Итоговая встреча",
            MeetingKind::GroupFinal => "Групповая итоговая встреча",
        }
    }
}

/// The meeting programme of one form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FormProgramme {
    /// Minimum days from the organisational to the trial meeting.
    pub gap_org_trial_days: u16,
    /// Minimum days from the trial to the planning meeting.
    pub gap_trial_planning_days: u16,
    /// Cadence of the regular meetings (also the minimum gap after the planning meeting).
    pub cadence: Cadence,
    /// Target number of regular meetings.
    pub regular_meetings: u16,
    /// Minimum days from the last earlier meeting to the final meeting.
    pub gap_before_final_days: u16,
    /// Online or in person.
    pub mode: MeetingMode,
    /// Length of a meeting in minutes (the standing slot's length is used when it is set).
    pub duration_minutes: u16,
}

impl Default for FormProgramme {
    fn default() -> Self {
        Self {
            gap_org_trial_days: 7,
            gap_trial_planning_days: 7,
            cadence: Cadence::Biweekly,
            regular_meetings: 12,
            gap_before_final_days: 7,
            mode: MeetingMode::InPerson,
            duration_minutes: 45,
        }
    }
}

impl FormProgramme {
    /// Target number of meetings of a unit: 3 opening + regular + final.
    ///
    /// ```
    /// assert_eq!(nastavnik::schedule::programme::FormProgramme::default().target(), 16);
    /// ```
    pub fn target(&self) -> u32 {
        4 + u32::from(self.regular_meetings)
    }

    fn validate(&self, what: &str) -> Result<()> {
        if self.duration_minutes == 0 || self.duration_minutes > 24 * 60 {
            return Err(Error::invalid(
                format!("{what}.duration_minutes"),
                format!("{} (expected 1..=1440)", self.duration_minutes),
            ));
        }
        for (name, v) in [
            ("gap_org_trial_days", self.gap_org_trial_days),
            ("gap_trial_planning_days", self.gap_trial_planning_days),
            ("gap_before_final_days", self.gap_before_final_days),
        ] {
            if v > 366 {
                return Err(Error::invalid(
                    format!("{what}.{name}"),
                    format!("{v} days (expected at most 366)"),
                ));
            }
        }
        if self.regular_meetings > 400 {
            return Err(Error::invalid(
                format!("{what}.regular_meetings"),
                format!("{} (expected at most 400)", self.regular_meetings),
            ));
        }
        Ok(())
    }
}

/// The one group final meeting of all pairs and groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GroupFinal {
    /// Whether to schedule it.
    pub enabled: bool,
    /// It is placed within the last `window_days` days of the school year.
    pub window_days: u16,
    /// Length in minutes.
    pub duration_minutes: u16,
    /// Online or in person (in person needs a room holding everybody).
    pub mode: MeetingMode,
}

impl Default for GroupFinal {
    fn default() -> Self {
        Self {
            enabled: true,
            window_days: 28,
            duration_minutes: 90,
            mode: MeetingMode::InPerson,
        }
    }
}

/// The programme template (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Programme {
    /// Programme of forms not listed in `forms`.
    pub default: FormProgramme,
    /// Per-form programmes.
    pub forms: BTreeMap<Form, FormProgramme>,
    /// The group final meeting.
    pub group_final: GroupFinal,
}

impl Programme {
    /// Parse and validate JSON (unknown keys rejected).
    ///
    /// # Errors
    /// [`Error::Parse`] for malformed JSON or unknown keys; [`Error::InvalidValue`] as
    /// [`Programme::validate`].
    ///
    /// ```
    /// use nastavnik::schedule::programme::Programme;
    /// assert!(Programme::from_json(r#"{"default": {"cadense": "weekly"}}"#).is_err());
    /// assert!(Programme::from_json(r#"{"default": {"duration_minutes": 0}}"#).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Self> {
        let p: Programme = serde_json::from_str(text).map_err(|e| Error::Parse {
            what: "programme JSON".into(),
            message: e.to_string(),
        })?;
        p.validate()?;
        Ok(p)
    }

    /// Check durations (1..=1440 minutes), gaps (at most 366 days) and targets (at most 400).
    ///
    /// # Errors
    /// [`Error::InvalidValue`] naming the form and field.
    ///
    /// ```
    /// let mut p = nastavnik::schedule::programme::Programme::default();
    /// p.group_final.duration_minutes = 0;
    /// assert!(p.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        self.default.validate("programme.default")?;
        for (f, fp) in &self.forms {
            fp.validate(&format!("programme.forms.{}", f.as_str()))?;
        }
        if self.group_final.duration_minutes == 0 || self.group_final.duration_minutes > 24 * 60 {
            return Err(Error::invalid(
                "programme.group_final.duration_minutes",
                format!("{} (expected 1..=1440)", self.group_final.duration_minutes),
            ));
        }
        Ok(())
    }

    /// The programme of a form (`default` when unlisted or unknown).
    ///
    /// ```
    /// let p = nastavnik::schedule::programme::Programme::default();
    /// assert_eq!(p.for_form(None), &p.default);
    /// ```
    pub fn for_form(&self, form: Option<Form>) -> &FormProgramme {
        form.and_then(|f| self.forms.get(&f))
            .unwrap_or(&self.default)
    }
}
