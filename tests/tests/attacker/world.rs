//! The test's own knowledge: person-level microdata it generated itself, the
//! domain of every attribute, and each published cell's definition written
//! as Rust closures (independent of kimon's evaluator), plus helpers that
//! write the matching rulebook and data files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One person-year of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub year: i32,
    /// District 1..=n, written "01", "02", …
    pub district: u8,
    /// Planning area 1..=k inside its district, written "0101", "0102", …
    pub planning: u8,
    pub foreign: bool,
    pub age: u32,
    pub employed: bool,
    pub unemployed: bool,
    pub flag: bool,
}

pub type Pred = Arc<dyn Fn(&Person) -> bool + Send + Sync>;
pub type Weight = Arc<dyn Fn(&Person) -> f64 + Send + Sync>;

pub fn pred(f: impl Fn(&Person) -> bool + Send + Sync + 'static) -> Pred {
    Arc::new(f)
}

pub fn all() -> Pred {
    pred(|_| true)
}

/// An area declaration as the test understands it.
#[derive(Clone)]
pub struct AreaSpec {
    /// (printed unit name, membership)
    pub units: Vec<(String, Pred)>,
    /// Printed name of the total, if the area declares one.
    pub total: Option<String>,
}

#[derive(Clone)]
pub struct DimSpec {
    /// (printed group title, membership); derived groups are plain unions.
    pub groups: Vec<(String, Pred)>,
}

#[derive(Clone)]
pub struct IndSpec {
    pub id: String,
    /// Published value = scale · numerator / denominator (100 for percent);
    /// without a denominator the value is the numerator itself.
    pub scale: f64,
    pub num: Pred,
    /// `sum(register.age …)`: the summed field; `None` counts persons.
    pub num_weight: Option<Weight>,
    pub den: Option<Pred>,
    pub area: Option<AreaSpec>,
    pub dims: Vec<DimSpec>,
}

impl IndSpec {
    pub fn rate(id: &str, num: Pred, den: Pred) -> Self {
        IndSpec {
            id: id.into(),
            scale: 100.0,
            num,
            num_weight: None,
            den: Some(den),
            area: None,
            dims: vec![],
        }
    }

    pub fn count(id: &str, num: Pred) -> Self {
        IndSpec { id: id.into(), scale: 1.0, num, num_weight: None, den: None, area: None, dims: vec![] }
    }

    pub fn by_area(mut self, a: AreaSpec) -> Self {
        self.area = Some(a);
        self
    }

    pub fn by_dim(mut self, d: DimSpec) -> Self {
        self.dims.push(d);
        self
    }
}

/// `check …`: difference = Σ coef · count(register where pred) per year
/// (and per unit of `area`).
#[derive(Clone)]
pub struct CheckSpec {
    pub id: String,
    pub area: Option<AreaSpec>,
    pub terms: Vec<(f64, Pred)>,
}

/// What the attacker checks against: the rulebook's primary rules (which
/// cells are *sensitive* by their true value) and the protection interval
/// parameters.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub min_count: u64,
    pub protection_absolute: f64,
    pub protection_relative: f64,
    pub round_to: Option<u64>,
    pub min_contributors: Option<u64>,
    /// Rates with a smaller true denominator have a sensitive numerator.
    pub min_denominator: Option<u64>,
    /// Whether a true 0 may be shown (`zero_publishable`, default yes).
    pub zero_publishable: bool,
}

impl Default for Rules {
    /// kimon's documented defaults (README „Privacy“, engine docs):
    /// min_count 3, protection absolute 2, relative 30 %.
    fn default() -> Self {
        Rules {
            min_count: 3,
            protection_absolute: 2.0,
            protection_relative: 0.3,
            round_to: None,
            min_contributors: None,
            min_denominator: None,
            zero_publishable: true,
        }
    }
}

/// The attribute domain the data generator draws from: the attacker knows
/// it, so atoms are all *possible* attribute vectors, not just the ones
/// that occur.
#[derive(Debug, Clone)]
pub struct Domain {
    pub years: Vec<i32>,
    pub districts: u8,
    pub planning_per_district: u8,
    pub ages: Vec<u32>,
    /// Whether `flag` is used at all (halves the atoms otherwise).
    pub flag: bool,
}

impl Domain {
    /// One prototype person per possible attribute vector.
    pub fn prototypes(&self) -> Vec<Person> {
        let mut out = Vec::new();
        let flags: &[bool] = if self.flag { &[false, true] } else { &[false] };
        for &year in &self.years {
            for district in 1..=self.districts {
                for planning in 1..=self.planning_per_district.max(1) {
                    for foreign in [false, true] {
                        for &age in &self.ages {
                            for (employed, unemployed) in [(false, false), (true, false), (false, true)] {
                                for &flag in flags {
                                    out.push(Person {
                                        year,
                                        district,
                                        planning,
                                        foreign,
                                        age,
                                        employed,
                                        unemployed,
                                        flag,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        out
    }

    pub fn contains(&self, p: &Person) -> bool {
        self.years.contains(&p.year)
            && (1..=self.districts).contains(&p.district)
            && (1..=self.planning_per_district.max(1)).contains(&p.planning)
            && self.ages.contains(&p.age)
            && !(p.employed && p.unemployed)
            && (self.flag || !p.flag)
    }
}

/// Everything the test knows about one fixture.
#[derive(Clone)]
pub struct World {
    pub persons: Vec<Person>,
    pub domain: Domain,
    pub indicators: Vec<IndSpec>,
    pub checks: Vec<CheckSpec>,
    pub rules: Rules,
}

impl World {
    pub fn indicator(&self, id: &str) -> Option<&IndSpec> {
        self.indicators.iter().find(|i| i.id == id)
    }
}

// ------------------------------------------------------------------ standard pieces

pub const CITY: &str = "Teststadt";

pub fn district_code(d: u8) -> String {
    format!("{d:02}")
}

pub fn planning_code(d: u8, k: u8) -> String {
    format!("{d:02}{k:02}")
}

pub fn districts(n: u8) -> AreaSpec {
    AreaSpec {
        units: (1..=n).map(|d| (format!("Bezirk {d}"), pred(move |p: &Person| p.district == d))).collect(),
        total: Some(CITY.into()),
    }
}

pub fn planning_areas(n: u8, k: u8) -> AreaSpec {
    let mut units = Vec::new();
    for d in 1..=n {
        for j in 1..=k {
            units.push((
                format!("Planungsraum {d}.{j}"),
                pred(move |p: &Person| p.district == d && p.planning == j),
            ));
        }
    }
    AreaSpec { units, total: Some(CITY.into()) }
}

pub fn citizenship() -> DimSpec {
    DimSpec {
        groups: vec![
            ("Deutsche".into(), pred(|p: &Person| !p.foreign)),
            ("Auslaender".into(), pred(|p: &Person| p.foreign)),
        ],
    }
}

/// DSL text of the standard pieces, matching the specs above.
pub fn header(years: &[i32], privacy: &str) -> String {
    let (a, b) = (years.iter().min().copied().unwrap_or(2024), years.iter().max().copied().unwrap_or(2024));
    format!(
        "rulebook \"Angriff\" {{\n  municipality \"{CITY}\"\n  years {a}..{b}\n}}\n\n\
         source register \"Register\" {{\n  kind microdata\n  file \"register.csv\"\n  migration_background register\n}}\n\n\
         field f \"Feld\" {{ steerable yes }}\n\n\
         dimension staat \"Staatsangehörigkeit\" {{\n  group de \"Deutsche\" when citizenship == \"DE\"\n  group ausl \"Auslaender\" otherwise\n  reference de\n}}\n\n\
         privacy {{\n{privacy}}}\n\n"
    )
}

pub fn districts_decl(n: u8) -> String {
    let mut s = String::from("area bezirk \"Bezirk\" {\n  column district\n");
    for d in 1..=n {
        let _ = writeln!(s, "  unit \"{}\" \"Bezirk {d}\"", district_code(d));
    }
    let _ = writeln!(s, "  total \"{CITY}\"\n}}\n");
    s
}

pub fn planning_decl(n: u8, k: u8) -> String {
    let mut s = String::from("area planungsraum \"Planungsraum\" {\n  column planning_area\n");
    for d in 1..=n {
        for j in 1..=k {
            let _ = writeln!(s, "  unit \"{}\" \"Planungsraum {d}.{j}\"", planning_code(d, j));
        }
    }
    let _ = writeln!(s, "  total \"{CITY}\"\n}}\n");
    s
}

/// An indicator block; `unit` is `percent` or `count`.
pub fn indicator_decl(id: &str, unit: &str, num: &str, den: Option<&str>, by: &str) -> String {
    let mut s = format!("indicator {id} \"{id}\" {{\n  field f\n  purpose \"Test.\"\n  unit {unit}\n  polarity neutral\n  numerator {num}\n");
    if let Some(d) = den {
        let _ = writeln!(s, "  denominator {d}");
    }
    if !by.is_empty() {
        let _ = writeln!(s, "  by {by}");
    }
    s.push_str("}\n\n");
    s
}

pub fn register_csv(persons: &[Person]) -> String {
    let mut s =
        String::from("person_id,year,district,planning_area,citizenship,age,employed,unemployed,flag\n");
    for (i, p) in persons.iter().enumerate() {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{}",
            i + 1,
            p.year,
            district_code(p.district),
            planning_code(p.district, p.planning),
            if p.foreign { "TR" } else { "DE" },
            p.age,
            u8::from(p.employed),
            u8::from(p.unemployed),
            u8::from(p.flag)
        );
    }
    s
}

/// A fresh directory with `rulebook.kimon` and `register.csv`.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub rulebook: PathBuf,
}

pub fn write_fixture(rulebook_text: &str, persons: &[Person]) -> Fixture {
    let dir = tempfile::Builder::new()
        .prefix("kimon-attack-")
        .tempdir()
        .expect("create a temp dir for the fixture");
    let rulebook = dir.path().join("rulebook.kimon");
    std::fs::write(&rulebook, rulebook_text).expect("write fixture rulebook");
    std::fs::write(dir.path().join("register.csv"), register_csv(persons)).expect("write fixture data");
    Fixture { dir, rulebook }
}

impl Fixture {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// `n` identical persons.
pub fn many(n: usize, p: Person) -> Vec<Person> {
    vec![p; n]
}

/// A person with the given year, district, citizenship and age; not in the
/// labour force, no flag, planning area 1.
pub fn person(year: i32, district: u8, foreign: bool, age: u32) -> Person {
    Person { year, district, planning: 1, foreign, age, employed: false, unemployed: false, flag: false }
}
