//! Russian (and English) answer vocabularies of school questionnaires: roles, forms of mentoring,
//! meeting formats, consent, Likert texts, and timestamps as Google and Yandex Forms write them.
//!
//! Every function takes the raw cell and returns `None` when the text is not recognised, so the
//! caller can report it with its row and column.
//!
//! # Examples
//! ```
//! use nastavnik::io::form::vocab;
//! assert_eq!(vocab::likert("Скорее не согласна"), Some(2.0));
//! assert_eq!(vocab::role("Наставляемый"), Some(nastavnik::cohort::Role::Mentee));
//! assert!(vocab::timestamp("30.11.2026 10:15:02").is_some());
//! ```

use crate::cohort::{Form, Mode, Role};
use crate::io::table::normalize;

/// Normalise a value: [`normalize`], gendered endings unified, dashes unified, no final period.
///
/// ```
/// assert_eq!(nastavnik::io::form::vocab::key("Ученик – ученик."), "ученик-ученик");
/// ```
pub fn key(s: &str) -> String {
    let mut k = normalize(s)
        .replace(['–', '—', '−', '‑'], "-")
        .replace("(на)", "")
        .replace("(а)", "")
        .replace("согласна", "согласен");
    while k.ends_with('.') || k.ends_with('!') {
        k.pop();
    }
    k.replace(" - ", "-")
        .replace(" -", "-")
        .replace("- ", "-")
        .trim()
        .to_string()
}

/// Mentor or mentee from `Наставник`, `Наставляемый`, `mentor`, ...
///
/// ```
/// use nastavnik::{cohort::Role, io::form::vocab::role};
/// assert_eq!(role("Я наставник"), Some(Role::Mentor));
/// assert_eq!(role("директор"), None);
/// ```
pub fn role(s: &str) -> Option<Role> {
    let k = key(s);
    if k.contains("наставляем") || k == "mentee" || k == "подопечный" {
        Some(Role::Mentee)
    } else if k.contains("наставник") || k == "mentor" {
        Some(Role::Mentor)
    } else {
        None
    }
}

/// The form of mentoring from `ученик – ученик`, `педагог – педагог`, ... or the snake_case name.
///
/// ```
/// use nastavnik::{cohort::Form, io::form::vocab::form};
/// assert_eq!(form("Учитель — учитель"), Some(Form::TeacherTeacher));
/// ```
pub fn form(s: &str) -> Option<Form> {
    let k = key(s);
    let f = match k.as_str() {
        "ученик-ученик" | "учащийся-учащийся" | "обучающийся-обучающийся" | "школьник-школьник" => {
            Form::StudentStudent
        }
        "учитель-учитель" | "педагог-педагог" => Form::TeacherTeacher,
        "руководитель-педагог" | "руководитель-учитель" => {
            Form::HeadTeacher
        }
        "работодатель-ученик" | "работодатель-студент" | "работодатель-учащийся" => {
            Form::EmployerStudent
        }
        "студент-ученик" | "студент-учащийся" | "студент-школьник" => {
            Form::UniversityStudentPupil
        }
        "преподаватель-молодой педагог" | "преподаватель-молодой преподаватель" => {
            Form::LecturerYoungTeacher
        }
        _ => return k.parse().ok(),
    };
    Some(f)
}

/// Meeting format from `онлайн`, `очно`, `не важно`, ...
///
/// ```
/// use nastavnik::{cohort::Mode, io::form::vocab::mode};
/// assert_eq!(mode("Онлайн"), Some(Mode::Online));
/// assert_eq!(mode("Очно или онлайн"), Some(Mode::Either));
/// ```
pub fn mode(s: &str) -> Option<Mode> {
    let k = key(s);
    let online = k.contains("онлайн") || k.contains("дистан") || k.contains("online");
    let offline =
        k.contains("очно") || k.contains("офлайн") || k.contains("лично") || k.contains("offline");
    match (online, offline) {
        (true, true) => Some(Mode::Either),
        (true, false) => Some(Mode::Online),
        (false, true) => Some(Mode::InPerson),
        _ if k.contains("важно")
            || k.contains("любой")
            || k.contains("оба")
            || k.contains("смешан") =>
        {
            Some(Mode::Either)
        }
        _ => k.parse().ok(),
    }
}

/// Consent from `Да`, `Согласен(на)`, `Даю согласие ...`, `Нет`, `yes`, `1`, ... (`None` when
/// unrecognised; the empty cell is *no consent*).
///
/// ```
/// use nastavnik::io::form::vocab::consent;
/// assert_eq!(consent("Я согласна на обработку персональных данных"), Some(true));
/// assert_eq!(consent("Не согласен"), Some(false));
/// assert_eq!(consent("может быть"), None);
/// ```
pub fn consent(s: &str) -> Option<bool> {
    let k = key(s);
    if let Some(b) = crate::io::cohort::parse_bool(&k) {
        return Some(b);
    }
    if k.starts_with("нет")
        || k.contains("не соглас")
        || k.contains("не даю")
        || k.starts_with("no")
    {
        Some(false)
    } else if k.starts_with("да")
        || k.contains("соглас")
        || k.contains("даю")
        || k.starts_with("yes")
    {
        Some(true)
    } else {
        None
    }
}

/// A five-level Likert text (`Полностью согласен` = 5 ... `Совсем не согласен` = 1), or a number.
///
/// ```
/// use nastavnik::io::form::vocab::likert;
/// assert_eq!(likert("Полностью согласен"), Some(5.0));
/// assert_eq!(likert("Затрудняюсь ответить"), Some(3.0));
/// assert_eq!(likert("4"), Some(4.0));
/// ```
pub fn likert(s: &str) -> Option<f64> {
    let k = key(s);
    let level = match k.as_str() {
        "полностью согласен" | "совершенно согласен" | "абсолютно согласен" | "очень согласен" => {
            5.0
        }
        "скорее согласен" | "согласен" | "в основном согласен" => {
            4.0
        }
        "затрудняюсь ответить"
        | "нейтрально"
        | "ни да, ни нет"
        | "ни да ни нет"
        | "отчасти"
        | "не знаю" => 3.0,
        "скорее не согласен" | "не согласен" | "в основном не согласен" => {
            2.0
        }
        "совсем не согласен"
        | "полностью не согласен"
        | "категорически не согласен"
        | "совершенно не согласен" => 1.0,
        _ => return crate::io::cohort::parse_number(&k),
    };
    Some(level)
}

/// A timestamp as a sortable number `YYYYMMDDhhmmss` from `30.11.2026 10:15:02`,
/// `2026-11-30 10:15:02`, `2026/11/30 10:15:02 AM GMT+3` or `11/30/2026 10:15:02`.
///
/// ```
/// use nastavnik::io::form::vocab::timestamp;
/// assert_eq!(timestamp("2026/11/30 1:05:00 PM GMT+3"), Some(20261130130500));
/// assert!(timestamp("30.11.2026 9:00") < timestamp("30.11.2026 10:00"));
/// assert_eq!(timestamp("вчера"), None);
/// ```
pub fn timestamp(s: &str) -> Option<i64> {
    let t = s.trim();
    let upper = t.to_uppercase();
    let pm = upper.contains("PM");
    let am = upper.contains("AM");
    let mut parts = t.split([' ', 'T']).filter(|p| !p.is_empty());
    let date = parts.next()?;
    let time = parts.next().unwrap_or("0:00:00");
    let nums = |x: &str, sep: &[char]| -> Option<Vec<i64>> {
        x.split(sep).map(|n| n.trim().parse::<i64>().ok()).collect()
    };
    let d = nums(date, &['.', '-', '/'])?;
    if d.len() != 3 {
        return None;
    }
    let (y, m, day) = if d[0] > 31 {
        (d[0], d[1], d[2])
    } else if date.contains('/') {
        (d[2], d[0], d[1]) // US order m/d/y as Google writes it in English locales
    } else {
        (d[2], d[1], d[0])
    };
    let time = time.split(['+', 'Z']).next().unwrap_or("");
    let tm = if time.contains(':') {
        nums(time.split('.').next().unwrap_or(""), &[':'])?
    } else {
        vec![0]
    };
    let mut h = *tm.first().unwrap_or(&0);
    let mi = *tm.get(1).unwrap_or(&0);
    let sec = *tm.get(2).unwrap_or(&0);
    if pm && h < 12 {
        h += 12;
    } else if am && h == 12 {
        h = 0;
    }
    let ok = (1..=9999).contains(&y)
        && (1..=12).contains(&m)
        && (1..=31).contains(&day)
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        && (0..=60).contains(&sec);
    ok.then_some(((((y * 100 + m) * 100 + day) * 100 + h) * 100 + mi) * 100 + sec)
}

/// Latin transliteration of Russian text as a snake_case identifier (at most `max` characters).
///
/// ```
/// assert_eq!(nastavnik::io::form::vocab::slug("Ваши интересы", 30), "vashi_interesy");
/// ```
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in normalize(s).chars() {
        let t: &str = match ch {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "g",
            'д' => "d",
            'е' | 'ё' => "e",
            'ж' => "zh",
            'з' => "z",
            'и' => "i",
            'й' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ы' => "y",
            'э' => "e",
            'ю' => "yu",
            'я' => "ya",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "_",
        };
        out.push_str(t);
    }
    let mut slug = String::new();
    for part in out.split('_').filter(|p| !p.is_empty()) {
        if slug.len() + part.len() + 1 > max && !slug.is_empty() {
            break;
        }
        if !slug.is_empty() {
            slug.push('_');
        }
        slug.push_str(part);
    }
    slug.truncate(max);
    slug
}
