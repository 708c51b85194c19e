//! `kimon explain`: the interpretation aid (Lese- und Interpretationshilfe,
//! source report §3.5.6) for one indicator — what it measures, why, from
//! which sources with which definition of Migrationshintergrund, how its
//! groups are formed, and how targets and thresholds judge it.

use crate::diag::Diag;
use crate::model::{BandClass, Compare, GroupRuleDef, Indicator, Model, Polarity, SourceKind, Unit};
use crate::report::numfmt::Lang;
use kimon_grammar::ast::SubjectKind;
use kimon_grammar::format::expr_to_string;

/// The indicator's explanation as text, or an error naming the closest id.
pub fn explain(model: &Model, indicator: &str, lang: Lang) -> Result<String, Box<Diag>> {
    let Some(ind) = model.indicators.get(indicator) else {
        let hint = kimon_grammar::suggest::did_you_mean(indicator, super::indicator_ids(model));
        let known: Vec<&str> = super::indicator_ids(model).collect();
        let d = Diag::error(
            "unknown-indicator",
            format!("no indicator `{indicator}` in rulebook \"{}\"", model.meta.name),
        );
        return Err(Box::new(match hint {
            Some(h) => d.help(format!("did you mean `{h}`?")),
            None => d.help(format!("indicators: {}", known.join(", "))),
        }));
    };
    Ok(render(model, ind, lang))
}

struct W<'a> {
    lang: Lang,
    out: &'a mut String,
}

impl W<'_> {
    fn t(&self, de: &str, en: &str) -> String {
        if self.lang == Lang::De { de } else { en }.to_string()
    }
    fn heading(&mut self, de: &str, en: &str) {
        let h = self.t(de, en);
        self.out.push_str(&format!("\n{h}\n{}\n", "-".repeat(h.chars().count())));
    }
    fn line(&mut self, s: impl AsRef<str>) {
        self.out.push_str(s.as_ref());
        self.out.push('\n');
    }
}

pub(crate) fn unit_word(u: Unit, lang: Lang) -> &'static str {
    match (u, lang) {
        (Unit::Percent, Lang::De) => "Prozent (Anteil je 100)",
        (Unit::Per1000, Lang::De) => "Promille (je 1 000)",
        (Unit::Count, Lang::De) => "Anzahl",
        (Unit::Mean, Lang::De) => "Mittelwert",
        (Unit::Ratio, Lang::De) => "Verhältniszahl (1 = gleich stark vertreten)",
        (Unit::Percent, _) => "percent (share per 100)",
        (Unit::Per1000, _) => "per mille (per 1,000)",
        (Unit::Count, _) => "count",
        (Unit::Mean, _) => "mean",
        (Unit::Ratio, _) => "ratio (1 = equally represented)",
    }
}

pub(crate) fn polarity_word(p: Polarity, lang: Lang) -> &'static str {
    match (p, lang) {
        (Polarity::Higher, Lang::De) => "höhere Werte sind besser",
        (Polarity::Lower, Lang::De) => "niedrigere Werte sind besser",
        (Polarity::Neutral, Lang::De) => "keine Richtung ist besser (Kontextindikator)",
        (Polarity::Higher, _) => "higher is better",
        (Polarity::Lower, _) => "lower is better",
        (Polarity::Neutral, _) => "no direction is better (context indicator)",
    }
}

/// A bound in the indicator's unit: `4 pp` for gaps of rates, `25 %` for values.
pub(crate) fn bound(x: f64, subject: SubjectKind, unit: Unit, lang: Lang) -> String {
    let n = crate::report::numfmt::format_signed(x, if x.fract() == 0.0 { 0 } else { 1 }, lang);
    let n = n.trim_start_matches('+').to_string();
    match (subject, unit) {
        (SubjectKind::Gap, u) if u.is_rate() => {
            let one = n == "1";
            let word = match lang {
                Lang::De if one => "Prozentpunkt",
                Lang::De => "Prozentpunkte",
                _ if one => "percentage point",
                _ => "percentage points",
            };
            format!("{n} {word}")
        }
        (SubjectKind::Value, Unit::Percent) => format!("{n} %"),
        _ => n,
    }
}

pub(crate) fn subject_word(s: SubjectKind, lang: Lang) -> &'static str {
    match (s, lang) {
        (SubjectKind::Value, Lang::De) => "Wert",
        (SubjectKind::Gap, Lang::De) => "Abstand",
        (SubjectKind::Ratio, Lang::De) => "Verhältnis",
        (SubjectKind::Value, _) => "value",
        (SubjectKind::Gap, _) => "gap",
        (SubjectKind::Ratio, _) => "ratio",
    }
}

pub(crate) fn band_word(c: BandClass, lang: Lang) -> &'static str {
    match (c, lang) {
        (BandClass::Strength, Lang::De) => "Stärke",
        (BandClass::Neutral, Lang::De) => "neutral",
        (BandClass::NeedForAction, Lang::De) => "Handlungsbedarf",
        (BandClass::Strength, _) => "strength",
        (BandClass::Neutral, _) => "neutral",
        (BandClass::NeedForAction, _) => "need for action",
    }
}

/// How far the municipality can steer a field of action, in words.
pub(crate) fn steer_word(s: crate::model::Steerability, lang: Lang) -> String {
    match lang {
        Lang::De => s.german().to_string(),
        _ => match s {
            crate::model::Steerability::Yes => "steerable by the municipality".to_string(),
            crate::model::Steerability::Partly => "partly steerable by the municipality".to_string(),
            crate::model::Steerability::No => {
                "not steerable by the municipality (observation only)".to_string()
            }
        },
    }
}

pub(crate) fn group_title(model: &Model, ind: &Indicator, id: &str) -> String {
    ind.dimensions
        .iter()
        .filter_map(|d| model.dimensions.get(d))
        .find_map(|d| d.group(id).map(|g| g.title.clone()))
        .unwrap_or_else(|| id.to_string())
}

fn render(model: &Model, ind: &Indicator, lang: Lang) -> String {
    let mut out = String::new();
    let mut w = W { lang, out: &mut out };
    let title = format!("{} ({})", ind.title, ind.id);
    w.line(&title);
    w.line("=".repeat(title.chars().count()));
    let field = model.fields.get(&ind.field);
    let field_title = field.map_or(ind.field.as_str(), |f| f.title.as_str());
    w.line(format!(
        "{}: {field_title}{}",
        w.t("Handlungsfeld", "Field"),
        if ind.core { w.t(" — Kernindikator", " — core indicator") } else { String::new() }
    ));
    if let Some(f) = field {
        let steer = steer_word(f.steerable, lang);
        w.line(format!("{}: {steer}", w.t("Steuerbarkeit", "Steerability")));
        if let Some(d) = &f.description {
            w.line(format!("  {d}"));
        }
    }
    if let Some(p) = &ind.purpose {
        w.heading("Wozu?", "Purpose");
        w.line(p);
    }
    w.heading("Was wird gemessen?", "What is measured?");
    if let Some(d) = &ind.definition {
        w.line(d);
    }
    w.line(format!("{}: {}", w.t("Zähler", "Numerator"), super::aggregate_text(&ind.numerator)));
    if let Some(d) = &ind.denominator {
        w.line(format!("{}: {}", w.t("Nenner", "Denominator"), super::aggregate_text(d)));
    }
    w.line(format!(
        "{}: {}; {}",
        w.t("Einheit", "Unit"),
        unit_word(ind.unit, lang),
        polarity_word(ind.polarity, lang)
    ));
    if let Compare::Indicator(other) = &ind.compare {
        let other_title = model.indicators.get(other).map_or(other.as_str(), |o| o.title.as_str());
        w.line(format!(
            "{} {other_title} ({other}) {}",
            w.t("Verglichen mit", "Compared with"),
            w.t(
                "im selben Gebiet und Jahr (Repräsentation: Wert ÷ Vergleichswert)",
                "in the same area and year (representation: value ÷ comparison)"
            )
        ));
    }
    w.heading("Quellen", "Sources");
    for sid in ind.sources() {
        let Some(s) = model.sources.get(sid) else { continue };
        let kind = match (s.kind, lang) {
            (SourceKind::Microdata, Lang::De) => "Einzeldaten",
            (SourceKind::Aggregate, Lang::De) => "Tabelle (aggregiert)",
            (SourceKind::Survey, Lang::De) => "gewichtete Befragung",
            (SourceKind::Microdata, _) => "microdata",
            (SourceKind::Aggregate, _) => "aggregate table",
            (SourceKind::Survey, _) => "weighted survey",
        };
        w.line(format!("{} ({sid}), {kind}", s.title));
        let mh = match (s.mh_definition, lang) {
            (Some(m), Lang::De) => m.german().to_string(),
            (Some(m), _) => m.english().to_string(),
            (None, Lang::De) => "nicht angegeben".into(),
            (None, _) => "not declared".into(),
        };
        w.line(format!("  {}: {mh}", w.t("Migrationshintergrund", "Migration background")));
        if let Some(d) = &s.description {
            w.line(format!("  {d}"));
        }
        for b in &s.series_breaks {
            w.line(format!(
                "  {} {}{}",
                w.t("Zeitreihenbruch", "Series break"),
                b.year,
                b.reason.as_ref().map_or_else(String::new, |r| format!(": {r}"))
            ));
        }
    }
    if !ind.dimensions.is_empty() || ind.area.is_some() {
        w.heading("Gruppen und Gebiete", "Groups and areas");
        for dim in ind.dimensions.iter().filter_map(|d| model.dimensions.get(d)) {
            w.line(format!("{} ({})", dim.title, dim.id));
            for g in &dim.groups {
                let rule = match &g.rule {
                    GroupRuleDef::When(e) => format!("{} {}", w.t("wenn", "when"), expr_to_string(e)),
                    GroupRuleDef::Otherwise => w.t("alle übrigen", "everyone else"),
                    GroupRuleDef::Sum(parts) => {
                        let titles: Vec<String> = parts.iter().map(|p| dim.title_of(p)).collect();
                        format!("= {}", titles.join(" + "))
                    }
                    GroupRuleDef::Columns(cols) => {
                        let cols: Vec<String> = cols.values().map(|c| format!("„{c}“")).collect();
                        format!("{} {}", w.t("Spalte", "column"), cols.join(", "))
                    }
                };
                let reference = if dim.reference.as_deref() == Some(g.id.as_str()) {
                    w.t(" [Vergleichsgruppe]", " [reference group]")
                } else {
                    String::new()
                };
                w.line(format!("  {} ({}): {rule}{reference}", g.title, g.id));
            }
        }
        // Derived columns the group rules read, so the reader sees how e.g.
        // an age band is computed.
        let mut names = Vec::new();
        for dim in ind.dimensions.iter().filter_map(|d| model.dimensions.get(d)) {
            for g in &dim.groups {
                if let GroupRuleDef::When(e) = &g.rule {
                    super::names_in(e, &mut names);
                }
            }
        }
        for l in names.iter().filter_map(|n| model.lets.get(n)) {
            let body = match &l.body {
                crate::model::LetBody::Native(e) => expr_to_string(e),
                crate::model::LetBody::Rhai { code, .. } => format!("rhai `{code}`"),
            };
            w.line(format!("  {} {} = {body}", w.t("abgeleitet:", "derived:"), l.name));
        }
        if let Some(area) = ind.area.as_ref().and_then(|a| model.areas.get(a)) {
            let units = if area.units.is_empty() {
                w.t("Einheiten aus den Daten", "units taken from the data")
            } else {
                format!("{} {}", area.units.len(), w.t("Einheiten", "units"))
            };
            let total =
                area.total.as_ref().map_or_else(String::new, |t| format!(", {} {t}", w.t("Summe", "total")));
            w.line(format!("{} ({}): {units}{total}", area.title, area.id));
        }
    }
    if !ind.targets.is_empty() {
        w.heading("Ziele", "Targets");
        for t in &ind.targets {
            let who = match (t.subject, t.groups.as_slice()) {
                (SubjectKind::Value, [g]) => format!(" ({})", group_title(model, ind, g)),
                (_, [a, b]) => format!(" ({} – {})", group_title(model, ind, a), group_title(model, ind, b)),
                _ => String::new(),
            };
            let by = t.year.map_or_else(String::new, |y| format!(" {} {y}", w.t("bis", "by")));
            w.line(format!(
                "{}{who} {} {}{by}",
                subject_word(t.subject, lang),
                t.op.symbol(),
                bound(t.bound, t.subject, ind.unit, lang)
            ));
        }
    }
    if !ind.thresholds.is_empty() {
        w.heading("Schwellenwerte", "Thresholds");
        for line in threshold_lines(ind, lang) {
            w.line(line);
        }
    }
    if let Some(p) = &ind.adopted {
        w.heading("Herkunft", "Provenance");
        let version = p.version.as_ref().map_or_else(String::new, |v| format!(", Version {v}"));
        w.line(format!(
            "{} „{}“{version} (sha256 {})",
            w.t("Übernommen aus", "Adopted from"),
            p.from,
            p.sha256
        ));
    }
    if !ind.notes.is_empty() {
        w.heading("Hinweise", "Notes");
        for n in &ind.notes {
            w.line(format!("- {n}"));
        }
    }
    w.heading("Was die Zahl sagen kann", "What the figure can say");
    w.line(w.t(
        "Monitoring ist ein Frühwarnsystem, keine Wirkungsanalyse: ein Abstand zwischen Gruppen beschreibt eine Lage, er erklärt sie nicht und weist keiner Gruppe Schuld zu.",
        "Monitoring is an early-warning system, not an impact evaluation: a gap between groups describes a situation; it neither explains it nor blames a group.",
    ));
    out
}

/// `kimon explain --sql`: the atom query of every database source, as the
/// database would receive it (for review by a database administrator, or
/// to run by hand in DuckDB or Trino).
pub fn explain_sql(
    model: &Model,
    opts: &crate::session::Options,
    dialect: crate::eval::pushdown::Dialect,
) -> Result<String, crate::diag::Diags> {
    let queries = crate::eval::atom_queries(model, opts, dialect)?;
    if queries.is_empty() {
        return Err(crate::diag::Diags {
            items: vec![Diag::error(
                "no-database-source",
                format!("rulebook \"{}\" reads no source from a database", model.meta.name),
            )
            .help("`--sql` shows the queries of sources declared with `database \"postgres://…\"` and `table \"…\"`")],
        });
    }
    Ok(queries.into_iter().map(|(_, sql)| sql).collect::<Vec<_>>().join("\n"))
}

/// `kimon explain RULEBOOK` without an indicator: the list to choose from,
/// one line per indicator (id, title, field), grouped in rulebook order.
pub fn list(model: &Model, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(match lang {
        Lang::De => "Indikatoren (Erklärung mit `kimon explain REGELWERK ID`):\n",
        Lang::En => "Indicators (explain one with `kimon explain RULEBOOK ID`):\n",
    });
    let width = model.indicators.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    for ind in model.indicators.values() {
        let field = model.fields.get(&ind.field).map_or(ind.field.as_str(), |f| f.title.as_str());
        out.push_str(&format!("  {:<width$}  {} [{}]\n", ind.id, ind.title, field));
    }
    out
}

/// One line per threshold band („Handlungsbedarf: Abstand > 20
/// Prozentpunkte“), as `explain` and the catalogue show them.
pub(crate) fn threshold_lines(ind: &Indicator, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for th in &ind.thresholds {
        for b in &th.bands {
            out.push(format!(
                "{}: {} {} {}",
                band_word(b.class, lang),
                subject_word(th.subject, lang),
                b.op.symbol(),
                bound(b.bound, th.subject, ind.unit, lang)
            ));
        }
    }
    out
}
