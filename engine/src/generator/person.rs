//! Per-person panel state and how new persons come into being.
//!
//! A person is 24 bytes (one `u64` id, one `i16`, small enums), so the
//! default 1.5 M population needs about 36 MB regardless of the number of
//! years: rows are produced from the state and never kept.

use super::codes::{Labour, Mh, Residence, Sex, COUNTRIES, DE, SENIOR_WEIGHTS, STOCK_WEIGHTS};
use super::districts::City;
use super::rates;
use super::rng::Rng;

/// One resident of the city.
#[derive(Clone, Debug)]
pub struct Person {
    /// Stable across years; newcomers get fresh, increasing ids.
    pub id: u64,
    /// Calendar year of arrival in Germany; only meaningful for `Mh::Own`.
    pub arrival_year: i16,
    pub age: u8,
    /// District index (0-based); the code written is `index + 1`.
    pub district: u8,
    /// Index into [`COUNTRIES`]; `DE` = 0.
    pub citizenship: u8,
    pub sex: Sex,
    pub mh: Mh,
    pub residence: Residence,
    pub labour: Labour,
    pub sgb2: bool,
    /// Naturalised in the current year (row flag, reset every year).
    pub naturalised: bool,
    /// Examined at school entry in the current year.
    pub school_entry: bool,
    /// Language-support need found at that examination.
    pub language_support: bool,
    /// Newly created: labour and benefit states are drawn fresh, not kept.
    pub fresh: bool,
}

impl Person {
    #[inline]
    pub fn foreign(&self) -> bool {
        self.citizenship != DE
    }

    /// Years in Germany for persons with own migration experience,
    /// clamped to `0..=age` (arrival cannot precede birth).
    #[inline]
    pub fn years_here(&self, year: i32) -> u32 {
        (year - i32::from(self.arrival_year)).clamp(0, i32::from(self.age)) as u32
    }

    fn blank(id: u64, age: u8, district: u8) -> Person {
        Person {
            id,
            arrival_year: 0,
            age,
            district,
            citizenship: DE,
            sex: Sex::W,
            mh: Mh::None,
            residence: Residence::German,
            labour: Labour::Out,
            sgb2: false,
            naturalised: false,
            school_entry: false,
            language_support: false,
            fresh: true,
        }
    }
}

/// Draws a resident in a given district, following the stock composition
/// (citizenship and migration background depend on age and district).
/// `born_here` forces birth in Germany (used for newborns).
pub fn resident(
    rng: &mut Rng,
    city: &City,
    id: u64,
    year: i32,
    age: u8,
    district: u8,
    born_here: bool,
) -> Person {
    let mut p = Person::blank(id, age, district);
    let d = usize::from(district);
    let foreign = rng.chance(rates::scale(rates::foreign(age), city.foreign[d]).min(800_000));
    p.sex = rates::sex(rng, age, foreign);
    let pressure = city.pressure(district);
    if foreign {
        let weights = if age >= 65 { &SENIOR_WEIGHTS } else { &STOCK_WEIGHTS };
        p.citizenship = rng.pick(weights) as u8;
        let country = &COUNTRIES[usize::from(p.citizenship)];
        let settled;
        let recent;
        if born_here || rng.chance(rates::foreign_born_here(age)) {
            p.mh = Mh::Parents;
            settled = true;
            recent = false;
        } else {
            p.mh = Mh::Own;
            let yig = rates::years_since_arrival(rng, country.origin, age);
            p.arrival_year = (year - i32::from(yig)) as i16;
            settled = yig >= 8;
            recent = yig <= 1;
        }
        p.residence = rates::stock_residence(rng, country, settled, recent, year);
    } else if !born_here && rng.chance(rates::scale(rates::german_own(age), pressure)) {
        p.mh = Mh::Own;
        // Naturalised immigrants and late repatriates: arrived as a child
        // or young adult.
        let arrival_age = rng.range_incl(0, u32::from(age.min(35))) as u8;
        p.arrival_year = (year - i32::from(age - arrival_age)) as i16;
    } else if rng.chance(rates::scale(rates::german_parents(age), pressure)) {
        p.mh = Mh::Parents;
    }
    p
}

/// Draws a member of the starting population.
pub fn initial(rng: &mut Rng, city: &City, id: u64, year: i32) -> Person {
    let district = rng.pick(&city.size) as u8;
    let age = rates::stock_age(rng);
    resident(rng, city, id, year, age, district, false)
}

/// A child born in the city this year.
pub fn newborn(rng: &mut Rng, city: &City, id: u64, year: i32) -> Person {
    let district = rng.pick(&city.size) as u8;
    resident(rng, city, id, year, 0, district, true)
}

/// Someone moving in from elsewhere in Germany: the stock composition at a
/// younger age.
pub fn in_mover(rng: &mut Rng, city: &City, id: u64, year: i32) -> Person {
    let district = rng.pick(&city.size) as u8;
    let age = rates::in_mover_age(rng);
    resident(rng, city, id, year, age, district, false)
}

/// Someone arriving from abroad this year: mostly foreign nationals with
/// the year's origin mix, settling mainly in arrival neighbourhoods.
pub fn immigrant(rng: &mut Rng, city: &City, id: u64, year: i32) -> Person {
    let district = rng.pick(&city.arrival) as u8;
    let age = rates::immigrant_age(rng);
    let mut p = Person::blank(id, age, district);
    if rng.chance(rates::GERMAN_RETURNEES) {
        p.sex = rates::sex(rng, age, false);
        // Late repatriates have own migration experience; returning
        // Germans born here do not.
        if rng.chance(300_000) {
            p.mh = Mh::Own;
            p.arrival_year = year as i16;
        }
        return p;
    }
    p.sex = rates::sex(rng, age, true);
    p.citizenship = rng.pick(&rates::inflow_weights(year)) as u8;
    p.mh = Mh::Own;
    p.arrival_year = year as i16;
    p.residence = rates::arrival_residence(rng, &COUNTRIES[usize::from(p.citizenship)], year);
    p
}
