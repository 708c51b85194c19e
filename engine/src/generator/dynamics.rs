//! Year-to-year population dynamics: leaving, ageing, moving within the
//! city, residence-title changes, and newcomers who keep the size constant.
//!
//! Persons are visited in vector order with one PRNG stream, which is what
//! makes the output a pure function of the seed. Leavers are removed and
//! newcomers appended with fresh ids, so ids stay ascending within a year.

use super::districts::City;
use super::person::{self, Person};
use super::rates;
use super::rng::Rng;

/// Moves the population from `year - 1` to `year`. The population size is
/// kept exactly constant (every leaver is replaced), so a file always has
/// `persons × years` rows and per-year totals are comparable.
pub fn advance(rng: &mut Rng, city: &City, pop: &mut Vec<Person>, year: i32, next_id: &mut u64) {
    let target = pop.len();
    pop.retain_mut(|p| {
        let foreign = p.foreign();
        if rng.chance(rates::mortality(p.age))
            || rng.chance(rates::out_migration(p.age, foreign, p.residence))
        {
            return false;
        }
        p.age += 1;
        if rng.chance(rates::INTERNAL_MOVE) {
            // Foreigners move along the arrival-neighbourhood gradient,
            // Germans by district size: the composition stays stable.
            let weights = if foreign { &city.arrival } else { &city.size };
            p.district = rng.pick(weights) as u8;
        }
        if foreign {
            let before = p.residence;
            p.residence = rates::next_residence(rng, p.residence, p.years_here(year));
            // A new title changes labour-market access and benefit
            // entitlement: redraw those states instead of carrying them.
            p.fresh |= p.residence != before;
        }
        true
    });

    let leavers = target - pop.len();
    let births = leavers.min((target as u64 * rates::BIRTHS_PER_MILLION / 1_000_000) as usize);
    for i in 0..leavers {
        let id = *next_id;
        *next_id += 1;
        let p = if i < births {
            person::newborn(rng, city, id, year)
        } else if rng.chance(rates::FROM_ABROAD) {
            person::immigrant(rng, city, id, year)
        } else {
            person::in_mover(rng, city, id, year)
        };
        pop.push(p);
    }
}
