//! Seeded pseudo-random numbers, owned by this module on purpose.
//!
//! The generator promises byte-identical output for a seed on every machine
//! and every future build. General-purpose crates do not promise that their
//! *derived* values (ranges, weighted choices, floats) stay the same across
//! releases, so the few primitives needed here are implemented directly:
//! xoshiro256++ (Blackman & Vigna) seeded through SplitMix64, as its authors
//! recommend, plus integer-only helpers. No floating point is involved, so
//! there is no rounding or FMA-contraction question either.

/// xoshiro256++: fast, 256 bits of state, passes BigCrush; more than enough
/// for synthetic microdata, and trivially reproducible.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

/// Probabilities throughout the generator are parts per million: integer,
/// exact, and readable ("45_000" = 4.5 %).
pub const PPM: u32 = 1_000_000;

impl Rng {
    /// Expands a 64-bit seed into the full state with SplitMix64, so that
    /// neighbouring seeds (42, 43, …) still give unrelated streams.
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut sm = seed;
        let mut next = || {
            sm = sm.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = sm;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng { s: [next(), next(), next(), next()] }
    }

    /// Raw state constructor, used only to check the reference vector.
    #[cfg(test)]
    pub fn from_state(s: [u64; 4]) -> Self {
        Rng { s }
    }

    /// Next 64 random bits (xoshiro256++ reference algorithm).
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform integer in `0..n` (`n > 0`) by multiply-shift. The bias is
    /// below `n / 2^64`, far under anything a statistic could see, and it
    /// costs exactly one draw, which keeps the stream layout simple.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform integer in `lo..=hi`.
    #[inline]
    pub fn range_incl(&mut self, lo: u32, hi: u32) -> u32 {
        debug_assert!(lo <= hi);
        lo + self.below(u64::from(hi - lo) + 1) as u32
    }

    /// True with probability `ppm / 1_000_000`.
    #[inline]
    pub fn chance(&mut self, ppm: u32) -> bool {
        self.below(u64::from(PPM)) < u64::from(ppm)
    }

    /// Index drawn with probability proportional to `weights[i]`.
    /// Linear scan: the tables are short (at most a few dozen entries).
    pub fn pick(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        debug_assert!(total > 0);
        let mut r = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            let w = u64::from(w);
            if r < w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_xoshiro256plusplus_reference() {
        // Reference outputs for state [1, 2, 3, 4] (as used by the upstream
        // test suites); guards against an accidental edit of the algorithm.
        let mut r = Rng::from_state([1, 2, 3, 4]);
        let expected: [u64; 4] = [41943041, 58720359, 3588806011781223, 3591011842654386];
        for e in expected {
            assert_eq!(r.next_u64(), e);
        }
    }

    #[test]
    fn pinned_stream_for_seed_42() {
        // Pinning the seeded stream makes any change to seeding visible.
        let mut r = Rng::seed_from_u64(42);
        let got: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        assert_eq!(got, PINNED_SEED_42);
    }

    const PINNED_SEED_42: [u64; 3] = [15021278609987233951, 5881210131331364753, 18149643915985481100];

    #[test]
    fn helpers_stay_in_range() {
        let mut r = Rng::seed_from_u64(7);
        for _ in 0..10_000 {
            assert!(r.below(3) < 3);
            let v = r.range_incl(5, 9);
            assert!((5..=9).contains(&v));
            assert!(r.pick(&[0, 4, 0, 1]) % 2 == 1);
        }
        assert!(!r.chance(0));
        assert!(r.chance(PPM));
    }
}
