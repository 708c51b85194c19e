//! The code lists that appear in the CSV, and the per-country parameters.
//!
//! Everything here is a `const` table indexed by small integers, so the
//! per-person state can store one byte per attribute and row formatting is a
//! table lookup (no string building per row).

/// CSV header; the column order is part of the file contract.
pub const HEADER: &[u8] = b"person_id,year,district,age,sex,citizenship,migration_background,\
naturalised,residence_status,employed,unemployed,sgb2,school_entry,language_support,years_in_germany\n";

/// Number of columns in [`HEADER`].
pub const COLUMNS: usize = 15;

/// Sex as recorded in the register (`d` = divers, rare).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Sex {
    M,
    W,
    D,
}

impl Sex {
    pub fn code(self) -> &'static [u8] {
        match self {
            Sex::M => b"m",
            Sex::W => b"w",
            Sex::D => b"d",
        }
    }
}

/// Migration background: none, own migration experience, or born in
/// Germany to (at least one) immigrated parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Mh {
    None,
    Own,
    Parents,
}

impl Mh {
    pub fn code(self) -> &'static [u8] {
        match self {
            Mh::None => b"none",
            Mh::Own => b"own",
            Mh::Parents => b"parents",
        }
    }
}

/// Residence title; `German` exactly for German citizens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Residence {
    German,
    Eu,
    Permanent,
    Temporary,
    Protection,
    Toleration,
    AsylumPending,
}

impl Residence {
    pub fn code(self) -> &'static [u8] {
        match self {
            Residence::German => b"german",
            Residence::Eu => b"eu",
            Residence::Permanent => b"permanent",
            Residence::Temporary => b"temporary",
            Residence::Protection => b"protection",
            Residence::Toleration => b"toleration",
            Residence::AsylumPending => b"asylum_pending",
        }
    }
}

/// Labour-market state; only meaningful for ages 15–74.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Labour {
    Out,
    Employed,
    Unemployed,
}

/// Broad origin type: drives time since arrival, likely residence titles and
/// the year-dependent inflow waves (2015/16 asylum, 2022/23 Ukraine).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Germany,
    /// Recruitment-era countries: long residence, older age structure.
    GuestWorker,
    /// EU members since 2004/2007/2013: recent labour migration.
    NewEu,
    /// Other EU/EEA and western countries.
    OldEu,
    /// Main asylum countries.
    Refugee,
    Ukraine,
    /// Western Balkans outside the EU.
    Balkan,
    /// Skilled workers and students from elsewhere.
    Other,
}

/// One citizenship with its sampling weights (relative, any scale).
pub struct Country {
    pub code: &'static [u8],
    pub eu: bool,
    pub origin: Origin,
    /// Share among resident foreigners under 65 at the start.
    pub stock: u32,
    /// Share among resident foreigners aged 65+ (guest-worker generation).
    pub senior: u32,
    /// Base share among arrivals from abroad (waves added in `rates`).
    pub inflow: u32,
}

/// Index of Germany in [`COUNTRIES`]; the state stores this index.
pub const DE: u8 = 0;

const fn c(code: &'static [u8], eu: bool, origin: Origin, stock: u32, senior: u32, inflow: u32) -> Country {
    Country { code, eu, origin, stock, senior, inflow }
}

use Origin::*;

/// Citizenships, Germany first. Weights roughly follow a large west German
/// city around 2015 (Türkiye largest, then EU-East, Syria, Italy, Croatia…).
pub const COUNTRIES: [Country; 25] = [
    c(b"DE", true, Germany, 0, 0, 0),
    c(b"TR", false, GuestWorker, 150, 320, 45),
    c(b"PL", true, NewEu, 80, 45, 60),
    c(b"RO", true, NewEu, 85, 10, 115),
    c(b"SY", false, Refugee, 60, 5, 40),
    c(b"IT", true, GuestWorker, 60, 120, 40),
    c(b"HR", true, GuestWorker, 50, 110, 45),
    c(b"UA", false, Ukraine, 25, 15, 25),
    c(b"BG", true, NewEu, 55, 5, 70),
    c(b"GR", true, GuestWorker, 50, 110, 30),
    c(b"AF", false, Refugee, 25, 3, 30),
    c(b"IQ", false, Refugee, 35, 5, 25),
    c(b"XK", false, Balkan, 35, 15, 40),
    c(b"RU", false, Other, 25, 40, 20),
    c(b"ES", true, OldEu, 20, 25, 25),
    c(b"IR", false, Refugee, 15, 10, 20),
    c(b"ER", false, Refugee, 8, 1, 15),
    c(b"IN", false, Other, 22, 2, 50),
    c(b"CN", false, Other, 18, 3, 25),
    c(b"VN", false, Other, 12, 4, 12),
    c(b"US", false, OldEu, 12, 8, 15),
    c(b"FR", true, OldEu, 15, 12, 15),
    c(b"HU", true, NewEu, 20, 10, 25),
    c(b"RS", false, Balkan, 35, 40, 25),
    c(b"BA", false, Balkan, 30, 40, 20),
];

/// Two-digit district code, "01".."99" (validated `districts <= 99`).
#[inline]
pub fn district_code(index: u8) -> [u8; 2] {
    let n = index + 1;
    [b'0' + n / 10, b'0' + n % 10]
}

/// One weight column of [`COUNTRIES`] as a plain array, built at compile
/// time so sampling never allocates.
const fn weight_column(senior: bool) -> [u32; 25] {
    let mut w = [0u32; 25];
    let mut i = 0;
    while i < 25 {
        w[i] = if senior { COUNTRIES[i].senior } else { COUNTRIES[i].stock };
        i += 1;
    }
    w
}

/// Citizenship weights for resident foreigners under 65.
pub const STOCK_WEIGHTS: [u32; 25] = weight_column(false);
/// Citizenship weights for resident foreigners aged 65+.
pub const SENIOR_WEIGHTS: [u32; 25] = weight_column(true);
