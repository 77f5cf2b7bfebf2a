//! A fixed pseudo-random sequence for tests that compare two ways of doing
//! one thing on many generated cases: the same cases on every run.

/// Numbers below `n`, from `seed` (a 64-bit linear congruential generator).
pub fn below(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |n| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    }
}
