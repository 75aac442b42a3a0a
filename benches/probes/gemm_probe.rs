//! Probe: single-thread CPU time of the raw product.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use nastavnik::scoring::gemm::{Isa, Packed};
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
fn main() {
    let (n, m, d) = (19968usize, 5000usize, 32usize);
    let a: Vec<f32> = (0..n * d)
        .map(|i| ((i * 7919) % 1000) as f32 / 1000.0)
        .collect();
    let b: Vec<f32> = (0..m * d)
        .map(|i| ((i * 104729) % 1000) as f32 / 1000.0)
        .collect();
    let a64: Vec<f64> = a.iter().map(|&x| x as f64).collect();
    let b64: Vec<f64> = b.iter().map(|&x| x as f64).collect();
    let mut big = vec![1f32; n * m];
    for isa in [Isa::Avx512, Isa::Avx2Fma, Isa::Portable] {
        let p = Packed::new(isa, &b, m, d).unwrap();
        let t = cpu_ns();
        assert!(p.a_bt(&a, n, &mut big));
        println!(
            "{isa:?} f32 full, touched out: {:.1} ms",
            (cpu_ns() - t) as f64 / 1e6
        );
        let mut small = vec![1f32; 64 * m];
        let t = cpu_ns();
        for r0 in (0..n).step_by(64) {
            assert!(p.a_bt(&a[r0 * d..(r0 + 64) * d], 64, &mut small));
        }
        println!(
            "{isa:?} f32 64-row blocks: {:.1} ms",
            (cpu_ns() - t) as f64 / 1e6
        );
        let p = Packed::new(isa, &b64, m, d).unwrap();
        let mut small = vec![1f64; 64 * m];
        let t = cpu_ns();
        for r0 in (0..n).step_by(64) {
            assert!(p.a_bt(&a64[r0 * d..(r0 + 64) * d], 64, &mut small));
        }
        println!(
            "{isa:?} f64 64-row blocks: {:.1} ms",
            (cpu_ns() - t) as f64 / 1e6
        );
    }
}
