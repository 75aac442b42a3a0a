//! Independent checker of dated schedules: recomputes excluded dates from the raw spec and the
//! production table, and checks double booking, room capacities, excluded dates, programme order
//! and gaps. Returns every violation found.
#![allow(dead_code, clippy::type_complexity)]

use std::collections::{BTreeMap, BTreeSet};

use jiff::ToSpan;
use jiff::civil::Date;
use nastavnik::schedule::calendar::{CalendarSpec, production};
use nastavnik::schedule::expand::Meeting;
use nastavnik::schedule::programme::{Cadence, MeetingKind, MeetingMode, Programme};

fn d(s: &str) -> Date {
    s.parse().expect("test date")
}

fn in_range(x: Date, a: &str, b: Option<&str>) -> bool {
    let a = d(a);
    let b = b.map_or(a, d);
    a <= x && x <= b
}

/// Whether `date` is excluded for everybody according to the raw spec.
pub fn excluded(spec: &CalendarSpec, date: Date) -> bool {
    if date < d(&spec.start) || date > d(&spec.end) {
        return true;
    }
    if spec.working_days.iter().any(|w| d(w) == date) {
        return false;
    }
    if spec.production_calendar == "ru" {
        let y = production::year(date.year()).expect("covered year");
        if y.days_off
            .iter()
            .any(|&(m, dd)| m == date.month() && dd == date.day())
        {
            return true;
        }
    }
    spec.breaks
        .iter()
        .any(|b| in_range(date, &b.start, Some(&b.end)))
        || spec.days_off.iter().any(|x| d(x) == date)
}

fn absent(list: &[nastavnik::schedule::calendar::Absence], id: &str, date: Date) -> bool {
    list.iter()
        .any(|a| a.id == id && in_range(date, &a.start, a.end.as_deref()))
}

fn next_allowed(c: Cadence, x: Date) -> Date {
    match c {
        Cadence::Weekly => x.checked_add(7.days()).expect("date"),
        Cadence::Biweekly => x.checked_add(14.days()).expect("date"),
        Cadence::Monthly => x.checked_add(1.month()).expect("date"),
    }
}

/// All violations of the hard rules in `meetings`.
pub fn check(
    spec: &CalendarSpec,
    programme: &Programme,
    forms: &BTreeMap<String, Option<nastavnik::cohort::Form>>,
    rooms: &BTreeMap<String, u32>,
    meetings: &[Meeting],
) -> Vec<String> {
    let mut v = Vec::new();
    // excluded dates, absences, closures, capacities
    for m in meetings {
        if excluded(spec, m.date) {
            v.push(format!(
                "{} {:?} on excluded date {}",
                m.unit, m.kind, m.date
            ));
        }
        for p in &m.participants {
            if absent(&spec.absences, p, m.date) {
                v.push(format!("{} {:?}: {p} absent on {}", m.unit, m.kind, m.date));
            }
        }
        if let Some(r) = &m.room {
            if m.mode == MeetingMode::Online {
                v.push(format!("{} online meeting has room {r}", m.unit));
            }
            if absent(&spec.closures, r, m.date) {
                v.push(format!(
                    "{} {:?}: room {r} closed on {}",
                    m.unit, m.kind, m.date
                ));
            }
            match rooms.get(r) {
                Some(&c) if (c as usize) < m.participants.len() => {
                    v.push(format!("room {r} capacity {c} < {}", m.participants.len()))
                }
                None if !rooms.is_empty() => v.push(format!("unknown room {r}")),
                _ => {}
            }
        }
        if u32::from(m.start_minute) + u32::from(m.duration_minutes) > 1440 {
            v.push(format!("{} crosses midnight", m.unit));
        }
    }
    // double booking of people and rooms
    let mut by_key: BTreeMap<(String, Date), Vec<(u16, u16, String)>> = BTreeMap::new();
    for m in meetings {
        let keys = m
            .participants
            .iter()
            .map(|p| format!("person:{p}"))
            .chain(m.room.iter().map(|r| format!("room:{r}")));
        for k in keys {
            by_key.entry((k, m.date)).or_default().push((
                m.start_minute,
                m.start_minute + m.duration_minutes,
                m.unit.clone(),
            ));
        }
    }
    for ((k, date), mut iv) in by_key {
        iv.sort();
        for w in iv.windows(2) {
            if w[1].0 < w[0].1 {
                v.push(format!(
                    "{k} double-booked on {date}: {} and {}",
                    w[0].2, w[1].2
                ));
            }
        }
    }
    // programme order and gaps
    let gf_date = meetings
        .iter()
        .find(|m| m.kind == MeetingKind::GroupFinal)
        .map(|m| m.date);
    let mut units: BTreeMap<&str, Vec<&Meeting>> = BTreeMap::new();
    for m in meetings
        .iter()
        .filter(|m| m.kind != MeetingKind::GroupFinal)
    {
        units.entry(&m.unit).or_default().push(m);
    }
    for (u, ms) in units {
        let fp = programme.for_form(forms.get(u).copied().flatten());
        let kinds: Vec<MeetingKind> = ms.iter().map(|m| m.kind).collect();
        let opening = [
            MeetingKind::Organisational,
            MeetingKind::Trial,
            MeetingKind::Planning,
        ];
        let k_open = kinds.len().min(3);
        if kinds[..k_open] != opening[..k_open] {
            v.push(format!("{u}: opening out of order {kinds:?}"));
        }
        let rest = &kinds[k_open..];
        let n_reg = rest.iter().filter(|&&k| k == MeetingKind::Regular).count();
        let finals = rest.iter().filter(|&&k| k == MeetingKind::Final).count();
        if n_reg + finals != rest.len()
            || finals > 1
            || (finals == 1 && rest.last() != Some(&MeetingKind::Final))
        {
            v.push(format!("{u}: bad sequence {kinds:?}"));
        }
        if n_reg > usize::from(fp.regular_meetings) {
            v.push(format!("{u}: {n_reg} regular meetings > target"));
        }
        let seqs: BTreeSet<u32> = ms.iter().map(|m| m.seq).collect();
        if seqs.len() != ms.len() {
            v.push(format!("{u}: repeated seq"));
        }
        for w in ms.windows(2) {
            let (a, b) = (w[0], w[1]);
            let need = match (a.kind, b.kind) {
                (MeetingKind::Organisational, MeetingKind::Trial) => a
                    .date
                    .checked_add(i64::from(fp.gap_org_trial_days.max(1)).days()),
                (MeetingKind::Trial, MeetingKind::Planning) => a
                    .date
                    .checked_add(i64::from(fp.gap_trial_planning_days.max(1)).days()),
                (_, MeetingKind::Regular) => Ok(next_allowed(fp.cadence, a.date)),
                (_, MeetingKind::Final) => a
                    .date
                    .checked_add(i64::from(fp.gap_before_final_days.max(1)).days()),
                _ => Ok(a.date),
            }
            .expect("date");
            if b.date < need || b.date <= a.date {
                v.push(format!(
                    "{u}: {:?} on {} too close to {:?} on {}",
                    b.kind, b.date, a.kind, a.date
                ));
            }
        }
        if let Some(g) = gf_date
            && ms.iter().any(|m| m.date >= g)
        {
            v.push(format!("{u}: meeting on/after the group final meeting"));
        }
    }
    v
}
