//! Generator for area-hierarchy × group tables, the shape the engine emits.

use super::super::*;

pub const GROUPS: usize = 5;
const OWN: usize = 0;
const PARENTS: usize = 1;
const NONE: usize = 2;
const ANY: usize = 3;
const TOTAL: usize = 4;

/// Adds one indicator table: a city split into districts, each split into
/// `subareas[d]` sub-areas, crossed with the groups own / parents / none,
/// the derived group any = own + parents and the group total.
/// `leaf(i)` gives the count of the i-th (sub-area, base group) leaf.
/// Returns the cell ids of the table as `[area][group]`, city first.
pub fn add_table(
    problem: &mut SdcProblem,
    subareas: &[usize],
    leaf: &mut dyn FnMut(usize) -> u32,
    prefix: &str,
) -> Vec<[CellId; GROUPS]> {
    let mut leaf_index = 0;
    // Values per area: [own, parents, none] summed bottom-up.
    let mut districts: Vec<(Vec<[u32; 3]>, [u32; 3])> = Vec::new();
    for &n in subareas {
        let subs: Vec<[u32; 3]> = (0..n)
            .map(|_| {
                let mut v = [0; 3];
                for x in &mut v {
                    *x = leaf(leaf_index);
                    leaf_index += 1;
                }
                v
            })
            .collect();
        let sum = subs.iter().fold([0; 3], |a, s| [a[0] + s[0], a[1] + s[1], a[2] + s[2]]);
        districts.push((subs, sum));
    }
    let city = districts.iter().fold([0; 3], |a, (_, s)| [a[0] + s[0], a[1] + s[1], a[2] + s[2]]);

    let add_area = |problem: &mut SdcProblem, name: String, v: [u32; 3]| -> [CellId; GROUPS] {
        let vals = [v[0], v[1], v[2], v[0] + v[1], v[0] + v[1] + v[2]];
        let names = ["own", "parents", "none", "any", "total"];
        let ids: Vec<CellId> = vals
            .iter()
            .zip(names)
            .map(|(&x, g)| problem.add_cell(Cell::count(format!("{name}/{g}"), f64::from(x))))
            .collect();
        let ids = [ids[0], ids[1], ids[2], ids[3], ids[4]];
        problem.add_relation(ids[TOTAL], vec![ids[OWN], ids[PARENTS], ids[NONE]], RelationKind::GroupTotal);
        problem.add_relation(ids[ANY], vec![ids[OWN], ids[PARENTS]], RelationKind::DerivedGroup);
        ids
    };

    let mut table = vec![add_area(problem, format!("{prefix}city"), city)];
    let mut district_ids = Vec::new();
    for (d, (subs, sum)) in districts.iter().enumerate() {
        let did = add_area(problem, format!("{prefix}d{d}"), *sum);
        table.push(did);
        district_ids.push(did);
        let sub_ids: Vec<[CellId; GROUPS]> = subs
            .iter()
            .enumerate()
            .map(|(s, v)| add_area(problem, format!("{prefix}d{d}s{s}"), *v))
            .collect();
        for g in 0..GROUPS {
            problem.add_relation(did[g], sub_ids.iter().map(|s| s[g]).collect(), RelationKind::AreaTotal);
        }
        table.extend(sub_ids);
    }
    for g in 0..GROUPS {
        problem.add_relation(
            table[0][g],
            district_ids.iter().map(|d| d[g]).collect(),
            RelationKind::AreaTotal,
        );
    }
    table
}

/// Rate "own / total" per area, so the small-base rule is exercised.
pub fn add_own_rates(problem: &mut SdcProblem, table: &[[CellId; GROUPS]]) {
    for area in table {
        problem.add_rate(area[OWN], area[TOTAL]);
    }
}
