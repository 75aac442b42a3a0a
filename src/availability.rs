//! Weekly availability and the slot grid meetings are scheduled on.
//!
//! # Problem
//! A participant says when in the week they can meet and how (in person, online, either). A
//! scheduler needs that as a set of *slots* of its own grid (e.g. Monday–Friday, 45-minute
//! slots from 14:00). The two are kept apart: an [`Availability`] is a list of weekly time
//! [`Window`]s (weekday, start and end minute, [`Mode`]) that does not depend on any grid, and a
//! [`Grid`] (days × slots of a fixed length from a start time, any number of slots) turns it
//! into per-slot modes with [`Availability::on_grid`].
//!
//! # The legacy form
//! Cohorts written before this type stored availability as a 64-bit mask: bit `8·weekday +
//! period` (weekday 0 = Monday, period 0..8). Period `p` is read as the hour
//! `[08:00 + p h, 09:00 + p h)` with mode *either* ([`Availability::from_legacy_mask`]); the
//! all-ones mask (`u64::MAX`, the old default) is [`Availability::always`]. JSON and CSV accept
//! the mask as before; [`Availability::legacy_mask`] converts back when possible, and
//! serialisation writes the mask whenever it exists, so old data round-trips unchanged.
//!
//! # Text form
//! [`Availability`] parses (and displays) `"always"`, a legacy mask, or windows separated by
//! `;`, each `DAY HH:MM-HH:MM [MODE]` with `DAY` one of `mon`..`sun` (or `пн`..`вс`) and `MODE`
//! `in_person`, `online` or `either` (default), e.g. `"mon 15:00-17:00 online; wed 14:00-15:30"`.
//!
//! # Guarantees
//! * A slot is available in a mode when the union of the windows compatible with that mode
//!   covers the whole slot (adjacent windows join).
//! * Every constructor validates: weekdays 0..7, `start < end <= 24:00`, grid inside one day;
//!   errors name the window or grid field.
//!
//! # Complexity
//! [`Availability::on_grid`] is `O(S · w log w)` for `S` slots and `w` windows per day.
//!
//! # Examples
//! ```
//! use nastavnik::availability::{Availability, Grid, SlotModes};
//! let grid = Grid::new(5, 14 * 60, 60, 4)?; // Mon–Fri, 14:00–18:00, hourly slots
//! let a: Availability = "mon 14:00-16:00 online; tue 15:00-16:00".parse()?;
//! let slots = a.on_grid(&grid);
//! assert_eq!(slots.len(), 20);
//! assert_eq!(slots[0], SlotModes::ONLINE);         // Monday 14:00
//! assert_eq!(slots[2], SlotModes::NONE);           // Monday 16:00
//! assert_eq!(slots[grid.slot(1, 1)?], SlotModes::BOTH); // Tuesday 15:00
//! # Ok::<(), nastavnik::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::cohort::Mode;
use crate::error::{Error, Result};

/// Minutes in a day.
pub const DAY_MINUTES: u16 = 24 * 60;

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_NAMES_RU: [&str; 7] = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"];

/// The modes a slot is available in: a tiny bit set (in person = 1, online = 2).
///
/// ```
/// use nastavnik::availability::SlotModes;
/// assert!(SlotModes::BOTH.allows_in_person());
/// assert!(!SlotModes::ONLINE.allows_in_person());
/// assert!(SlotModes::NONE.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SlotModes(u8);

impl SlotModes {
    /// Not available.
    pub const NONE: SlotModes = SlotModes(0);
    /// In person only.
    pub const IN_PERSON: SlotModes = SlotModes(1);
    /// Online only.
    pub const ONLINE: SlotModes = SlotModes(2);
    /// In person or online.
    pub const BOTH: SlotModes = SlotModes(3);

    /// The modes a [`Mode`] stands for.
    ///
    /// ```
    /// use nastavnik::{availability::SlotModes, cohort::Mode};
    /// assert_eq!(SlotModes::of(Mode::Either), SlotModes::BOTH);
    /// ```
    pub fn of(mode: Mode) -> SlotModes {
        match mode {
            Mode::InPerson => SlotModes::IN_PERSON,
            Mode::Online => SlotModes::ONLINE,
            Mode::Either => SlotModes::BOTH,
        }
    }

    /// Modes allowed by both.
    ///
    /// ```
    /// use nastavnik::availability::SlotModes;
    /// assert_eq!(SlotModes::BOTH.and(SlotModes::ONLINE), SlotModes::ONLINE);
    /// ```
    pub fn and(self, other: SlotModes) -> SlotModes {
        SlotModes(self.0 & other.0)
    }

    /// No mode at all.
    ///
    /// ```
    /// assert!(nastavnik::availability::SlotModes::default().is_empty());
    /// ```
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// In person is allowed.
    ///
    /// ```
    /// assert!(nastavnik::availability::SlotModes::IN_PERSON.allows_in_person());
    /// ```
    pub fn allows_in_person(self) -> bool {
        self.0 & 1 != 0
    }

    /// Online is allowed.
    ///
    /// ```
    /// assert!(nastavnik::availability::SlotModes::ONLINE.allows_online());
    /// ```
    pub fn allows_online(self) -> bool {
        self.0 & 2 != 0
    }
}

/// The weekly slot grid: `days` days from Monday, each with `slots_per_day` slots of
/// `slot_minutes` minutes starting at minute `day_start` of the day.
///
/// Slot `s` is day `s / slots_per_day`, position `s % slots_per_day`. Any number of slots.
///
/// ```
/// use nastavnik::availability::Grid;
/// let g = Grid::new(6, 8 * 60, 45, 12)?;
/// assert_eq!(g.n_slots(), 72);
/// assert_eq!(g.day_of(13), 1);
/// assert_eq!(g.start_minute(13), 8 * 60 + 45);
/// # Ok::<(), nastavnik::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    days: u8,
    day_start: u16,
    slot_minutes: u16,
    slots_per_day: u16,
}

impl Grid {
    /// A validated grid: `1 <= days <= 7`, `slot_minutes >= 1`, `slots_per_day >= 1`, and the
    /// last slot ends by 24:00.
    ///
    /// ```
    /// use nastavnik::availability::Grid;
    /// assert!(Grid::new(5, 23 * 60, 60, 2).is_err()); // would end at 25:00
    /// ```
    pub fn new(days: u8, day_start: u16, slot_minutes: u16, slots_per_day: u16) -> Result<Grid> {
        if !(1..=7).contains(&days) {
            return Err(Error::invalid(
                "grid days",
                format!("must be 1..=7, got {days}"),
            ));
        }
        if slot_minutes == 0 || slots_per_day == 0 {
            return Err(Error::invalid(
                "grid",
                format!(
                    "slot length and slots per day must be at least 1, got {slot_minutes} min x {slots_per_day}"
                ),
            ));
        }
        let end = u32::from(day_start) + u32::from(slot_minutes) * u32::from(slots_per_day);
        if end > u32::from(DAY_MINUTES) {
            return Err(Error::invalid(
                "grid",
                format!(
                    "{slots_per_day} slots of {slot_minutes} min from {} end after 24:00",
                    hhmm(day_start)
                ),
            ));
        }
        Ok(Grid {
            days,
            day_start,
            slot_minutes,
            slots_per_day,
        })
    }

    /// The grid of the legacy bit mask: 7 days × 8 hourly periods from 08:00.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().n_slots(), 56);
    /// ```
    pub fn legacy() -> Grid {
        Grid {
            days: 7,
            day_start: 8 * 60,
            slot_minutes: 60,
            slots_per_day: 8,
        }
    }

    /// Check a deserialised grid (serde bypasses [`Grid::new`]).
    ///
    /// ```
    /// let g: nastavnik::availability::Grid = serde_json::from_str(
    ///     r#"{"days":9,"day_start":0,"slot_minutes":60,"slots_per_day":2}"#).unwrap();
    /// assert!(g.validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<()> {
        Grid::new(
            self.days,
            self.day_start,
            self.slot_minutes,
            self.slots_per_day,
        )
        .map(|_| ())
    }

    /// Number of days.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().days(), 7);
    /// ```
    pub fn days(&self) -> usize {
        usize::from(self.days)
    }

    /// Slots per day.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().slots_per_day(), 8);
    /// ```
    pub fn slots_per_day(&self) -> usize {
        usize::from(self.slots_per_day)
    }

    /// Slot length in minutes.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().slot_minutes(), 60);
    /// ```
    pub fn slot_minutes(&self) -> u16 {
        self.slot_minutes
    }

    /// Minute of the day the first slot starts.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().day_start(), 480);
    /// ```
    pub fn day_start(&self) -> u16 {
        self.day_start
    }

    /// Total number of slots (`days × slots_per_day`).
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::new(2, 0, 30, 3).unwrap().n_slots(), 6);
    /// ```
    pub fn n_slots(&self) -> usize {
        self.days() * self.slots_per_day()
    }

    /// Weekday (0 = Monday) of slot `s`.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().day_of(9), 1);
    /// ```
    pub fn day_of(&self, s: usize) -> usize {
        s / self.slots_per_day()
    }

    /// Position of slot `s` within its day.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().position_of(9), 1);
    /// ```
    pub fn position_of(&self, s: usize) -> usize {
        s % self.slots_per_day()
    }

    /// Minute of the day slot `s` starts.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().start_minute(9), 9 * 60);
    /// ```
    pub fn start_minute(&self, s: usize) -> u16 {
        // position < slots_per_day, and the grid ends by 24:00: no overflow.
        self.day_start + (self.position_of(s) as u16) * self.slot_minutes
    }

    /// Index of the slot at `position` of `day`, checked against the grid.
    ///
    /// ```
    /// use nastavnik::availability::Grid;
    /// assert_eq!(Grid::legacy().slot(1, 2).unwrap(), 10);
    /// assert!(Grid::legacy().slot(7, 0).is_err());
    /// ```
    pub fn slot(&self, day: usize, position: usize) -> Result<usize> {
        if day >= self.days() || position >= self.slots_per_day() {
            return Err(Error::invalid(
                "slot",
                format!(
                    "day {day}, position {position} is outside the grid ({} days x {} slots)",
                    self.days, self.slots_per_day
                ),
            ));
        }
        Ok(day * self.slots_per_day() + position)
    }

    /// Human-readable label of slot `s`, e.g. `"tue 09:00"`.
    ///
    /// ```
    /// assert_eq!(nastavnik::availability::Grid::legacy().label(9), "tue 09:00");
    /// ```
    pub fn label(&self, s: usize) -> String {
        let day = DAY_NAMES.get(self.day_of(s)).copied().unwrap_or("?");
        format!("{day} {}", hhmm(self.start_minute(s)))
    }
}

/// One weekly time window: weekday (0 = Monday), `[start, end)` in minutes of the day, mode.
///
/// ```
/// use nastavnik::availability::Window;
/// use nastavnik::cohort::Mode;
/// let w = Window::new(2, 15 * 60, 16 * 60, Mode::Online)?;
/// assert_eq!(w.to_string(), "wed 15:00-16:00 online");
/// # Ok::<(), nastavnik::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// Weekday, 0 = Monday .. 6 = Sunday.
    pub day: u8,
    /// Start minute of the day (inclusive).
    pub start: u16,
    /// End minute of the day (exclusive), at most 1440.
    pub end: u16,
    /// How the participant can meet in this window.
    #[serde(default)]
    pub mode: Mode,
}

impl Window {
    /// A validated window (`day < 7`, `start < end <= 1440`).
    ///
    /// ```
    /// use nastavnik::{availability::Window, cohort::Mode};
    /// assert!(Window::new(0, 600, 600, Mode::Either).is_err());
    /// ```
    pub fn new(day: u8, start: u16, end: u16, mode: Mode) -> Result<Window> {
        let w = Window {
            day,
            start,
            end,
            mode,
        };
        w.validate()?;
        Ok(w)
    }

    fn validate(&self) -> Result<()> {
        if self.day >= 7 {
            return Err(Error::invalid(
                "availability window",
                format!("weekday {} is not in 0..7 (0 = Monday)", self.day),
            ));
        }
        if self.start >= self.end || self.end > DAY_MINUTES {
            return Err(Error::invalid(
                "availability window",
                format!(
                    "{}: start must be before end and end at most 24:00 (minutes {}..{})",
                    DAY_NAMES[usize::from(self.day)],
                    self.start,
                    self.end
                ),
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = DAY_NAMES.get(usize::from(self.day)).copied().unwrap_or("?");
        write!(f, "{day} {}-{}", hhmm(self.start), hhmm(self.end))?;
        match self.mode {
            Mode::Either => Ok(()),
            Mode::InPerson => write!(f, " in_person"),
            Mode::Online => write!(f, " online"),
        }
    }
}

fn mode_rank(m: Mode) -> u8 {
    match m {
        Mode::InPerson => 0,
        Mode::Online => 1,
        Mode::Either => 2,
    }
}

fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// When in the week a participant can meet, and how.
///
/// `#[non_exhaustive]`: build it with [`Availability::always`], [`Availability::from_windows`],
/// [`Availability::from_legacy_mask`] or by parsing text; read it with
/// [`Availability::windows`] and [`Availability::on_grid`].
///
/// ```
/// use nastavnik::availability::{Availability, Grid};
/// let a = Availability::from_legacy_mask(0b101);  // Monday periods 0 and 2
/// assert_eq!(a.to_string(), "mon 08:00-09:00; mon 10:00-11:00");
/// assert_eq!(a.legacy_mask(), Some(0b101));
/// assert!(Availability::always().is_always());
/// # let _ = Grid::legacy();
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Availability {
    /// `None` = always available in either mode.
    windows: Option<Vec<Window>>,
}

impl Default for Availability {
    /// Always available (the default of a participant without stated availability).
    fn default() -> Self {
        Availability::always()
    }
}

impl Availability {
    /// Available at any time of any day, in either mode.
    ///
    /// ```
    /// assert!(nastavnik::availability::Availability::always().is_always());
    /// ```
    pub fn always() -> Availability {
        Availability { windows: None }
    }

    /// Never available.
    ///
    /// ```
    /// assert!(nastavnik::availability::Availability::never().windows().is_empty());
    /// ```
    pub fn never() -> Availability {
        Availability {
            windows: Some(Vec::new()),
        }
    }

    /// From weekly windows (validated; stored sorted, exact duplicates removed).
    ///
    /// ```
    /// use nastavnik::{availability::{Availability, Window}, cohort::Mode};
    /// let a = Availability::from_windows([Window::new(4, 900, 960, Mode::InPerson)?])?;
    /// assert_eq!(a.windows().len(), 1);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn from_windows(windows: impl IntoIterator<Item = Window>) -> Result<Availability> {
        let mut w: Vec<Window> = windows.into_iter().collect();
        for x in &w {
            x.validate()?;
        }
        w.sort_unstable_by_key(|x| (x.day, x.start, x.end, mode_rank(x.mode)));
        w.dedup();
        Ok(Availability { windows: Some(w) })
    }

    /// From the legacy 64-bit mask (bit `8·weekday + period`, period `p` = hour `08:00 + p`,
    /// mode either). `u64::MAX` is [`Availability::always`]; bits of a non-existent eighth
    /// weekday (56..64) are ignored otherwise.
    ///
    /// ```
    /// use nastavnik::availability::Availability;
    /// assert!(Availability::from_legacy_mask(u64::MAX).is_always());
    /// assert_eq!(Availability::from_legacy_mask(1 << 9).to_string(), "tue 09:00-10:00");
    /// ```
    pub fn from_legacy_mask(mask: u64) -> Availability {
        if mask == u64::MAX {
            return Availability::always();
        }
        let mut w = Vec::new();
        for day in 0..7u8 {
            for p in 0..8u16 {
                if mask >> (8 * u32::from(day) + u32::from(p)) & 1 == 1 {
                    let start = 8 * 60 + 60 * p;
                    w.push(Window {
                        day,
                        start,
                        end: start + 60,
                        mode: Mode::Either,
                    });
                }
            }
        }
        Availability { windows: Some(w) }
    }

    /// The legacy mask, when this availability is exactly a set of legacy periods in mode
    /// either (or [`Availability::always`], giving `u64::MAX`).
    ///
    /// ```
    /// use nastavnik::availability::Availability;
    /// let a: Availability = "mon 08:00-09:00 online".parse().unwrap();
    /// assert_eq!(a.legacy_mask(), None);
    /// ```
    pub fn legacy_mask(&self) -> Option<u64> {
        let Some(ws) = &self.windows else {
            return Some(u64::MAX);
        };
        let mut mask = 0u64;
        for w in ws {
            let legacy = w.mode == Mode::Either
                && w.start >= 480
                && (w.start - 480) % 60 == 0
                && w.end == w.start + 60
                && w.start < 16 * 60;
            if !legacy {
                return None;
            }
            mask |= 1 << (8 * u32::from(w.day) + u32::from((w.start - 480) / 60));
        }
        (mask != u64::MAX).then_some(mask)
    }

    /// Whether this is [`Availability::always`].
    ///
    /// ```
    /// assert!(!nastavnik::availability::Availability::never().is_always());
    /// ```
    pub fn is_always(&self) -> bool {
        self.windows.is_none()
    }

    /// The windows (empty for [`Availability::always`], which has no windows to list).
    ///
    /// ```
    /// let a: nastavnik::availability::Availability = "fri 10:00-11:00".parse().unwrap();
    /// assert_eq!(a.windows()[0].day, 4);
    /// ```
    pub fn windows(&self) -> &[Window] {
        self.windows.as_deref().unwrap_or(&[])
    }

    /// The modes each slot of `grid` is available in (length `grid.n_slots()`).
    ///
    /// A slot is available in person (online) when the windows of mode in-person or either
    /// (online or either) together cover the whole slot.
    ///
    /// ```
    /// use nastavnik::availability::{Availability, Grid, SlotModes};
    /// let g = Grid::new(1, 600, 30, 2)?;
    /// let a: Availability = "mon 10:00-10:20 online; mon 10:20-11:00 either".parse()?;
    /// assert_eq!(a.on_grid(&g), vec![SlotModes::ONLINE, SlotModes::BOTH]);
    /// # Ok::<(), nastavnik::Error>(())
    /// ```
    pub fn on_grid(&self, grid: &Grid) -> Vec<SlotModes> {
        let n = grid.n_slots();
        let Some(ws) = &self.windows else {
            return vec![SlotModes::BOTH; n];
        };
        let mut out = vec![SlotModes::NONE; n];
        let len = grid.slot_minutes;
        for (s, o) in out.iter_mut().enumerate() {
            let day = grid.day_of(s) as u8;
            let a = grid.start_minute(s);
            let b = a + len;
            let mut m = 0u8;
            for (bit, ok) in [(1u8, Mode::InPerson), (2u8, Mode::Online)] {
                let mut iv: Vec<(u16, u16)> = ws
                    .iter()
                    .filter(|w| w.day == day && (w.mode == ok || w.mode == Mode::Either))
                    .map(|w| (w.start, w.end))
                    .collect();
                iv.sort_unstable();
                let mut reach = a;
                for (x, y) in iv {
                    if x <= reach && y > reach {
                        reach = y;
                    }
                }
                if reach >= b {
                    m |= bit;
                }
            }
            *o = SlotModes(m);
        }
        out
    }
}

impl fmt::Display for Availability {
    /// `always`, or the windows joined by `"; "` (`never` when there are none).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.windows {
            None => write!(f, "always"),
            Some(ws) if ws.is_empty() => write!(f, "never"),
            Some(ws) => {
                for (k, w) in ws.iter().enumerate() {
                    if k > 0 {
                        write!(f, "; ")?;
                    }
                    write!(f, "{w}")?;
                }
                Ok(())
            }
        }
    }
}

fn parse_minute(s: &str, whole: &str) -> Result<u16> {
    let bad = || {
        Error::invalid(
            "availability",
            format!("{whole:?}: {s:?} is not a time HH:MM"),
        )
    };
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    let h: u16 = h.trim().parse().map_err(|_| bad())?;
    let m: u16 = m.trim().parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl FromStr for Availability {
    type Err = Error;

    /// Parse `always`, `never`, a legacy mask (decimal integer) or `;`-separated windows
    /// `DAY HH:MM-HH:MM [MODE]`.
    ///
    /// ```
    /// use nastavnik::availability::Availability;
    /// assert!("always".parse::<Availability>().unwrap().is_always());
    /// assert_eq!("3".parse::<Availability>().unwrap().windows().len(), 2);
    /// assert!("mon 25:00-26:00".parse::<Availability>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Availability> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("always") || t.is_empty() {
            return Ok(Availability::always());
        }
        if t.eq_ignore_ascii_case("never") {
            return Ok(Availability::never());
        }
        if t.bytes().all(|b| b.is_ascii_digit()) {
            let mask: u64 = t.parse().map_err(|_| {
                Error::invalid("availability", format!("{t:?} is not a 64-bit slot mask"))
            })?;
            return Ok(Availability::from_legacy_mask(mask));
        }
        let mut ws = Vec::new();
        for part in t.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = |why: &str| Error::invalid("availability", format!("{part:?}: {why}"));
            let mut it = part.split_whitespace();
            let day = it
                .next()
                .ok_or_else(|| bad("missing weekday"))?
                .to_lowercase();
            let day = DAY_NAMES
                .iter()
                .position(|d| day.starts_with(d))
                .or_else(|| DAY_NAMES_RU.iter().position(|d| day.starts_with(d)))
                .ok_or_else(|| bad("unknown weekday (expected mon..sun)"))?;
            let span = it.next().ok_or_else(|| bad("missing HH:MM-HH:MM"))?;
            let (a, b) = span
                .split_once('-')
                .ok_or_else(|| bad("expected HH:MM-HH:MM"))?;
            let mode = match it.next() {
                Some(m) => m.parse::<Mode>()?,
                None => Mode::Either,
            };
            if it.next().is_some() {
                return Err(bad("unexpected text after the mode"));
            }
            ws.push(Window::new(
                day as u8,
                parse_minute(a, part)?,
                parse_minute(b, part)?,
                mode,
            )?);
        }
        Availability::from_windows(ws)
    }
}

/// The serialised forms: a legacy mask (integer), a text form, or a list of windows.
#[derive(Deserialize)]
#[serde(untagged)]
enum Repr {
    Mask(u64),
    Text(String),
    Windows(Vec<Window>),
}

impl Serialize for Availability {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.legacy_mask() {
            Some(mask) => s.serialize_u64(mask),
            None => self.windows().serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Availability {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        match Repr::deserialize(d)? {
            Repr::Mask(m) => Ok(Availability::from_legacy_mask(m)),
            Repr::Text(t) => t.parse().map_err(D::Error::custom),
            Repr::Windows(w) => Availability::from_windows(w).map_err(D::Error::custom),
        }
    }
}
