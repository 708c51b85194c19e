//! Demographic and socio-economic rates, all in parts per million.
//!
//! The numbers are plausible orders of magnitude for a large German city in
//! the decade after 2015 (register statistics, Mikrozensus, BA statistics);
//! they are not fitted to any real city. Keeping them in one file makes the
//! model easy to audit and to tune without touching the sampling code.

use super::codes::{Country, Labour, Mh, Origin, Residence, Sex, COUNTRIES};
use super::rng::{Rng, PPM};

/// Scales a ppm rate by a per-mille factor, capped at certainty.
#[inline]
pub fn scale(ppm: u32, per_mille: u32) -> u32 {
    (u64::from(ppm) * u64::from(per_mille) / 1000).min(u64::from(PPM)) as u32
}

/// Age pyramid of the starting population, weights per five-year band
/// (0–4, 5–9, …, 95–99, then age 100 alone). Many young adults (students,
/// labour migrants), few children: an urban shape.
const PYRAMID: [u32; 21] =
    [480, 420, 400, 440, 660, 880, 860, 740, 680, 780, 800, 680, 580, 480, 420, 460, 280, 150, 60, 20, 1];

/// Draws an age from [`PYRAMID`], uniform within the band.
pub fn stock_age(rng: &mut Rng) -> u8 {
    let band = rng.pick(&PYRAMID) as u32;
    let hi = (band * 5 + 4).min(100);
    rng.range_incl(band * 5, hi) as u8
}

/// Age of arrivals from abroad: mostly young adults, some families.
pub fn immigrant_age(rng: &mut Rng) -> u8 {
    // Bands: 0–17, 18–24, 25–34, 35–49, 50–64, 65–80.
    const W: [u32; 6] = [18, 25, 32, 17, 6, 2];
    const LO: [u32; 6] = [0, 18, 25, 35, 50, 65];
    const HI: [u32; 6] = [17, 24, 34, 49, 64, 80];
    let b = rng.pick(&W);
    rng.range_incl(LO[b], HI[b]) as u8
}

/// Age of movers from elsewhere in Germany: students and young workers.
pub fn in_mover_age(rng: &mut Rng) -> u8 {
    const W: [u32; 6] = [12, 30, 35, 15, 6, 2];
    const LO: [u32; 6] = [0, 18, 25, 35, 50, 65];
    const HI: [u32; 6] = [17, 24, 34, 49, 64, 85];
    let b = rng.pick(&W);
    rng.range_incl(LO[b], HI[b]) as u8
}

/// Annual probability of dying at a given age; certain at 100 so that ages
/// never exceed 100.
pub fn mortality(age: u8) -> u32 {
    match age {
        0 => 3_000,
        1..=14 => 100,
        15..=29 => 350,
        30..=39 => 700,
        40..=49 => 1_800,
        50..=59 => 4_500,
        60..=69 => 11_000,
        70..=79 => 27_000,
        80..=84 => 60_000,
        85..=89 => 110_000,
        90..=94 => 200_000,
        95..=99 => 320_000,
        _ => PPM,
    }
}

/// Annual probability of moving out of the city (abroad or elsewhere in
/// Germany). Foreigners move more; people without a secure title most.
pub fn out_migration(age: u8, foreign: bool, res: Residence) -> u32 {
    let base = match age {
        0..=5 => 40_000,
        6..=17 => 30_000,
        18..=24 => 90_000,
        25..=34 => 95_000,
        35..=49 => 45_000,
        50..=64 => 25_000,
        _ => 15_000,
    };
    if !foreign {
        return base;
    }
    match res {
        Residence::AsylumPending | Residence::Toleration => scale(base, 3000),
        _ => scale(base, 1500),
    }
}

/// Annual probability of moving to another district of the city.
pub const INTERNAL_MOVE: u32 = 50_000;

/// Share of newcomers (other than births) who arrive from abroad rather
/// than from elsewhere in Germany.
pub const FROM_ABROAD: u32 = 350_000;

/// Share of arrivals from abroad who are German (returnees, late
/// repatriates).
pub const GERMAN_RETURNEES: u32 = 150_000;

/// Births per year as a share of the population (about 10 per 1000).
pub const BIRTHS_PER_MILLION: u64 = 10_000;

/// Probability of being a foreign national, by age, before the district
/// factor: highest among young adults, low among the old.
pub fn foreign(age: u8) -> u32 {
    match age {
        0..=5 => 130_000,
        6..=17 => 150_000,
        18..=24 => 240_000,
        25..=44 => 270_000,
        45..=64 => 160_000,
        65..=79 => 80_000,
        _ => 40_000,
    }
}

/// Probability that a foreigner was born in Germany (MH `parents`).
pub fn foreign_born_here(age: u8) -> u32 {
    match age {
        0..=5 => 550_000,
        6..=17 => 400_000,
        18..=29 => 180_000,
        _ => 50_000,
    }
}

/// Probability that a German has own migration experience (naturalised
/// immigrants, late repatriates), before the district factor.
pub fn german_own(age: u8) -> u32 {
    match age {
        0..=17 => 15_000,
        18..=44 => 80_000,
        45..=64 => 120_000,
        _ => 80_000,
    }
}

/// Probability that a German without own migration experience has
/// immigrated parents, before the district factor.
pub fn german_parents(age: u8) -> u32 {
    match age {
        0..=5 => 280_000,
        6..=17 => 240_000,
        18..=29 => 120_000,
        30..=44 => 50_000,
        _ => 10_000,
    }
}

/// Sex: slightly more women overall; more men among young foreign adults;
/// `d` is rare.
pub fn sex(rng: &mut Rng, age: u8, foreign: bool) -> Sex {
    if rng.chance(500) {
        return Sex::D;
    }
    let male = match (foreign, age) {
        (true, 18..=39) => 560_000,
        (_, 80..) => 380_000,
        _ => 493_000,
    };
    if rng.chance(male) {
        Sex::M
    } else {
        Sex::W
    }
}

/// Citizenship weights for arrivals from abroad in a calendar year: a base
/// mix plus the asylum wave of 2015/16 and the Ukraine displacement of
/// 2022/23.
pub fn inflow_weights(year: i32) -> [u32; 25] {
    let mut w = [0u32; 25];
    for (i, c) in COUNTRIES.iter().enumerate() {
        w[i] = c.inflow
            + match (c.origin, year) {
                (Origin::Refugee, 2015 | 2016) => c.inflow * 5,
                (Origin::Refugee, 2017) => c.inflow,
                (Origin::Ukraine, 2022) => c.inflow * 25,
                (Origin::Ukraine, 2023) => c.inflow * 10,
                _ => 0,
            };
    }
    w
}

/// Years since arrival for a resident foreigner born abroad, by origin.
pub fn years_since_arrival(rng: &mut Rng, origin: Origin, age: u8) -> u8 {
    let cap = |n: u8| n.min(age);
    match origin {
        Origin::GuestWorker | Origin::Balkan => {
            // Arrived as a child or young adult, often decades ago.
            let arrival_age = rng.range_incl(0, u32::from(age.min(35))) as u8;
            age - arrival_age
        }
        Origin::NewEu => rng.range_incl(0, u32::from(cap(15))) as u8,
        Origin::Refugee => rng.range_incl(0, u32::from(cap(8))) as u8,
        Origin::Ukraine => rng.range_incl(0, u32::from(cap(12))) as u8,
        Origin::OldEu | Origin::Other | Origin::Germany => rng.range_incl(0, u32::from(cap(20))) as u8,
    }
}

/// Residence title of a resident foreigner at the start. `settled` means
/// born in Germany or at least eight years of residence.
pub fn stock_residence(
    rng: &mut Rng,
    country: &Country,
    settled: bool,
    recent: bool,
    year: i32,
) -> Residence {
    use Residence::*;
    if country.eu {
        return Eu;
    }
    let (titles, w): (&[Residence], &[u32]) = match (country.origin, settled) {
        (Origin::Refugee, true) => (&[Permanent, Protection, Temporary, Toleration], &[45, 40, 10, 5]),
        (Origin::Refugee, false) if recent => (&[AsylumPending, Protection, Toleration], &[60, 30, 10]),
        (Origin::Refugee, false) => {
            (&[AsylumPending, Protection, Toleration, Temporary, Permanent], &[15, 60, 12, 8, 5])
        }
        (Origin::Ukraine, false) if year >= 2022 => (&[Protection, Temporary], &[90, 10]),
        (Origin::Balkan, true) => (&[Permanent, Temporary, Toleration], &[70, 25, 5]),
        (Origin::Balkan, false) => (&[Temporary, Toleration, AsylumPending, Permanent], &[60, 25, 5, 10]),
        (_, true) => (&[Permanent, Temporary], &[75, 25]),
        (_, false) => (&[Temporary, Permanent, Protection], &[85, 10, 5]),
    };
    titles[rng.pick(w)]
}

/// Residence title on arrival from abroad.
pub fn arrival_residence(rng: &mut Rng, country: &Country, year: i32) -> Residence {
    if country.eu {
        return Residence::Eu;
    }
    match country.origin {
        Origin::Refugee => Residence::AsylumPending,
        Origin::Ukraine if year >= 2022 => Residence::Protection,
        Origin::Balkan if rng.chance(300_000) => Residence::AsylumPending,
        _ => Residence::Temporary,
    }
}

/// One year of residence-title dynamics: asylum decisions, consolidation
/// into permanent settlement.
pub fn next_residence(rng: &mut Rng, res: Residence, years_here: u32) -> Residence {
    use Residence::*;
    match res {
        AsylumPending => {
            let r = rng.below(u64::from(PPM)) as u32;
            if r < 450_000 {
                Protection
            } else if r < 600_000 {
                Toleration
            } else {
                AsylumPending
            }
        }
        Toleration if rng.chance(60_000) => Temporary,
        Protection if years_here >= 5 && rng.chance(50_000) => Permanent,
        Temporary if years_here >= 5 && rng.chance(80_000) => Permanent,
        other => other,
    }
}

/// Annual naturalisation probability of a foreigner. Requires eight years
/// of residence (five from the 2024 reform on, which also raises take-up)
/// or birth in Germany; insecure titles cannot naturalise.
pub fn naturalisation(res: Residence, years_here: u32, born_here: bool, year: i32) -> u32 {
    let reform = year >= 2024;
    let min_years = if reform { 5 } else { 8 };
    if !born_here && years_here < min_years {
        return 0;
    }
    let base = match res {
        Residence::Permanent => 36_000,
        Residence::Protection => 45_000,
        Residence::Eu => 12_000,
        Residence::Temporary => 6_000,
        _ => 0,
    };
    if reform {
        scale(base, 1500)
    } else {
        base
    }
}

/// Socio-economic group used by the labour and benefit rates.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Group {
    GermanNoMh,
    GermanMh,
    ForeignEu,
    ForeignSettled,
    ForeignProtection,
    ForeignInsecure,
}

/// Classifies a person for the labour and benefit rates.
pub fn group(foreign: bool, mh: Mh, res: Residence) -> Group {
    match (foreign, res) {
        (false, _) if mh == Mh::None => Group::GermanNoMh,
        (false, _) => Group::GermanMh,
        (true, Residence::Eu) => Group::ForeignEu,
        (true, Residence::Protection) => Group::ForeignProtection,
        (true, Residence::Toleration | Residence::AsylumPending) => Group::ForeignInsecure,
        (true, _) => Group::ForeignSettled,
    }
}

/// Probability of being in the labour force (employed or unemployed),
/// ages 15–74.
pub fn participation(age: u8, sex: Sex, g: Group) -> u32 {
    let base = match age {
        15..=17 => 250_000,
        18..=19 => 450_000,
        20..=24 => 700_000,
        25..=29 => 820_000,
        30..=54 => 880_000,
        55..=59 => 830_000,
        60..=63 => 650_000,
        64 => 450_000,
        65..=69 => 140_000,
        70..=74 => 60_000,
        _ => 0,
    };
    let women = match (sex, g) {
        (Sex::M, _) => 1000,
        (_, Group::GermanNoMh | Group::GermanMh) => 930,
        _ => 760,
    };
    let group = match g {
        Group::ForeignProtection => 750,
        Group::ForeignInsecure => 450,
        _ => 1000,
    };
    scale(scale(base, women), group)
}

/// Probability of being unemployed given participation: about 5 % for
/// Germans and 12 % for foreigners overall.
pub fn unemployment(age: u8, g: Group) -> u32 {
    let base = match g {
        Group::GermanNoMh => 42_000,
        Group::GermanMh => 75_000,
        Group::ForeignEu => 85_000,
        Group::ForeignSettled => 100_000,
        Group::ForeignProtection => 300_000,
        Group::ForeignInsecure => 380_000,
    };
    let age_factor = match age {
        15..=24 => 1200,
        55..=64 => 1100,
        _ => 1000,
    };
    scale(base, age_factor)
}

/// Probability of receiving SGB II basic income support (Bürgergeld, incl.
/// Sozialgeld for children), before the district factor. Zero from 66:
/// pensioners receive other benefits; asylum seekers and tolerated people
/// receive AsylbLG instead, hence almost never SGB II.
pub fn sgb2(age: u8, labour: Labour, g: Group) -> u32 {
    if age >= 66 {
        return 0;
    }
    let (out, employed, unemployed) = match g {
        Group::GermanNoMh => (70_000, 20_000, 450_000),
        Group::GermanMh => (130_000, 40_000, 550_000),
        Group::ForeignEu => (150_000, 55_000, 550_000),
        Group::ForeignSettled => (210_000, 70_000, 620_000),
        Group::ForeignProtection => (650_000, 250_000, 900_000),
        Group::ForeignInsecure => (10_000, 5_000, 20_000),
    };
    match labour {
        Labour::Out => out,
        Labour::Employed => employed,
        Labour::Unemployed => unemployed,
    }
}

/// Share of six-year-olds examined at school entry (nearly all).
pub const SCHOOL_ENTRY: u32 = 970_000;

/// Probability of a language-support need at the school-entry
/// examination, before the district factor.
pub fn language_support(mh: Mh, foreign: bool) -> u32 {
    match (mh, foreign) {
        (Mh::None, _) => 80_000,
        (Mh::Parents, false) => 280_000,
        (Mh::Own, false) => 420_000,
        (Mh::Parents, true) => 450_000,
        (Mh::Own, true) => 700_000,
    }
}

/// Probability of keeping last year's labour or benefit state; the rest
/// redraws from the current conditional rate, which keeps the marginal
/// rates stable while giving the panel realistic persistence.
pub const PERSISTENCE: u32 = 850_000;
