//! The evaluation plan: for every source, the columns, `let`s, group
//! classifiers, measures (distinct `count`/`sum` filters) and tables
//! (measure × dimensions × area) that one streaming pass must fill. Shared
//! measures and tables are planned once, however many indicators use them.

use super::expr::{compile, Lit, Names, Node, Slot};
use super::scan::referenced_names;
use crate::diag::Diag;
use crate::model::*;
use crate::sandbox::{Sandbox, Script};
use kimon_grammar::ast::{AggregateFn, Expr};
use std::path::PathBuf;

pub enum LetPlan {
    Native(Node),
    Rhai { script: Script, inputs: Vec<Slot>, origin: Origin, name: String },
}

pub struct DimPlan {
    pub id: String,
    /// (base-group index, condition) in declaration order: first match wins.
    pub when: Vec<(usize, Node)>,
    pub otherwise: Option<usize>,
    /// Number of base groups; slot `n_base` collects rows in no group.
    pub n_base: usize,
    pub base_ids: Vec<String>,
    /// Groups over columns: the slot is fixed by each virtual row.
    pub wide: bool,
}

pub struct AreaPlan {
    pub id: String,
    /// The column holding the area code; `usize::MAX` when a `let` does.
    pub field: usize,
    /// The `let` computing the area code (a derived level such as
    /// `let bezirk = prefix(plr, 2)`), if the area's column is one.
    pub let_slot: Option<usize>,
    /// Declared unit codes (empty: every code found is a unit).
    pub units: Vec<String>,
    /// `parents "key.csv"`: the code read is replaced by its parent; a code
    /// the key does not list is an error. With the key's display name.
    pub parents: Option<(std::sync::Arc<crate::data::keyfile::ParentKey>, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeasureValue {
    /// Count rows.
    One,
    /// Add up a column (or a survey weight).
    Field(usize),
}

pub struct MeasurePlan {
    pub function: AggregateFn,
    pub column: Option<String>,
    pub filter_expr: Option<Expr>,
    pub filter: Option<Node>,
    pub value: MeasureValue,
    /// The value is a virtual column of a wide table (a group's or a
    /// year's column), read only in the virtual rows that fill it.
    pub wide: bool,
    /// The aggregate in the rulebook, for diagnostics about the measure.
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TablePlan {
    pub measure: usize,
    /// Indexes into the source plan's `dims`, in the indicator's order.
    pub dims: Vec<usize>,
    pub area: Option<usize>,
    /// Cells per (year, area) block: product of (groups + 1) over dims.
    pub block: usize,
    pub strides: Vec<usize>,
}

pub struct SourcePlan {
    pub id: String,
    pub kind: SourceKind,
    pub path: PathBuf,
    pub display: String,
    /// The file's header, followed by the virtual columns of a wide table.
    pub header: Vec<String>,
    /// Number of columns in the file (the rest of `header` is virtual).
    pub physical_len: usize,
    /// How a wide table's rows are split into virtual rows.
    pub wide: Option<super::wide::WidePlan>,
    /// The virtual rows each physical row of a wide table becomes.
    pub virts: Vec<super::wide::Virt>,
    pub year_field: usize,
    /// The source's constant `year`, for files without a year column.
    pub year_const: Option<i32>,
    /// How values, years and total rows are written.
    pub format: DataFormat,
    /// The file as prepared for streaming (encoding, stamp, UTF-8 copy).
    pub prepared: Option<crate::data::prepare::Prepared>,
    pub lets: Vec<LetPlan>,
    pub let_names: Vec<String>,
    pub dims: Vec<DimPlan>,
    pub areas: Vec<AreaPlan>,
    pub measures: Vec<MeasurePlan>,
    pub tables: Vec<TablePlan>,
    /// Which field each dimension and area reads, for row diagnostics.
    pub first_field_of_dim: Vec<Option<usize>>,
    /// Record keys for the cell key method: the record-id field and the
    /// office's secret. `None` when no indicator of the source uses it.
    pub record_key: Option<RecordKeyPlan>,
    /// Earlier publications of this source (`ledger/`): when set, the pass
    /// splits atoms by ledger class and records every row's atom.
    pub ledger: Option<std::sync::Arc<crate::ledger::SourceView>>,
    /// Text literals of the filters and group conditions, looked for in
    /// the data (see `notices.rs`).
    pub probes: Vec<super::notices::LiteralProbe>,
    /// Whether the source is confidential (its notices stay out of outputs).
    pub confidential: bool,
    /// Rows holding an area's published total (`total from "K030"`).
    pub total_codes: Vec<super::totals::TotalCode>,
}

/// Where a row's record key comes from (see `privacy/cellkey/record_key.rs`).
#[derive(Clone)]
pub struct RecordKeyPlan {
    pub field: usize,
    pub secret: std::sync::Arc<crate::privacy::cellkey::RecordKeySecret>,
}

/// The names a source's filters may use: its (mapped) columns and lets.
pub struct SourceNames<'a> {
    pub source: &'a Source,
    pub header: &'a [String],
    pub lets: &'a [String],
    pub display: &'a str,
}

impl Names for SourceNames<'_> {
    fn slot(&self, name: &str) -> Option<Slot> {
        if let Some(i) = self.lets.iter().position(|l| l == name) {
            return Some(Slot::Let(i));
        }
        let header = self.source.header_for(name);
        self.header.iter().position(|h| h == header).map(Slot::Field)
    }

    fn candidates(&self) -> Vec<String> {
        let mut c: Vec<String> = self.header.to_vec();
        c.extend(self.source.columns.keys().cloned());
        c.extend(self.lets.iter().cloned());
        c
    }

    fn what(&self) -> String {
        format!("column of `{}` or `let` definition", self.display)
    }
}

impl SourcePlan {
    pub fn new(source: &Source, path: PathBuf, display: String, header: Vec<String>) -> Self {
        SourcePlan {
            id: source.id.clone(),
            kind: source.kind,
            path,
            display,
            physical_len: header.len(),
            header,
            wide: None,
            virts: Vec::new(),
            year_field: 0,
            year_const: source.format.year,
            format: source.format.clone(),
            prepared: None,
            lets: Vec::new(),
            let_names: Vec::new(),
            dims: Vec::new(),
            areas: Vec::new(),
            measures: Vec::new(),
            tables: Vec::new(),
            first_field_of_dim: Vec::new(),
            record_key: None,
            ledger: None,
            probes: Vec::new(),
            confidential: source.confidential,
            total_codes: Vec::new(),
        }
    }

    /// Finds a column by logical name, or reports it missing in the file.
    pub fn field(
        &self,
        source: &Source,
        logical: &str,
        origin: Origin,
        errors: &mut Vec<Diag>,
    ) -> Option<usize> {
        let header = source.header_for(logical);
        let found = self.header.iter().position(|h| h == header);
        if found.is_none() {
            let hint = kimon_grammar::suggest::did_you_mean(header, self.header.iter().map(String::as_str));
            errors.push(
                Diag::error("missing-column", format!("column `{header}` is not in `{}`", self.display))
                    .at(origin.file, origin.span, format!("needs column `{header}`"))
                    .help(match hint {
                        Some(h) => format!(
                            "did you mean `{h}`? map it with `column {logical} = \"{h}\"` in the source"
                        ),
                        None => format!("the file has: {}", self.header.join(", ")),
                    }),
            );
        }
        found
    }

    /// Plans the `let`s this source needs (transitively), in dependency order.
    pub fn plan_lets(
        &mut self,
        model: &Model,
        source: &Source,
        used: &[String],
        sandbox: &Sandbox,
        errors: &mut Vec<Diag>,
    ) {
        let mut order: Vec<String> = Vec::new();
        let mut visiting: Vec<String> = Vec::new();
        for name in used {
            visit_let(name, model, &mut order, &mut visiting, errors);
        }
        self.let_names = order.clone();
        for name in &order {
            let Some(def) = model.lets.get(name) else { continue };
            let names =
                SourceNames { source, header: &self.header, lets: &self.let_names, display: &self.display };
            let plan = match &def.body {
                LetBody::Native(e) => LetPlan::Native(compile(e, &names, def.origin.file, errors)),
                LetBody::Rhai { code, code_span } => {
                    let inputs: Vec<String> =
                        referenced_rhai_names(code).into_iter().filter(|n| names.slot(n).is_some()).collect();
                    let vars: Vec<&str> = inputs.iter().map(String::as_str).collect();
                    match sandbox.compile(code, &vars) {
                        Ok(script) => LetPlan::Rhai {
                            inputs: inputs.iter().filter_map(|n| names.slot(n)).collect(),
                            script,
                            origin: Origin { file: def.origin.file, span: *code_span },
                            name: name.clone(),
                        },
                        Err(e) => {
                            errors.push(super::script_diag::compile_error(
                                &e,
                                def.origin.file,
                                *code_span,
                                name,
                            ));
                            continue;
                        }
                    }
                }
            };
            self.lets.push(plan);
        }
    }

    pub fn dim_index(
        &mut self,
        model: &Model,
        source: &Source,
        dim_id: &str,
        errors: &mut Vec<Diag>,
    ) -> usize {
        if let Some(i) = self.dims.iter().position(|d| d.id == dim_id) {
            return i;
        }
        let mut plan = DimPlan {
            id: dim_id.to_string(),
            when: Vec::new(),
            otherwise: None,
            n_base: 0,
            base_ids: Vec::new(),
            wide: matches!(&self.wide, Some(super::wide::WidePlan::Groups { dim, .. }) if dim == dim_id),
        };
        let mut first_field = None;
        if let Some(dim) = model.dimensions.get(dim_id) {
            for (i, g) in dim.base_groups().enumerate() {
                plan.base_ids.push(g.id.clone());
                match &g.rule {
                    GroupRuleDef::When(e) => {
                        let names = SourceNames {
                            source,
                            header: &self.header,
                            lets: &self.let_names,
                            display: &self.display,
                        };
                        let node = compile(e, &names, g.origin.file, errors);
                        super::notices::probes_of(e, &names, g.origin.file, &mut self.probes);
                        if first_field.is_none() {
                            first_field = first_slot(&node);
                        }
                        plan.when.push((i, node));
                    }
                    GroupRuleDef::Otherwise => plan.otherwise = Some(i),
                    GroupRuleDef::Sum(_) | GroupRuleDef::Columns(_) => {}
                }
            }
            plan.n_base = plan.base_ids.len();
        }
        self.dims.push(plan);
        self.first_field_of_dim.push(first_field);
        self.dims.len() - 1
    }

    /// The file columns a `let` reads, directly or through other lets.
    pub fn let_fields(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut todo = vec![i];
        let mut seen = Vec::new();
        while let Some(l) = todo.pop() {
            if seen.contains(&l) {
                continue;
            }
            seen.push(l);
            let mut slots = Vec::new();
            match self.lets.get(l) {
                Some(LetPlan::Native(node)) => node.slots(&mut slots),
                Some(LetPlan::Rhai { inputs, .. }) => slots.extend(inputs.iter().copied()),
                None => {}
            }
            for s in slots {
                match s {
                    Slot::Field(f) => out.push(f),
                    Slot::Let(k) => todo.push(k),
                }
            }
        }
        out
    }

    pub fn area_index(&mut self, source: &Source, area: &Area, errors: &mut Vec<Diag>) -> Option<usize> {
        if let Some(i) = self.areas.iter().position(|a| a.id == area.id) {
            return Some(i);
        }
        let (field, let_slot) = match self.let_names.iter().position(|l| *l == area.column) {
            Some(i) => (usize::MAX, Some(i)),
            None => (self.field(source, &area.column, area.origin, errors)?, None),
        };
        let units = area.units.iter().map(|(c, _)| c.clone()).collect();
        self.areas.push(AreaPlan { id: area.id.clone(), field, let_slot, units, parents: None });
        Some(self.areas.len() - 1)
    }

    pub fn measure_index(
        &mut self,
        source: &Source,
        agg: &AggregateDef,
        errors: &mut Vec<Diag>,
    ) -> Option<usize> {
        if let Some(i) = self
            .measures
            .iter()
            .position(|m| m.function == agg.function && m.column == agg.column && m.filter_expr == agg.filter)
        {
            return Some(i);
        }
        let value = match (&agg.column, &source.weight) {
            (Some(c), _) => self.field(source, c, agg.origin, errors).map(MeasureValue::Field),
            (None, Some(w)) if source.kind == SourceKind::Survey => {
                self.field(source, w, source.origin, errors).map(MeasureValue::Field)
            }
            (None, _) => Some(MeasureValue::One),
        };
        // Compile the filter even if the column is missing, to report all problems.
        let filter = agg.filter.as_ref().map(|f| {
            let names =
                SourceNames { source, header: &self.header, lets: &self.let_names, display: &self.display };
            super::notices::probes_of(f, &names, agg.origin.file, &mut self.probes);
            compile(f, &names, agg.origin.file, errors)
        });
        let filter = match &source.format.measure {
            Some(m) => self.count_rows_only(source, m, agg, filter, errors),
            None => filter,
        };
        let value = value?;
        let wide = matches!(value, MeasureValue::Field(f) if f >= self.physical_len);
        if let (Some(super::wide::WidePlan::Years { .. }), MeasureValue::Field(f)) = (&self.wide, value) {
            if !wide {
                let name = self.header.get(f).cloned().unwrap_or_default();
                let values = source.format.years_in_columns.clone().unwrap_or_default();
                errors.push(
                    Diag::error("wide-not-a-year-column", format!("`{name}` is not a year column of `{}`", self.display))
                        .at(agg.origin.file, agg.origin.span, "sums a column without a year")
                        .help(format!("in a table with years in columns the values are read as `{values}`: write `sum({}.{values})`", source.id)),
                );
                return None;
            }
        }
        self.measures.push(MeasurePlan {
            function: agg.function,
            column: agg.column.clone(),
            filter_expr: agg.filter.clone(),
            filter,
            value,
            wide,
            origin: agg.origin,
        });
        Some(self.measures.len() - 1)
    }

    /// With a measure column, `sum(…)` and `count(…)` read only the count
    /// rows: adding a published percentage to counts, or averaging shares,
    /// would give a wrong number silently. A filter that picks rows by the
    /// measure column itself is refused with that explanation.
    fn count_rows_only(
        &self,
        source: &Source,
        m: &MeasureColumn,
        agg: &AggregateDef,
        filter: Option<Node>,
        errors: &mut Vec<Diag>,
    ) -> Option<Node> {
        let header = source.header_for(&m.column);
        if let Some(f) = &agg.filter {
            let names = referenced_names(f);
            if names.iter().any(|n| *n == m.column || source.header_for(n) == header) {
                errors.push(
                    Diag::error(
                        "measure-column-filter",
                        format!("`{}` is the measure column of source `{}`", m.column, source.id),
                    )
                    .at(agg.origin.file, agg.origin.span, "filters on the measure column")
                    .help(format!(
                        "kimon sums only its count rows ({}); published rates ({}) are never added or averaged — a share is computed from counts as numerator over denominator",
                        m.count.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "),
                        if m.rates.is_empty() { "none declared".to_string() } else { m.rates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ") }
                    )),
                );
                return filter;
            }
        }
        let field = self.field(source, &m.column, source.origin, errors)?;
        // `rate(…)` reads the rate rows, everything else the count rows.
        let rows = if agg.function == AggregateFn::Rate { &m.rates } else { &m.count };
        if rows.is_empty() {
            errors.push(
                Diag::error(
                    "measure-column-no-rates",
                    format!("measure column `{}` names no rate rows", m.column),
                )
                .at(agg.origin.file, agg.origin.span, "reads published rates")
                .help("add the label of the rows holding the rates, e.g. `percent \"Prozent\"`"),
            );
            return filter;
        }
        let labels = rows.iter().map(|l| Lit::Str(l.clone())).collect();
        let is_count = Node::InList(Box::new(Node::Slot(Slot::Field(field))), labels);
        Some(match filter {
            Some(f) => Node::And(Box::new(is_count), Box::new(f)),
            None => is_count,
        })
    }

    /// A table split by a wide dimension can only sum that dimension's
    /// value columns: an ordinary column (or a row count) has no value per
    /// group and would be counted once per group.
    pub fn check_wide_table(
        &self,
        measure: usize,
        dims: &[usize],
        agg: &AggregateDef,
        errors: &mut Vec<Diag>,
    ) -> bool {
        let Some(super::wide::WidePlan::Groups { dim, .. }) = &self.wide else { return true };
        let split = dims.iter().any(|d| self.dims.get(*d).is_some_and(|p| p.wide));
        if !split || self.measures.get(measure).is_none_or(|m| m.wide) {
            return true;
        }
        let what =
            agg.column.as_deref().map_or_else(|| "the row count".to_string(), |c| format!("column `{c}`"));
        errors.push(
            Diag::error("wide-plain-by-group", format!("{what} of `{}` has no value per group of `{dim}`", self.display))
                .at(agg.origin.file, agg.origin.span, format!("split by `{dim}`, whose groups are columns"))
                .help(format!("sum a value the groups of `{dim}` name columns for, or leave `{dim}` out of `by` for this indicator")),
        );
        false
    }

    pub fn table_index(&mut self, measure: usize, dims: Vec<usize>, area: Option<usize>) -> usize {
        let sizes: Vec<usize> = dims.iter().map(|d| self.dims.get(*d).map_or(1, |p| p.n_base + 1)).collect();
        let mut strides = vec![1; sizes.len()];
        for i in (0..sizes.len().saturating_sub(1)).rev() {
            strides[i] = strides[i + 1] * sizes[i + 1];
        }
        let block = sizes.iter().product::<usize>().max(1);
        let plan = TablePlan { measure, dims, area, block, strides };
        if let Some(i) = self.tables.iter().position(|t| *t == plan) {
            return i;
        }
        self.tables.push(plan);
        self.tables.len() - 1
    }
}

fn first_slot(n: &Node) -> Option<usize> {
    match n {
        Node::Slot(Slot::Field(i)) => Some(*i),
        Node::Not(a) | Node::Neg(a) | Node::InRange(a, ..) | Node::InList(a, _) => first_slot(a),
        Node::And(a, b) | Node::Or(a, b) | Node::Bin(_, a, b) => first_slot(a).or_else(|| first_slot(b)),
        Node::Call(_, args) => args.iter().find_map(first_slot),
        _ => None,
    }
}

fn visit_let(
    name: &str,
    model: &Model,
    order: &mut Vec<String>,
    visiting: &mut Vec<String>,
    errors: &mut Vec<Diag>,
) {
    let Some(def) = model.lets.get(name) else { return };
    if order.iter().any(|o| o == name) {
        return;
    }
    if visiting.iter().any(|v| v == name) {
        errors.push(
            Diag::error(
                "let-cycle",
                format!("`let {name}` depends on itself ({} → {name})", visiting.join(" → ")),
            )
            .at(def.origin.file, def.origin.span, "cyclic definition"),
        );
        return;
    }
    visiting.push(name.to_string());
    let refs = match &def.body {
        LetBody::Native(e) => referenced_names(e),
        LetBody::Rhai { code, .. } => referenced_rhai_names(code),
    };
    for r in refs.iter().filter(|r| model.lets.contains_key(*r)) {
        visit_let(r, model, order, visiting, errors);
    }
    visiting.pop();
    order.push(name.to_string());
}

/// Identifiers in a rhai script, so the script is compiled with exactly the
/// columns it reads and each row passes only those values.
pub fn referenced_rhai_names(code: &str) -> Vec<String> {
    const KEYWORDS: &[&str] = &[
        "if", "else", "let", "const", "true", "false", "switch", "while", "loop", "for", "in", "do", "until",
        "break", "continue", "return", "throw", "try", "catch", "fn", "private", "this", "is", "global",
        "import", "export", "as",
    ];
    let mut out: Vec<String> = Vec::new();
    let mut chars = code.char_indices().peekable();
    let bytes = code.as_bytes();
    while let Some((i, c)) = chars.next() {
        if c == '"' || c == '\'' || c == '`' {
            for (_, d) in chars.by_ref() {
                if d == c {
                    break;
                }
            }
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '_' {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &code[i..end];
            let is_call = bytes.get(end) == Some(&b'(');
            let is_member = i > 0 && bytes.get(i - 1) == Some(&b'.');
            if !is_call && !is_member && !KEYWORDS.contains(&word) && !out.iter().any(|o| o == word) {
                out.push(word.to_string());
            }
        } else if c.is_ascii_digit() {
            while let Some(&(_, d)) = chars.peek() {
                if d.is_alphanumeric() || d == '.' || d == '_' {
                    chars.next();
                } else {
                    break;
                }
            }
        }
    }
    out
}
