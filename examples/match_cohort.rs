//! End to end in Rust: a cohort -> pair scores -> an optimal assignment within mentor
//! capacities -> stable matching on the same scores -> printed pairs with ids and reasons.
//!
//! Run with `cargo run --release --example match_cohort`.

use nastavnik::assign::{GroupOptions, StableOptions, solve_groups, stable_matching};
use nastavnik::preferences::{PreferenceInput, Source};
use nastavnik::prelude::*;

// Options are filled field by field so that the example keeps compiling when options structs
// gain fields (`#[non_exhaustive]`).
#[allow(clippy::field_reassign_with_default)]
fn main() -> Result<()> {
    // 1. a cohort (here synthetic; `Cohort` can also be read from a form export)
    let config = SyntheticConfig::default()
        .with_n_mentees(40)
        .with_n_mentors(12);
    let (schema, cohort) = synthetic::generate(&config)?;

    // 2. scores: consent filter, hard rules, encoding, mentees x mentors (-inf = forbidden)
    let scorer = Scorer::new(&schema, &cohort)?;
    let m = scorer.score_matrix();
    println!(
        "{} mentees x {} mentors scored, {} excluded without consent",
        m.mentee_ids.len(),
        m.mentor_ids.len(),
        m.excluded_ids.len()
    );

    // 3. the optimal assignment within mentor capacities (exact min-cost flow)
    let mut opts = GroupOptions::default();
    opts.max_load = m.mentor_capacity.clone();
    opts.reject_score = Some(0.0);
    let groups = solve_groups(m.scores.view(), &opts)?;
    println!("optimal groups: {} pairs", groups.pairs().len());
    for &(i, j) in groups.pairs().iter().take(5) {
        let why = scorer.explain(&m.mentee_ids[i], &m.mentor_ids[j])?;
        println!(
            "  {} -> {} (score {:.3}, {} question contributions)",
            m.mentee_ids[i],
            m.mentor_ids[j],
            m.scores[[i, j]],
            why.contributions.len()
        );
    }

    // 4. a stable matching on the same scores (each side ranks the other by score), with ids
    let built = PreferenceInput::new(Source::Scores(m.scores.view()), None)
        .with_ids(
            Some(m.mentee_ids.iter().map(String::as_str).collect()),
            Some(m.mentor_ids.iter().map(String::as_str).collect()),
        )
        .build()?;
    let stable = stable_matching(
        &built.preferences,
        &m.mentor_capacity,
        &StableOptions::default(),
    )?;
    println!("stable matching: {} pairs", stable.pairs().len());
    Ok(())
}
