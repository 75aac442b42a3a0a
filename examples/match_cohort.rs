//! End to end in Rust: read the bundled sample cohort (CSV), score it, form groups within mentor
//! capacities, and print the pairs with an explanation of the best one.
//!
//! `cargo run --release --example match_cohort [schema.json cohort.csv]`

use nastavnik::assign::{GroupOptions, solve_groups};
use nastavnik::prelude::*;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (schema_path, cohort_path) = match args.as_slice() {
        [_, s, c] => (s.clone(), c.clone()),
        _ => (
            "data/sample/schema.json".into(),
            "data/sample/cohort.csv".into(),
        ),
    };
    let text = std::fs::read_to_string(&schema_path).map_err(|e| Error::Io {
        path: schema_path.clone(),
        message: e.to_string(),
    })?;
    let schema = Schema::from_json(&text)?;
    let cohort = nastavnik::io::read_cohort_csv(&cohort_path, &schema)?;
    let scorer = Scorer::new(&schema, &cohort)?;
    let m = scorer.score_matrix();
    let opts = GroupOptions {
        max_load: m.mentor_capacity.clone(),
        reject_score: Some(0.0),
        ..Default::default()
    };
    let groups = solve_groups(m.scores.view(), &opts)?;
    println!(
        "{} of {} mentees matched, total score {:.3} ({} left out without consent)",
        groups.n_matched(),
        m.mentee_ids.len(),
        groups.total(),
        m.excluded_ids.len()
    );
    let best = groups
        .pairs()
        .iter()
        .max_by(|a, b| m.scores[[a.0, a.1]].total_cmp(&m.scores[[b.0, b.1]]));
    if let Some(&(i, j)) = best {
        let why = scorer.explain(&m.mentee_ids[i], &m.mentor_ids[j])?;
        println!(
            "best pair {} -> {} scores {:.3}:",
            why.mentee_id, why.mentor_id, why.score
        );
        for c in why.contributions {
            println!(
                "  {:<14} value {:>5}  contributes {:.3}",
                c.question,
                c.value.map_or("-".into(), |v| format!("{v:.2}")),
                c.contribution
            );
        }
    }
    Ok(())
}
