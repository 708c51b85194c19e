//! English titles for English output (`--lang en`): a rulebook may give
//! each declaration an English title (`indicator alq "Arbeitslosenquote"
//! en "Unemployment rate"`). Swapping them into the model once, before
//! findings and reports are built, keeps every renderer language-blind:
//! they all read `title`. A declaration without an English title keeps
//! its own (a name in any language is better than none), and
//! [`Model::untranslated`] lists those, so a test or a lint can see them.

use super::Model;

impl Model {
    /// Uses the English titles where the rulebook gives them.
    pub fn use_english_titles(&mut self) {
        fn swap(title: &mut String, en: &Option<String>) {
            if let Some(e) = en {
                title.clone_from(e);
            }
        }
        for s in self.sources.values_mut() {
            swap(&mut s.title, &s.title_en);
        }
        for d in self.dimensions.values_mut() {
            swap(&mut d.title, &d.title_en);
            for g in &mut d.groups {
                swap(&mut g.title, &g.title_en);
            }
        }
        for a in self.areas.values_mut() {
            swap(&mut a.title, &a.title_en);
        }
        for f in self.fields.values_mut() {
            swap(&mut f.title, &f.title_en);
        }
        for i in self.indicators.values_mut() {
            swap(&mut i.title, &i.title_en);
        }
        for c in self.checks.values_mut() {
            swap(&mut c.title, &c.title_en);
        }
        self.use_english_texts();
    }

    /// Purposes, definitions, notes, descriptions and series-break texts
    /// with an English version (`purpose "…" en "…"`).
    fn use_english_texts(&mut self) {
        let english = std::mem::take(&mut self.english);
        let tr = |t: &mut String| {
            if let Some(e) = english.get(t.as_str()) {
                t.clone_from(e);
            }
        };
        let tr_opt = |t: &mut Option<String>| {
            if let Some(t) = t {
                tr(t);
            }
        };
        for s in self.sources.values_mut() {
            tr_opt(&mut s.description);
            for b in &mut s.series_breaks {
                tr_opt(&mut b.reason);
            }
        }
        for d in self.dimensions.values_mut() {
            tr_opt(&mut d.description);
        }
        for a in self.areas.values_mut() {
            tr_opt(&mut a.description);
        }
        for f in self.fields.values_mut() {
            tr_opt(&mut f.description);
        }
        for i in self.indicators.values_mut() {
            tr_opt(&mut i.purpose);
            tr_opt(&mut i.definition);
            i.notes.iter_mut().for_each(tr);
        }
        for c in self.checks.values_mut() {
            tr_opt(&mut c.description);
        }
        self.english = english;
    }

    /// Declarations without an English title, as `kind id` (in rulebook
    /// order).
    pub fn untranslated(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut note = |kind: &str, id: &str, en: &Option<String>| {
            if en.is_none() {
                out.push(format!("{kind} {id}"));
            }
        };
        for (id, s) in &self.sources {
            note("source", id, &s.title_en);
        }
        for (id, d) in &self.dimensions {
            note("dimension", id, &d.title_en);
            for g in &d.groups {
                note("group", &format!("{id}.{}", g.id), &g.title_en);
            }
        }
        for (id, a) in &self.areas {
            note("area", id, &a.title_en);
        }
        for (id, f) in &self.fields {
            note("field", id, &f.title_en);
        }
        for (id, i) in &self.indicators {
            note("indicator", id, &i.title_en);
        }
        for (id, c) in &self.checks {
            note("check", id, &c.title_en);
        }
        out
    }
}
