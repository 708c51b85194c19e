//! Turns pest errors into plain-language [`ParseError`]s.

use super::Rule;
use crate::ast::Span;
use crate::error::ParseError;
use crate::suggest::did_you_mean;
use pest::error::{ErrorVariant, InputLocation};

pub fn internal(at: usize) -> ParseError {
    ParseError::new("internal parser error", Span::new(at, at), "here")
        .with_help("this is a bug in kimon; please report it with the rulebook")
}

pub fn from_pest(err: &pest::error::Error<Rule>, chunk: &str, offset: usize) -> ParseError {
    let pos = match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let token = offending_token(chunk, pos);
    let span = Span::new(pos, pos + token.len()).offset(offset);
    let expected: Vec<&'static str> = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<&'static str> = Vec::new();
            for rule in positives {
                let name = describe(*rule);
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let label =
        if token.is_empty() { "unexpected end of file".to_string() } else { format!("unexpected `{token}`") };
    let message = match expected.as_slice() {
        [] => "syntax error".to_string(),
        [one] => format!("expected {one}"),
        many => format!("expected one of {}", many.join(", ")),
    };
    let mut error = ParseError::new(message, span, label);
    let keywords = expected.iter().filter_map(|e| e.strip_prefix('`')?.strip_suffix('`'));
    if let Some(hint) = did_you_mean(token, keywords) {
        error = error.with_help(format!("did you mean `{hint}`?"));
    } else if token.is_empty() {
        error = error.with_help("the file ends too early; is a closing `}` or `\"` missing?");
    } else if expected.contains(&"`}`") {
        error = error.with_help("close the block with `}` or check the property name");
    }
    error
}

/// The word or symbol at `pos`, for the label. Stops at whitespace and is
/// limited to 24 characters so a long line does not flood the message.
fn offending_token(chunk: &str, pos: usize) -> &str {
    let Some(rest) = chunk.get(pos..) else { return "" };
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        if c.is_whitespace() || i >= 24 || (i > 0 && !(c.is_alphanumeric() || c == '_')) {
            break;
        }
        end = i + c.len_utf8();
        if !(c.is_alphanumeric() || c == '_') {
            break;
        }
    }
    &rest[..end]
}

/// A human name for what the parser expected at a position.
fn describe(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        EOI => "end of file",
        string | str_inner => "a text in quotes",
        ident | ident_list => "a name",
        number | quantity => "a number",
        integer | year_range => "a whole number",
        code | code_inner => "rhai code in backticks",
        expr | or_expr | and_expr | not_expr | cmp_expr | sum_expr | prod_expr | unary | paren | call => {
            "an expression"
        }
        cmp_op => "a comparison such as `<=`",
        aggregate | aggregate_fn => "`count(…)`, `sum(…)` or `rate(…)`",
        subject | subject_kind => "`value`, `gap` or `ratio`",
        band => "a band such as `strength <= 1`",
        setting => "a setting such as `min_count 3`",
        rulebook_decl => "`rulebook`",
        import_decl => "`import`",
        source_decl => "`source`",
        dimension_decl => "`dimension`",
        area_decl => "`area`",
        field_decl => "`field`",
        indicator_decl => "`indicator`",
        override_decl => "`override`",
        check_decl => "`check`",
        privacy_decl | ind_privacy => "`privacy`",
        assessment_decl => "`assessment`",
        let_decl => "`let`",
        rhai_expr => "`rhai`",
        rb_municipality => "`municipality`",
        rb_kind | src_kind => "`kind`",
        rb_state => "`state`",
        rb_version => "`version`",
        rb_language => "`language`",
        rb_years => "`years`",
        rb_extends => "`extends`",
        pin | pin_sha256 => "`sha256`",
        pin_version => "`version`",
        rb_publisher => "`publisher`",
        rb_contact => "`contact`",
        rb_as_of => "`as_of`",
        rb_terminology => "`terminology`",
        rb_description | src_description | dim_description | area_description | fld_description
        | chk_description => "`description`",
        src_file => "`file`",
        src_mh => "`migration_background`",
        src_year => "`year_column`",
        src_weight => "`weight`",
        src_column | area_column => "`column`",
        src_break => "`series_break`",
        src_measure => "`measure column`",
        src_years_wide => "`years in columns`",
        measure_kind => "a kind of value such as `count \"Anzahl\"`",
        src_setting | src_setting_key => {
            "a file setting such as `encoding`, `decimal`, `thousands`, `total_rows`, `missing`, `year` or `sheet`"
        }
        dim_group => "`group`",
        group_when => "`when`",
        group_otherwise => "`otherwise`",
        group_sum => "`=`",
        group_columns => "`column`",
        dim_reference => "`reference`",
        area_unit => "`unit`",
        area_total => "`total`",
        area_total_from => "`total from`",
        area_parents => "`parents`",
        area_geometry => "`geometry`",
        fld_steerable => "`steerable`",
        ind_field => "`field`",
        ind_core => "`core`",
        ind_purpose => "`purpose`",
        ind_audience => "`audience`",
        ind_unit => "`unit`",
        ind_polarity => "`polarity`",
        ind_numerator => "`numerator`",
        ind_denominator => "`denominator`",
        ind_by | chk_by => "`by`",
        ind_compare => "`compare`",
        ind_target => "`target`",
        ind_thresholds => "`thresholds`",
        ind_note => "`note`",
        ind_definition => "`definition`",
        ind_adopted => "`adopted from`",
        chk_expect => "`expect`",
        chk_tolerance => "`tolerance`",
        chk_severity => "`severity`",
        range => "a range such as `15..64`",
        list => "a list such as `[\"TR\", \"SY\"]`",
        or_op => "`or`",
        and_op => "`and`",
        not_op => "`not`",
        in_op => "`in`",
        add_op | neg_op => "`+` or `-`",
        mul_op => "`*` or `/`",
        suffix => "`%` or `pp`",
        _ => "more input",
    }
}
