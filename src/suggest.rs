//! "Did you mean …?" suggestions for misspelt keys, options and names.
//!
//! # Problem
//! A typo in a configuration key must never switch a rule off silently: `"forbiden"` instead of
//! `"forbidden"` is an error, and the error should name the key the user most likely meant.
//!
//! # Algorithm
//! The optimal-string-alignment (Damerau–Levenshtein with adjacent transpositions) distance between
//! the typo and every valid name, compared case-insensitively on Unicode characters. The nearest
//! name is suggested when its distance is at most `max(1, ⌈len / 3⌉)` (len of the longer word)
//! or when one word is a case-insensitive prefix of the other of length at least 3; ties go to the
//! first candidate in the given order. [`improve_serde_message`] adds the suggestion to serde's
//! own "unknown field `x`, expected one of …" and "unknown variant …" messages.
//!
//! # Guarantees
//! Deterministic; never suggests a name farther than the threshold; an exact case-insensitive
//! match is always suggested first.
//!
//! # Complexity
//! O(Σ |typo|·|candidate|) time, O(|candidate|) memory per comparison.
//!
//! # Examples
//! ```
//! use nastavnik::suggest::{did_you_mean, nearest};
//! let keys = ["forbidden", "required", "same_form"];
//! assert_eq!(nearest("forbiden", keys), Some("forbidden"));
//! assert_eq!(did_you_mean("requird", keys), " (did you mean \"required\"?)");
//! assert_eq!(nearest("colour", keys), None);
//! ```

/// Optimal-string-alignment distance between `a` and `b` (characters, case-insensitive).
///
/// ```
/// use nastavnik::suggest::edit_distance;
/// assert_eq!(edit_distance("forbiden", "forbidden"), 1);
/// assert_eq!(edit_distance("ab", "ba"), 1);
/// assert_eq!(edit_distance("ID", "id"), 0);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let (n, m) = (a.len(), b.len());
    // Three rows of the dynamic programme: i - 2, i - 1, i.
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// The valid name nearest to `word`, if any is close enough (see the module docs).
///
/// ```
/// assert_eq!(nastavnik::suggest::nearest("Role", ["id", "role"]), Some("role"));
/// ```
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lw = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let lc = c.to_lowercase();
        let d = edit_distance(&lw, &lc);
        let longest = lw.chars().count().max(lc.chars().count());
        let prefix = lw.chars().count().min(lc.chars().count()) >= 3
            && (lc.starts_with(&lw) || lw.starts_with(&lc));
        if d <= 1.max(longest.div_ceil(3)) || prefix {
            // A prefix match ranks as distance 1 unless the edit distance is smaller.
            let score = if prefix { d.min(1) } else { d };
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// `" (did you mean \"x\"?)"` for the nearest valid name, or an empty string.
///
/// ```
/// assert_eq!(nastavnik::suggest::did_you_mean("zzz", ["a"]), "");
/// ```
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(word, candidates)
        .map(|c| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default()
}

/// Add a "did you mean" suggestion to a serde error message of the form
/// ``unknown field `x`, expected one of `a`, `b` `` (or `unknown variant`, or `expected `a` or
/// `b``); other messages are returned unchanged.
///
/// ```
/// use nastavnik::suggest::improve_serde_message;
/// let m = "unknown field `forbiden`, expected one of `forbidden`, `required` at line 1 column 12";
/// assert!(improve_serde_message(m).contains("did you mean \"forbidden\"?"));
/// assert_eq!(improve_serde_message("missing field `id`"), "missing field `id`");
/// ```
pub fn improve_serde_message(msg: &str) -> String {
    let Some(rest) = msg
        .strip_prefix("unknown field `")
        .or_else(|| msg.strip_prefix("unknown variant `"))
    else {
        return msg.to_string();
    };
    let Some(end) = rest.find('`') else {
        return msg.to_string();
    };
    let word = &rest[..end];
    let tail = &rest[end + 1..];
    // The expected names are the back-quoted words after "expected", up to " at line".
    let tail_names = tail.split(" at line ").next().unwrap_or(tail);
    let names: Vec<&str> = tail_names
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect();
    let hint = did_you_mean(word, names.iter().copied());
    if hint.is_empty() {
        return msg.to_string();
    }
    let kind = if msg.starts_with("unknown field") {
        "unknown key"
    } else {
        "unknown value"
    };
    format!("{kind} \"{word}\"{hint}; {msg}")
}

/// Read the JSON object of an internally tagged enum (`#[serde(tag = "...")]`) and check that
/// its tag key is there: when it is missing and another key is a likely misspelling of it
/// (`"tye"` for `"type"`), that key is reported with the tag suggested, instead of serde's
/// bare "missing field". Used by the tagged enums' `Deserialize` impls; the object is returned
/// for the derived deserializer.
///
/// ```
/// use nastavnik::questionnaire::Comparator;
/// let e = serde_json::from_str::<Comparator>(r#"{"tye": "window", "min": 1, "max": 2}"#)
///     .unwrap_err()
///     .to_string();
/// assert!(e.contains("unknown key \"tye\"") && e.contains("did you mean \"type\"?"), "{e}");
/// let c: Comparator = serde_json::from_str(r#"{"type": "complementarity"}"#).unwrap();
/// assert_eq!(c, Comparator::Complementarity);
/// ```
pub fn tagged_object<'de, D>(
    d: D,
    tag: &str,
    what: &str,
) -> std::result::Result<serde_json::Value, D::Error>
where
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;
    let v = serde_json::Value::deserialize(d)?;
    if let Some(obj) = v.as_object()
        && !obj.contains_key(tag)
        && let Some(key) = obj.keys().find(|k| nearest(k, [tag]).is_some())
    {
        return Err(serde::de::Error::custom(format!(
            "unknown key \"{key}\" in {what} (did you mean \"{tag}\"?): the key \"{tag}\" \
             saying which kind of {what} this is is missing"
        )));
    }
    Ok(v)
}

/// `Serialize` and `Deserialize` for an internally tagged enum derived with
/// `#[serde(remote = "Self")]`: deserialisation goes through [`tagged_object`] (a misspelt tag
/// key gets a did-you-mean), serialisation is the derived one.
macro_rules! tagged_serde {
    ($t:ty, $tag:literal, $what:literal) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Self, D::Error> {
                let v = $crate::suggest::tagged_object(d, $tag, $what)?;
                <$t>::deserialize(v).map_err(serde::de::Error::custom)
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                <$t>::serialize(self, s)
            }
        }
    };
}
pub(crate) use tagged_serde;
