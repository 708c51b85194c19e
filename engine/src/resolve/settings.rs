//! `privacy { … }` and `assessment { … }` settings: known keys with
//! did-you-mean, typed values, later blocks (local) overriding earlier (core).

use super::collect::Collected;
use super::cx::Cx;
use crate::diag::{Diag, FileId};
use crate::model::{
    AssessmentSettings, DecidingRule, PrivacyMethod, PrivacySettings, ASSESSMENT_KEYS, PRIVACY_KEYS,
};
use kimon_grammar::ast::{Literal, Prop, Setting, SettingValue, SettingsDecl, Suffix};
use kimon_grammar::suggest::did_you_mean;

fn unknown_key(cx: &mut Cx, file: FileId, s: &Setting, keys: &[&str], block: &str) {
    let help = match did_you_mean(&s.key.name, keys.iter().copied()) {
        Some(h) => format!("did you mean `{h}`?"),
        None => format!("known settings: {}", keys.join(", ")),
    };
    cx.push(
        Diag::error("unknown-setting", format!("unknown {block} setting `{}`", s.key.name))
            .at(file, s.key.span, "not a known setting")
            .help(help),
    );
}

fn number(cx: &mut Cx, file: FileId, s: &Setting) -> Option<f64> {
    match &s.value {
        SettingValue::Quantity(q) if q.value >= 0.0 => Some(q.value),
        _ => {
            cx.push(
                Diag::error("invalid-value", format!("`{}` needs a non-negative number", s.key.name)).at(
                    file,
                    s.key.span,
                    "expected a number",
                ),
            );
            None
        }
    }
}

fn whole(cx: &mut Cx, file: FileId, s: &Setting) -> Option<u64> {
    let n = number(cx, file, s)?;
    if n.fract() != 0.0 {
        cx.push(Diag::error("invalid-value", format!("`{}` needs a whole number", s.key.name)).at(
            file,
            s.key.span,
            "not a whole number",
        ));
        return None;
    }
    Some(n as u64)
}

fn flag(cx: &mut Cx, file: FileId, s: &Setting) -> Option<bool> {
    let word = match &s.value {
        SettingValue::Literal(Literal::Name(i)) => i.name.as_str(),
        _ => "",
    };
    match word {
        "on" | "yes" | "true" => Some(true),
        "off" | "no" | "false" => Some(false),
        _ => {
            cx.push(Diag::error("invalid-value", format!("`{}` needs `on` or `off`", s.key.name)).at(
                file,
                s.key.span,
                "expected on/off",
            ));
            None
        }
    }
}

fn method(cx: &mut Cx, file: FileId, s: &Setting) -> Option<PrivacyMethod> {
    match &s.value {
        SettingValue::Literal(Literal::Name(i)) if i.name == "suppression" => {
            Some(PrivacyMethod::Suppression)
        }
        SettingValue::Literal(Literal::Name(i)) if i.name == "cell_key" => Some(PrivacyMethod::CellKey),
        _ => {
            cx.push(
                Diag::error("invalid-value", "`method` is `suppression` or `cell_key`")
                    .at(file, s.key.span, "unknown protection method")
                    .help("write `method cell_key` for the cell key method of the statistical offices"),
            );
            None
        }
    }
}

/// A string or a bare name (`record_id person_id`, `key_file "geheim.key"`).
fn text(cx: &mut Cx, file: FileId, s: &Setting) -> Option<String> {
    match &s.value {
        SettingValue::Literal(Literal::Name(i)) => Some(i.name.clone()),
        SettingValue::Literal(Literal::Str(t)) if !t.value.trim().is_empty() => Some(t.value.clone()),
        _ => {
            cx.push(Diag::error("invalid-value", format!("`{}` needs a name or a text", s.key.name)).at(
                file,
                s.key.span,
                "expected a name or \"…\"",
            ));
            None
        }
    }
}

/// Checks a finished rule set: the cell key method needs its key file and
/// record id, and parameters a perturbation table can be built for.
pub fn check_cell_key(p: &PrivacySettings, file: FileId, span: kimon_grammar::ast::Span, cx: &mut Cx) {
    if p.method != PrivacyMethod::CellKey {
        return;
    }
    let missing: Vec<&str> =
        [("key_file", p.cell_key.key_file.is_none()), ("record_id", p.cell_key.record_id.is_none())]
            .iter()
            .filter(|(_, m)| *m)
            .map(|(k, _)| *k)
            .collect();
    if !missing.is_empty() {
        cx.push(
            Diag::error("cell-key-incomplete", format!("the cell key method needs `{}`", missing.join("` and `")))
                .at(file, span, "`method cell_key` declared here")
                .help("name the office's secret key file (`key_file \"geheim/zellschluessel.key\"`, never the key itself) and the person id column (`record_id person_id`)"),
        );
        return;
    }
    if let Some(Err(e)) = p.cell_key.params().map(|c| c.validate()) {
        cx.push(
            Diag::error("cell-key-parameters", format!("no perturbation table for these parameters: {e}"))
                .at(file, span, "`method cell_key` declared here")
                .help("the census uses max_deviation 2, variance 1.08, forbidden_small 1"),
        );
    }
}

/// Applies privacy settings in order (core first, local last) onto `base`.
pub fn apply_privacy<'a>(
    base: &mut PrivacySettings,
    settings: impl IntoIterator<Item = (FileId, &'a Prop<Setting>)>,
    cx: &mut Cx,
) {
    for (file, p) in settings {
        let s = &p.kind;
        match s.key.name.as_str() {
            "min_count" => {
                if let Some(v) = whole(cx, file, s) {
                    base.min_count = v;
                }
            }
            "zero_publishable" => {
                if let Some(v) = flag(cx, file, s) {
                    base.zero_publishable = v;
                }
            }
            "min_denominator" => base.min_denominator = whole(cx, file, s).or(base.min_denominator),
            "round_to" => base.round_to = whole(cx, file, s).filter(|v| *v > 1).or(base.round_to),
            "min_contributors" => base.min_contributors = whole(cx, file, s).or(base.min_contributors),
            "protection" => {
                if let Some(v) = number(cx, file, s) {
                    let is_percent =
                        matches!(&s.value, SettingValue::Quantity(q) if q.suffix == Some(Suffix::Percent));
                    if is_percent {
                        base.protection_relative = v / 100.0;
                    } else {
                        base.protection_absolute = v;
                    }
                }
            }
            "protection_absolute" => {
                if let Some(v) = number(cx, file, s) {
                    base.protection_absolute = v;
                }
            }
            "complementary" => {
                if let Some(v) = flag(cx, file, s) {
                    base.complementary = v;
                }
            }
            "dominance_n" => {
                if let Some(v) = whole(cx, file, s) {
                    base.dominance_n = u32::try_from(v).ok().filter(|n| (1..=3).contains(n));
                    if base.dominance_n.is_none() {
                        cx.push(Diag::error("invalid-value", "`dominance_n` is 1, 2 or 3").at(
                            file,
                            s.key.span,
                            "out of range",
                        ));
                    }
                }
            }
            "dominance_k" | "p_percent" => {
                if let Some(v) = number(cx, file, s).filter(|v| *v > 0.0 && *v <= 100.0) {
                    if s.key.name == "p_percent" {
                        base.p_percent = Some(v);
                    } else {
                        base.dominance_k = Some(v);
                    }
                } else {
                    cx.push(
                        Diag::error(
                            "invalid-value",
                            format!("`{}` is a percentage above 0 and up to 100", s.key.name),
                        )
                        .at(file, s.key.span, "out of range")
                        .help("write e.g. `dominance_k 85%` or `p_percent 10%`"),
                    );
                }
            }
            "method" => {
                if let Some(m) = method(cx, file, s) {
                    base.method = m;
                }
            }
            "max_deviation" => {
                if let Some(v) = whole(cx, file, s) {
                    base.cell_key.max_deviation = u32::try_from(v).unwrap_or(u32::MAX);
                }
            }
            "variance" => {
                if let Some(v) = number(cx, file, s) {
                    base.cell_key.variance = v;
                }
            }
            "forbidden_small" => {
                if let Some(v) = whole(cx, file, s) {
                    base.cell_key.forbidden_small = u32::try_from(v).unwrap_or(u32::MAX);
                }
            }
            "key_file" => {
                if let Some(t) = text(cx, file, s) {
                    // Relative to the file that names it, like data files.
                    let dir = cx.sources.get(file).and_then(|f| f.path.parent().map(|p| p.to_path_buf()));
                    base.cell_key.key_file = Some(dir.unwrap_or_default().join(t));
                }
            }
            "record_id" => {
                if let Some(t) = text(cx, file, s) {
                    base.cell_key.record_id = Some(t);
                }
            }
            _ => unknown_key(cx, file, s, PRIVACY_KEYS, "privacy"),
        }
    }
}

pub fn privacy<'a>(blocks: impl Iterator<Item = (FileId, &'a SettingsDecl)>, cx: &mut Cx) -> PrivacySettings {
    let mut out = PrivacySettings::default();
    let mut site = None;
    for (file, block) in blocks {
        apply_privacy(&mut out, block.settings.iter().map(|p| (file, p)), cx);
        site = cell_key_site(&block.settings).map(|span| (file, span)).or(site);
    }
    if let Some((file, span)) = site {
        check_cell_key(&out, file, span, cx);
    }
    out
}

/// Where a block speaks about the cell key method (its `method` or any of
/// its parameters), to point a diagnostic at it.
pub fn cell_key_site(settings: &[Prop<Setting>]) -> Option<kimon_grammar::ast::Span> {
    const KEYS: &[&str] =
        &["method", "max_deviation", "variance", "forbidden_small", "key_file", "record_id"];
    let find = |k: &str| settings.iter().find(|p| p.kind.key.name == k).map(|p| p.kind.key.span);
    find("method").or_else(|| {
        settings.iter().find(|p| KEYS.contains(&p.kind.key.name.as_str())).map(|p| p.kind.key.span)
    })
}

pub fn assessment(c: &Collected, cx: &mut Cx) -> AssessmentSettings {
    let mut out = AssessmentSettings::default();
    for (file, block) in &c.assessment {
        for p in &block.settings {
            let s = &p.kind;
            let key = s.key.name.as_str();
            if !ASSESSMENT_KEYS.contains(&key) {
                unknown_key(cx, *file, s, ASSESSMENT_KEYS, "assessment");
                continue;
            }
            if key == "decide" {
                if let Some(rules) = decide(cx, *file, s) {
                    out.decide = rules;
                }
                continue;
            }
            let Some(v) = number(cx, *file, s) else { continue };
            match key {
                "on_track" => out.on_track = v,
                "nearly" => out.nearly = v,
                "periods" => out.periods = (v as usize).max(1),
                "trend_tolerance" => out.trend_tolerance = v,
                "ratio_tolerance" => out.ratio_tolerance = v,
                "stale_tolerance" => out.stale_tolerance = v,
                "trend_min_points" => out.trend_min_points = (v as usize).max(2),
                "target_min_points" => out.target_min_points = (v as usize).max(2),
                "target_min_years" => out.target_min_years = (v as i32).max(1),
                "volatility_factor" => out.volatility_factor = v,
                "confidence" if v > 0.0 && v < 100.0 => out.confidence = v,
                "confidence" => {
                    cx.push(
                        Diag::error("invalid-value", "`confidence` is a level in percent between 0 and 100")
                            .at(*file, s.key.span, "e.g. `confidence 95`"),
                    )
                }
                _ => out.small_base = v,
            }
        }
        if out.on_track > out.nearly {
            cx.push(
                Diag::error("invalid-value", "`on_track` must not exceed `nearly`")
                    .at(*file, block.span, "cut-offs out of order")
                    .help(
                        "the defaults are on_track 5 and nearly 20 (percent of today's distance still open)",
                    ),
            );
        }
    }
    out
}

/// `decide "target band trend"`: the rules that decide a finding's class,
/// in order; each at most once.
fn decide(cx: &mut Cx, file: FileId, s: &Setting) -> Option<Vec<DecidingRule>> {
    let SettingValue::Literal(Literal::Str(t)) = &s.value else {
        cx.push(
            Diag::error("invalid-value", "`decide` needs a string of rules, e.g. \"target band trend\"").at(
                file,
                s.key.span,
                "expected a string",
            ),
        );
        return None;
    };
    let mut rules = Vec::new();
    for word in t.value.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()) {
        match DecidingRule::parse(word) {
            Some(r) if !rules.contains(&r) => rules.push(r),
            Some(_) => {}
            None => {
                cx.push(
                    Diag::error("invalid-value", format!("unknown deciding rule `{word}`"))
                        .at(file, s.key.span, "in `decide`")
                        .help(format!("known rules: {}", DecidingRule::NAMES.join(", "))),
                );
                return None;
            }
        }
    }
    Some(rules)
}
