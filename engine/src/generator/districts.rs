//! District profiles: size and how much of an arrival neighbourhood a
//! district is.
//!
//! The profiles are a fixed table (not drawn from the seed) so that district
//! "03" is the same kind of place in every generated file; this makes files
//! with different seeds comparable and keeps small cells in known places.

/// Relative resident counts. Three very small districts (index 7, 15, 20,
/// i.e. codes 08, 16, 21) make sure that some cells of the indicator tables
/// are small, which the engine's disclosure control has to handle.
const SIZE: [u32; 25] =
    [95, 72, 110, 60, 48, 130, 85, 9, 70, 100, 55, 66, 120, 40, 78, 6, 88, 105, 52, 74, 12, 92, 64, 115, 58];

/// Relative foreigner intensity (100 = city average before normalisation).
/// High values are inner-city arrival neighbourhoods (codes 03, 06, 13, 18;
/// the small 08 as well), low values suburban or affluent districts.
const FOREIGN: [u32; 25] = [
    100, 85, 200, 95, 55, 185, 110, 160, 90, 50, 120, 80, 210, 70, 55, 40, 105, 175, 90, 115, 65, 60, 95,
    130, 75,
];

/// The city: one profile per district, in code order.
#[derive(Clone, Debug)]
pub struct City {
    /// Weight for placing a resident (births, domestic in-movers, moves).
    pub size: Vec<u32>,
    /// Foreigner intensity in per mille of the city average; the
    /// size-weighted mean is 1000, so the city-wide share stays on target
    /// whatever the number of districts.
    pub foreign: Vec<u32>,
    /// Where foreigners (arrivals, foreign movers) settle: size × intensity.
    pub arrival: Vec<u32>,
}

impl City {
    /// Builds `n` profiles (1..=99); beyond 25 the table repeats.
    pub fn new(n: u8) -> City {
        let size: Vec<u32> = (0..usize::from(n)).map(|i| SIZE[i % SIZE.len()]).collect();
        let raw: Vec<u64> = (0..usize::from(n)).map(|i| u64::from(FOREIGN[i % FOREIGN.len()])).collect();
        let total_size: u64 = size.iter().map(|&s| u64::from(s)).sum();
        let weighted: u64 = size.iter().zip(&raw).map(|(&s, &f)| u64::from(s) * f).sum();
        // Integer normalisation: foreign[i] = raw[i] * 1000 * Σsize / Σ(size·raw).
        let foreign: Vec<u32> = raw.iter().map(|&f| (f * 1000 * total_size / weighted) as u32).collect();
        let arrival = size.iter().zip(&foreign).map(|(&s, &f)| s * f).collect();
        City { size, foreign, arrival }
    }

    /// Mild social-pressure factor in per mille (mean ≈ 1000): halfway
    /// between average and the foreigner intensity. Used to make benefit
    /// receipt and language-support need somewhat higher in arrival
    /// neighbourhoods without copying the foreigner gradient one-to-one.
    #[inline]
    pub fn pressure(&self, district: u8) -> u32 {
        (1000 + self.foreign[usize::from(district)]) / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_mean_is_about_1000() {
        for n in [1u8, 3, 25, 40, 99] {
            let c = City::new(n);
            let s: u64 = c.size.iter().map(|&x| u64::from(x)).sum();
            let w: u64 = c.size.iter().zip(&c.foreign).map(|(&a, &b)| u64::from(a) * u64::from(b)).sum();
            let mean = w / s;
            assert!((995..=1000).contains(&mean), "n={n} mean={mean}");
        }
    }
}
