//! Deterministic synthetic register microdata for benchmarks and tests.
//!
//! Real municipal register extracts cannot be shared, yet the engine needs
//! large, realistic inputs whose every byte is reproducible: to benchmark
//! against other tools, to compare outputs byte by byte, and to pin test
//! fixtures. [`write_register`] simulates a city as a panel (the same persons
//! age year by year; some die or move away and are replaced by births,
//! arrivals from abroad and movers from elsewhere in Germany; foreigners
//! obtain new titles and are naturalised; employment and benefit receipt
//! persist with some churn) and writes one CSV row per person and year.
//!
//! Determinism: a single seeded PRNG stream (module `rng`) is consumed in a
//! fixed order (persons in vector order, years ascending), the state lives
//! in a `Vec` (no hash-map iteration), there is no threading, and only
//! integers and fixed code strings are printed. The same [`GenConfig`]
//! therefore yields the same bytes on every platform.
//!
//! The model's rates are in module `rates`; they are plausible, not fitted.

mod codes;
mod districts;
mod dynamics;
mod outcomes;
mod person;
mod rates;
mod rng;
mod row;
#[cfg(test)]
mod tests;

use std::io::{self, BufWriter, Write};

pub use codes::{COLUMNS, HEADER};

/// What to generate. All fields are plain numbers so a configuration can
/// be stated completely on a command line and in a benchmark report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenConfig {
    /// Population size, kept constant over the years (rows per year).
    pub persons: u64,
    /// Number of consecutive years (one row per person per year).
    pub years: u32,
    /// Calendar year of the first panel wave (1900..=2500).
    pub first_year: i32,
    /// Number of districts, coded "01".."NN" (1..=99).
    pub districts: u32,
    /// PRNG seed: same seed and settings, same bytes.
    pub seed: u64,
}

impl Default for GenConfig {
    /// 1.5 M persons × 10 years from 2015 in 25 districts: a large German
    /// city, about 15 M rows and roughly 1 GB of CSV.
    fn default() -> Self {
        GenConfig { persons: 1_500_000, years: 10, first_year: 2015, districts: 25, seed: 42 }
    }
}

/// What was written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GenStats {
    /// Data rows (header excluded).
    pub rows: u64,
    /// Bytes written, header included.
    pub bytes: u64,
}

/// Writes the register as CSV (header included) to `out`.
///
/// `out` is wrapped in a 1 MiB [`BufWriter`], so passing a bare `File` is
/// fine. Memory use is about 24 bytes per person, independent of `years`.
///
/// # Errors
/// `InvalidInput` for out-of-range settings (`districts` outside 1..=99,
/// `first_year` outside 1900..=2500, more than 500 years, or a population
/// that cannot be held in memory); otherwise any error of `out`.
pub fn write_register<W: Write>(cfg: &GenConfig, out: W) -> io::Result<GenStats> {
    validate(cfg)?;
    let city = districts::City::new(cfg.districts as u8);
    let mut rng = rng::Rng::seed_from_u64(cfg.seed);
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let mut stats = GenStats::default();
    out.write_all(HEADER)?;
    stats.bytes += HEADER.len() as u64;

    let persons = cfg.persons as usize;
    let mut pop = Vec::with_capacity(persons);
    for id in 1..=cfg.persons {
        pop.push(person::initial(&mut rng, &city, id, cfg.first_year));
    }
    let mut next_id = cfg.persons + 1;

    let mut row = row::RowBuf::new();
    let mut year_text = Vec::with_capacity(8);
    for y in 0..cfg.years {
        let year = cfg.first_year + y as i32;
        if y > 0 {
            dynamics::advance(&mut rng, &city, &mut pop, year, &mut next_id);
        }
        year_text.clear();
        row::push_u64(&mut year_text, year as u64);
        for p in pop.iter_mut() {
            outcomes::annual(&mut rng, &city, p, year);
            let bytes = row.format(p, year, &year_text);
            out.write_all(bytes)?;
            stats.rows += 1;
            stats.bytes += bytes.len() as u64;
        }
    }
    out.flush()?;
    Ok(stats)
}

fn validate(cfg: &GenConfig) -> io::Result<()> {
    let bad = |msg: String| Err(io::Error::new(io::ErrorKind::InvalidInput, msg));
    if !(1..=99).contains(&cfg.districts) {
        return bad(format!("districts must be 1..=99 (two-digit codes), got {}", cfg.districts));
    }
    if !(1900..=2500).contains(&cfg.first_year) || cfg.years > 500 {
        return bad(format!(
            "first_year must be 1900..=2500 and years at most 500, got {} and {}",
            cfg.first_year, cfg.years
        ));
    }
    // Ids of newcomers keep counting up; 24 bytes per person must fit.
    if usize::try_from(cfg.persons).is_err() || cfg.persons > (isize::MAX as u64) / 64 {
        return bad(format!("persons too large: {}", cfg.persons));
    }
    Ok(())
}
