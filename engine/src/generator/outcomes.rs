//! Events and states observed within a year: naturalisation, labour
//! market, SGB II receipt, school-entry examination.
//!
//! Run for every person in every year (the first included) right before the
//! row is written, so the row shows the state after the year's events.

use super::codes::{Labour, Mh, Residence, DE};
use super::districts::City;
use super::person::Person;
use super::rates::{self, PERSISTENCE, SCHOOL_ENTRY};
use super::rng::Rng;

/// Applies the year's events to one person.
pub fn annual(rng: &mut Rng, city: &City, p: &mut Person, year: i32) {
    // Naturalisation: the row of the naturalisation year already shows
    // citizenship DE, so "foreigners at the start of the year" are the
    // rows with a foreign citizenship or the naturalised flag.
    p.naturalised = false;
    if p.foreign() {
        let rate = rates::naturalisation(p.residence, p.years_here(year), p.mh == Mh::Parents, year);
        if rate > 0 && rng.chance(rate) {
            p.citizenship = DE;
            p.residence = Residence::German;
            p.naturalised = true;
        }
    }
    let redraw_all = p.fresh || p.naturalised;
    let g = rates::group(p.foreign(), p.mh, p.residence);

    let before = p.labour;
    if !(15..=74).contains(&p.age) {
        p.labour = Labour::Out;
    } else if redraw_all || p.age == 15 || !rng.chance(PERSISTENCE) {
        p.labour = if rng.chance(rates::participation(p.age, p.sex, g)) {
            if rng.chance(rates::unemployment(p.age, g)) {
                Labour::Unemployed
            } else {
                Labour::Employed
            }
        } else {
            Labour::Out
        };
    }

    let pressure = city.pressure(p.district);
    let sgb2 = rates::scale(rates::sgb2(p.age, p.labour, g), pressure);
    if sgb2 == 0 {
        p.sgb2 = false;
    } else if redraw_all || p.labour != before || !rng.chance(PERSISTENCE) {
        p.sgb2 = rng.chance(sgb2);
    }

    p.school_entry = p.age == 6 && rng.chance(SCHOOL_ENTRY);
    p.language_support =
        p.school_entry && rng.chance(rates::scale(rates::language_support(p.mh, p.foreign()), pressure));
    p.fresh = false;
}
