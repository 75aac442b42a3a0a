//! Times the similarity kernels on a synthetic 20000 x 5000 x 32 problem (used for tuning).
use nastavnik::scoring::{cosine, top_k, Kernel};
use ndarray::Array2;
use rand::{Rng, SeedableRng};

fn main() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let (n, m, d) = (20000, 5000, 32);
    let a = Array2::from_shape_fn((n, d), |_| rng.random_range(-1.0f32..1.0));
    let b = Array2::from_shape_fn((m, d), |_| rng.random_range(-1.0f32..1.0));
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let c = cosine(a.view(), b.view()).expect("cosine");
        let t1 = t.elapsed();
        let t = std::time::Instant::now();
        let k = top_k(a.view(), b.view(), 20, &Kernel::Cosine).expect("top_k");
        println!(
            "cosine {:?}  top-20 {:?}  ({} {})",
            t1,
            t.elapsed(),
            c[[0, 0]],
            k.nnz()
        );
    }
}
