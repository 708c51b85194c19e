//! Sampling error of weighted survey shares.
//!
//! Method: the design effect of unequal weights (Kish 1965). With weights
//! wᵢ of the n respondents in a cell, the effective sample size is
//! n_eff = (Σw)² / Σw², and the variance of a weighted share p is
//! p(1 − p) / n_eff. Intervals are Wald intervals clipped to [0, 1]; for the
//! gap between two independent groups the variances add. This ignores
//! clustering and stratification of the survey design, which the published
//! tables do not describe; it is the approximation statistics offices use
//! for municipal surveys when only the weights are known.
//!
//! The inputs (n, Σw, Σw² per cell) are published-side facts: Σw is the
//! published denominator; n and Σw² must come with the published cell, never
//! from the raw rows of a suppressed cell.

/// What the sampling error of one cell needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Design {
    /// Unweighted respondents.
    pub n: u64,
    /// Σw of the respondents.
    pub sum_w: f64,
    /// Σw² of the respondents.
    pub sum_w2: f64,
}

impl Design {
    /// Kish's effective sample size (Σw)² / Σw².
    pub fn n_eff(&self) -> Option<f64> {
        (self.sum_w2 > 0.0).then(|| self.sum_w * self.sum_w / self.sum_w2)
    }
}

/// The two-sided standard normal quantile for a confidence level in percent
/// (the usual levels exactly, others by the Acklam approximation).
pub fn z_of(level: f64) -> f64 {
    match level {
        l if (l - 90.0).abs() < 1e-9 => 1.644_853_626_951_472_2,
        l if (l - 95.0).abs() < 1e-9 => 1.959_963_984_540_054,
        l if (l - 99.0).abs() < 1e-9 => 2.575_829_303_548_900_4,
        l => inverse_normal(0.5 + l / 200.0),
    }
}

/// Acklam's rational approximation of the standard normal quantile.
fn inverse_normal(p: f64) -> f64 {
    let a = [
        -39.696_830_286_653_76,
        220.946_098_424_520_5,
        -275.928_510_446_968_7,
        138.357_751_867_269,
        -30.664_798_066_147_16,
        2.506_628_277_459_239,
    ];
    let b = [
        -54.476_098_798_224_06,
        161.585_836_858_040_9,
        -155.698_979_859_886_6,
        66.801_311_887_719_72,
        -13.280_681_552_885_72,
    ];
    let c = [
        -0.007_784_894_002_430_293,
        -0.322_396_458_041_136_5,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    let d =
        [0.007_784_695_709_041_462, 0.322_467_129_070_039_8, 2.445_134_137_142_996, 3.754_408_661_907_416];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let tail = |q: f64| {
        (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    }
}

/// Standard error of a weighted share `p` (0..1).
pub fn share_se(p: f64, d: &Design) -> Option<f64> {
    let n_eff = d.n_eff()?;
    (n_eff > 0.0 && (0.0..=1.0).contains(&p)).then(|| (p * (1.0 - p) / n_eff).sqrt())
}

/// Confidence interval of a share in the indicator's scale (`scale` 100
/// for percent).
pub fn interval(value: f64, scale: f64, d: &Design, level: f64) -> Option<(f64, f64)> {
    let p = value / scale;
    let se = share_se(p, d)?;
    let z = z_of(level);
    Some((((p - z * se).max(0.0)) * scale, ((p + z * se).min(1.0)) * scale))
}

/// Whether the gap between two independent shares exceeds its sampling
/// error at the given level (|gap| > z · √(se₁² + se₂²)).
pub fn gap_significant(a: f64, da: &Design, b: f64, db: &Design, scale: f64, level: f64) -> Option<bool> {
    let (sa, sb) = (share_se(a / scale, da)?, share_se(b / scale, db)?);
    let se = (sa * sa + sb * sb).sqrt() * scale;
    Some((a - b).abs() > z_of(level) * se)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kish_effective_sample_size() {
        // 4 respondents with weights 1, 1, 2, 4: (8)² / (1 + 1 + 4 + 16) = 64 / 22.
        let d = Design { n: 4, sum_w: 8.0, sum_w2: 22.0 };
        assert!((d.n_eff().unwrap() - 64.0 / 22.0).abs() < 1e-12);
        // Equal weights: n_eff = n.
        let d = Design { n: 100, sum_w: 250.0, sum_w2: 625.0 };
        assert!((d.n_eff().unwrap() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn interval_of_a_share() {
        let d = Design { n: 400, sum_w: 400.0, sum_w2: 400.0 };
        let (lo, hi) = interval(50.0, 100.0, &d, 95.0).unwrap();
        // se = √(0.25/400) = 0.025; ±1.96 · 2.5 pp = ±4.9 pp
        assert!((lo - 45.1).abs() < 0.01 && (hi - 54.9).abs() < 0.01, "{lo} {hi}");
    }

    #[test]
    fn small_groups_are_not_significant() {
        // n = 15: 12 % vs 6 % is within sampling error.
        let small = Design { n: 15, sum_w: 15.0, sum_w2: 15.0 };
        let big = Design { n: 800, sum_w: 800.0, sum_w2: 800.0 };
        assert_eq!(gap_significant(12.0, &small, 6.0, &big, 100.0, 95.0), Some(false));
        let large = Design { n: 600, sum_w: 600.0, sum_w2: 600.0 };
        assert_eq!(gap_significant(12.0, &large, 6.0, &big, 100.0, 95.0), Some(true));
    }

    #[test]
    fn quantiles() {
        assert!((z_of(95.0) - 1.96).abs() < 1e-3);
        assert!((z_of(80.0) - 1.2816).abs() < 1e-3);
    }
}
