//! Tests of the sandbox: hostile scripts must fail cleanly and fast, good
//! scripts must compute the right values with accurate error positions.

use std::time::{Duration, Instant};

use super::*;

const AGE_BAND: &str = r#"if age < 18 { "0-17" } else if age < 65 { "18-64" } else { "65+" }"#;

/// Every hostile script must be refused within this time, on a debug build.
const QUICK: Duration = Duration::from_secs(2);

fn quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = f();
    let elapsed = start.elapsed();
    assert!(elapsed < QUICK, "{what} took {elapsed:?}");
    result
}

fn expr(source: &str, variables: &[&str], row: &[ScriptValue]) -> Result<ScriptValue, ScriptError> {
    let sandbox = Sandbox::default();
    quick(source, || {
        let script = sandbox.compile(source, variables)?;
        sandbox.eval(&script, row)
    })
}

fn program(source: &str) -> Result<ScriptValue, ScriptError> {
    program_with(&Sandbox::default(), source)
}

fn program_with(sandbox: &Sandbox, source: &str) -> Result<ScriptValue, ScriptError> {
    quick(source, || {
        let script = sandbox.compile_program(source, &[])?;
        sandbox.eval(&script, &[])
    })
}

#[track_caller]
fn assert_limit(result: Result<ScriptValue, ScriptError>, expected: &str) -> ScriptError {
    match result {
        Err(err @ ScriptError::LimitExceeded { .. }) => {
            if let ScriptError::LimitExceeded { which, .. } = &err {
                assert_eq!(which, expected, "{err:?}");
            }
            err
        }
        other => panic!("expected limit {expected:?}, got {other:?}"),
    }
}

#[track_caller]
fn assert_compile_error(result: Result<ScriptValue, ScriptError>) -> (String, Option<usize>) {
    match result {
        Err(ScriptError::Compile { message, offset }) => (message, offset),
        other => panic!("expected compile error, got {other:?}"),
    }
}

#[track_caller]
fn assert_runtime_error(result: Result<ScriptValue, ScriptError>) -> (String, Option<usize>) {
    match result {
        Err(ScriptError::Runtime { message, offset }) => (message, offset),
        other => panic!("expected runtime error, got {other:?}"),
    }
}

fn int(i: i64) -> ScriptValue {
    ScriptValue::Int(i)
}

fn text(s: &str) -> ScriptValue {
    ScriptValue::Str(s.to_string())
}

// ---------------------------------------------------------------- hostile

#[test]
fn endless_loops_are_no_expressions_and_stop_as_programs() {
    for source in ["loop {}", "while true {}", "for x in 0.. { }"] {
        let (message, offset) = assert_compile_error(expr(source, &[], &[]));
        assert!(message.contains("unexpected"), "{message}");
        assert_eq!(offset, Some(0));
    }
    for source in [
        "loop {}",
        "while true {}",
        "let n = 0; for x in 0..9223372036854775807 { n += x; } n",
        "let i = 0; loop { i += 1; }",
        "do { } until false",
    ] {
        let err = assert_limit(program(source), LIMIT_OPERATIONS);
        assert!(err.to_string().contains("100000 steps"), "{err}");
    }
}

#[test]
fn try_catch_cannot_swallow_a_limit() {
    assert_limit(program("try { loop {} } catch (e) { 1 }"), LIMIT_OPERATIONS);
    assert_limit(program("fn f(x) { f(x + 1) } try { f(0) } catch (e) { 1 }"), LIMIT_CALL_DEPTH);
}

#[test]
fn wall_clock_deadline_stops_a_script_the_operation_limit_allows() {
    let sandbox = Sandbox::new(SandboxLimits {
        max_operations: u64::MAX,
        deadline: Duration::from_millis(100),
        ..SandboxLimits::default()
    });
    let start = Instant::now();
    let err = assert_limit(program_with(&sandbox, "loop {}"), LIMIT_TIME);
    let elapsed = start.elapsed();
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    assert!(err.to_string().contains("100 ms"), "{err}");
    // The clock restarts for every evaluation: a quick script right after
    // a timed-out one on the same thread is not affected.
    assert_eq!(program_with(&sandbox, "let x = 0; for i in 0..2000 { x += i; } x"), Ok(int(1_999_000)));
}

#[test]
fn endless_recursion_hits_the_call_depth() {
    let err = assert_limit(program("fn f(x) { f(x + 1) } f(0)"), LIMIT_CALL_DEPTH);
    // rhai reports the outermost call that started the recursion.
    assert_eq!(err.offset(), Some(21));
    assert_limit(expr("(|f| f.call(f)).call(|f| f.call(f))", &[], &[]), LIMIT_CALL_DEPTH);
    assert_limit(program("fn a(x) { b(x) } fn b(x) { a(x) } a(1)"), LIMIT_CALL_DEPTH);
}

#[test]
fn recursion_with_deep_bodies_does_not_overflow_the_stack() {
    // Worst case for the native stack: every call level also nests its
    // body as deep as the function expression depth allows. Runs on a
    // default 2 MiB test thread, in debug mode too.
    let body = |n: usize| {
        format!(
            "fn f(x) {{ if x > 0 {{ {}f(x - 1){} }} else {{ 0 }} }} f(1000)",
            "(".repeat(n),
            ")".repeat(n)
        )
    };
    let sandbox = Sandbox::default();
    let deepest = (1..40)
        .rev()
        .find(|n| sandbox.compile_program(&body(*n), &[]).is_ok())
        .expect("some nesting compiles");
    assert!(deepest >= 8, "{deepest}");
    assert_limit(program(&body(deepest)), LIMIT_CALL_DEPTH);
    // Recursion through closures called by native functions.
    assert_limit(program("fn f(n) { [n].map(|x| f(x + 1)) } f(0)"), LIMIT_CALL_DEPTH);
    assert_limit(
        expr("[1].map(|x| [1].map(|y| (|f| f.call(f)).call(|f| f.call(f))))", &[], &[]),
        LIMIT_CALL_DEPTH,
    );
}

#[test]
fn legitimate_recursion_within_the_limit_works() {
    assert_eq!(
        program("fn fact(n) { if n <= 1 { 1 } else { n * fact(n - 1) } } fact(10)"),
        Ok(int(3_628_800))
    );
}

#[test]
fn huge_strings_stop_at_the_string_size() {
    assert_limit(program(r#"let s = "x"; loop { s += s; }"#), LIMIT_STRING_SIZE);
    assert_limit(expr(r#""x".pad(20000, "y")"#, &[], &[]), LIMIT_STRING_SIZE);
    assert_limit(expr("name + name", &["name"], &[text(&"x".repeat(6_000))]), LIMIT_STRING_SIZE);
    // A literal longer than the limit is refused by the parser already.
    let literal = format!("\"{}\"", "x".repeat(10_001));
    assert_limit(expr(&literal, &[], &[]), LIMIT_STRING_SIZE);
}

#[test]
fn huge_arrays_and_maps_stop_at_their_size() {
    assert_limit(program("let a = []; loop { a.push(1); }"), LIMIT_ARRAY_SIZE);
    assert_limit(program("let a = [1]; loop { a += a; }"), LIMIT_ARRAY_SIZE);
    assert_limit(expr("[].pad(5000, 0)", &[], &[]), LIMIT_ARRAY_SIZE);
    // Strings inside arrays count towards the string limit as a total.
    assert_limit(
        program(r#"let s = "x"; s.pad(500, "y"); let a = []; for i in 0..100 { a.push(s); } a.len()"#),
        LIMIT_STRING_SIZE,
    );
    assert_limit(program("let m = #{}; for i in 0..5000 { m[`k${i}`] = i; } m.len()"), LIMIT_MAP_SIZE);
    let literal = format!("[{}]", vec!["1"; 1_001].join(","));
    assert_limit(expr(&literal, &[], &[]), LIMIT_ARRAY_SIZE);
}

#[test]
fn too_many_variables_and_functions_are_refused() {
    let lets: String = (0..300).map(|i| format!("let v{i} = {i};\n")).collect();
    assert_limit(program(&format!("{lets} 1")), LIMIT_VARIABLES);
    let fns: String = (0..65).map(|i| format!("fn f{i}() {{ {i} }}\n")).collect();
    assert_limit(program(&format!("{fns} 1")), LIMIT_FUNCTIONS);
}

#[test]
fn import_is_not_available() {
    let (message, offset) = assert_compile_error(expr(r#"import "x" as y; 1"#, &[], &[]));
    assert!(message.contains("import"), "{message}");
    assert_eq!(offset, Some(0));
    let (message, _) = assert_compile_error(program(r#"import "/etc/passwd" as y; y::x"#));
    assert!(message.contains("not available"), "{message}");
}

#[test]
fn eval_is_not_available() {
    for result in [expr(r#"eval("1")"#, &[], &[]), program(r#"let x = eval("1"); x"#)] {
        let (message, _) = assert_compile_error(result);
        assert_eq!(message, "`eval` is not available in rulebook scripts");
    }
    assert_eq!(assert_compile_error(program(r#"let x = 1; eval("x")"#)).1, Some(11));
}

#[test]
fn files_sleep_time_and_exit_do_not_exist() {
    for source in [
        r#"open_file("/etc/passwd")"#,
        r#"read_string("/etc/passwd")"#,
        "sleep(10)",
        "sleep(10.0)",
        "timestamp()",
        "exit()",
        r#"Fn("sleep").call(10)"#,
        r#"parse_json("{}")"#,
    ] {
        let (message, _) = assert_runtime_error(expr(source, &[], &[]));
        assert!(message.contains("no function"), "{source}: {message}");
    }
}

/// Marker printed by [`print_child`]; must never reach the process output.
const PRINT_MARKER: &str = "kimon-sandbox-print-marker";
/// Printed by a plain rhai engine in [`print_child`] to prove the parent
/// really captures the child's output.
const CONTROL_MARKER: &str = "kimon-sandbox-control-marker";

/// Runs `print`/`debug` inside the sandbox; [`print_and_debug_reach_no_output`]
/// runs this in a child process and inspects its stdout/stderr.
#[test]
fn print_child() {
    let result = expr(&format!(r#"print("{PRINT_MARKER}") + debug("{PRINT_MARKER}")"#), &[], &[]);
    // `print` returns `()`; `() + ()` is no operator.
    assert!(result.is_err() || result == Ok(ScriptValue::Missing), "{result:?}");
    assert_eq!(expr(&format!(r#"print("{PRINT_MARKER}")"#), &[], &[]), Ok(ScriptValue::Missing));
    assert_eq!(expr(&format!(r#"debug("{PRINT_MARKER}")"#), &[], &[]), Ok(ScriptValue::Missing));
    // Control: an unsandboxed engine does print.
    let _ = rhai::Engine::new().run(&format!(r#"print("{CONTROL_MARKER}")"#));
}

#[test]
fn print_and_debug_reach_no_output() {
    // libtest names tests by module path without the crate name.
    let module = module_path!();
    let path = module.split_once("::").map_or(module, |(_, rest)| rest);
    let exe = std::env::current_exe().expect("test binary path");
    let output = std::process::Command::new(exe)
        .args([&format!("{path}::print_child"), "--exact", "--nocapture"])
        .output()
        .expect("run child test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "child did not run: {stdout}");
    assert!(stdout.contains(CONTROL_MARKER), "output not captured: {stdout}");
    assert!(!stdout.contains(PRINT_MARKER), "{stdout}");
    assert!(!stderr.contains(PRINT_MARKER), "{stderr}");
}

#[test]
fn deeply_nested_parentheses_are_refused_quickly() {
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let err = assert_limit(expr(&deep, &[], &[]), LIMIT_EXPR_DEPTH);
    assert!(err.offset().is_some_and(|o| o < 100), "{err:?}");
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_limit(expr(&deep, &[], &[]), LIMIT_EXPR_DEPTH);
    let long = format!("{}1", "1 + ".repeat(20_000));
    // Too big a source before it is too deep an expression.
    assert_limit(expr(&long, &[], &[]), LIMIT_SOURCE_SIZE);
    let long = format!("{}1", "1 + ".repeat(5_000));
    assert_limit(expr(&long, &[], &[]), LIMIT_EXPR_DEPTH);
    let nested_ifs = format!("{}1{}", "if true { ".repeat(1_000), " }".repeat(1_000));
    assert_limit(expr(&nested_ifs, &[], &[]), LIMIT_EXPR_DEPTH);
    // Moderate nesting is fine.
    let ok = format!("{}1{}", "(".repeat(20), ")".repeat(20));
    assert_eq!(expr(&ok, &[], &[]), Ok(int(1)));
}

#[test]
fn megabyte_source_is_refused_before_parsing() {
    let huge = format!("1{}", " + 1".repeat(250_000));
    assert!(huge.len() > 1_000_000);
    let err = assert_limit(expr(&huge, &[], &[]), LIMIT_SOURCE_SIZE);
    assert!(err.to_string().contains("65536"), "{err}");
    assert_limit(program(&"(".repeat(1 << 20)), LIMIT_SOURCE_SIZE);
}

#[test]
fn zero_limits_are_not_unlimited() {
    let zero = Sandbox::new(SandboxLimits {
        max_operations: 0,
        max_string_size: 0,
        max_array_size: 0,
        max_map_size: 0,
        max_expr_depth: 0,
        max_function_expr_depth: 0,
        ..SandboxLimits::default()
    });
    let limits = zero.limits();
    assert_eq!(
        (
            limits.max_operations,
            limits.max_string_size,
            limits.max_array_size,
            limits.max_map_size,
            limits.max_expr_depth,
            limits.max_function_expr_depth
        ),
        (1, 1, 1, 1, 1, 1)
    );
    let no_ops = Sandbox::new(SandboxLimits { max_operations: 0, ..SandboxLimits::default() });
    assert_limit(program_with(&no_ops, "loop {}"), LIMIT_OPERATIONS);
}

// ------------------------------------------------------------------ good

#[test]
fn age_bands() {
    let sandbox = Sandbox::default();
    let script = sandbox.compile(AGE_BAND, &["age"]).unwrap();
    assert_eq!(script.mode(), ScriptMode::Expression);
    let mut evaluator = script.evaluator();
    for (age, band) in [(0, "0-17"), (17, "0-17"), (18, "18-64"), (64, "18-64"), (65, "65+"), (104, "65+")] {
        assert_eq!(evaluator.eval(&sandbox, &[int(age)]), Ok(text(band)), "age {age}");
    }
    // Floats compare with integer bounds too.
    assert_eq!(evaluator.eval(&sandbox, &[ScriptValue::Float(17.5)]), Ok(text("0-17")));
}

#[test]
fn int_float_arithmetic_mixes() {
    let vars = ["a", "b"];
    let row = [int(3), ScriptValue::Float(0.5)];
    assert_eq!(expr("a + b", &vars, &row), Ok(ScriptValue::Float(3.5)));
    assert_eq!(expr("a * 2", &vars, &row), Ok(int(6)));
    assert_eq!(expr("a / 2", &vars, &row), Ok(int(1)));
    assert_eq!(expr("a / 2.0", &vars, &row), Ok(ScriptValue::Float(1.5)));
    assert_eq!(expr("a % 2 == 1 && b < 1", &vars, &row), Ok(ScriptValue::Bool(true)));
    assert_eq!(expr("(a + b).round()", &vars, &row), Ok(ScriptValue::Float(4.0)));
    assert_eq!(expr("a.to_float().sqrt() > 1.7", &vars, &row), Ok(ScriptValue::Bool(true)));
    assert_eq!(expr("abs(-a) + max(a, 10)", &vars, &row), Ok(int(13)));
}

#[test]
fn string_comparisons_and_functions() {
    let vars = ["name", "city"];
    let row = [text("Müller"), text("Berlin")];
    assert_eq!(expr(r#"city == "Berlin""#, &vars, &row), Ok(ScriptValue::Bool(true)));
    assert_eq!(expr(r#"city < "München""#, &vars, &row), Ok(ScriptValue::Bool(true)));
    assert_eq!(expr(r#"name.to_upper()"#, &vars, &row), Ok(text("MÜLLER")));
    assert_eq!(expr(r#"name.len()"#, &vars, &row), Ok(int(6)));
    assert_eq!(expr(r#"city.contains("erl")"#, &vars, &row), Ok(ScriptValue::Bool(true)));
    assert_eq!(expr(r#"`${name}, ${city}`"#, &vars, &row), Ok(text("Müller, Berlin")));
    assert_eq!(expr(r#"name[1]"#, &vars, &row), Ok(text("ü")), "chars come back as text");
    assert_eq!(expr(r#"switch city { "Berlin" => 11, "Hamburg" => 2, _ => 0 }"#, &vars, &row), Ok(int(11)));
}

#[test]
fn missing_inputs_are_unit() {
    let missing = [ScriptValue::Missing];
    assert_eq!(expr("age == ()", &["age"], &missing), Ok(ScriptValue::Bool(true)));
    assert_eq!(expr("age", &["age"], &missing), Ok(ScriptValue::Missing));
    assert_eq!(expr("type_of(age)", &["age"], &missing), Ok(text("()")));
    assert_eq!(
        expr(r#"if age == () { "unknown" } else if age < 18 { "0-17" } else { "18+" }"#, &["age"], &missing),
        Ok(text("unknown"))
    );
    // rhai would answer `() < 18` with `false` and put a missing age into
    // "65+"; the sandbox makes that an error at the operator instead.
    let (message, offset) = assert_runtime_error(expr(AGE_BAND, &["age"], &missing));
    assert!(message.contains("missing value"), "{message}");
    assert_eq!(offset, Some(7));
    let (_, offset) = assert_runtime_error(expr("18 >= age", &["age"], &missing));
    assert_eq!(offset, Some(3));
    for source in ["age <= 1.5", "age > \"x\"", "age >= true", "age < 'c'", "age < age", "1.5 >= age"] {
        let (message, _) = assert_runtime_error(expr(source, &["age"], &missing));
        assert!(message.contains("missing value"), "{source}: {message}");
    }
    // Present values still compare as usual, mixed numbers included.
    assert_eq!(expr("age < 1.5", &["age"], &[int(1)]), Ok(ScriptValue::Bool(true)));
    let (message, _) = assert_runtime_error(expr("age * 2", &["age"], &missing));
    assert!(message.contains("`()` is a missing value"), "{message}");
}

#[test]
fn programs_with_let_and_functions() {
    let sandbox = Sandbox::default();
    let script = sandbox
        .compile_program(
            "fn band(a) { if a < 18 { \"child\" } else { \"adult\" } }\nlet b = band(age);\nb + \"/\" + sex",
            &["age", "sex"],
        )
        .unwrap();
    assert_eq!(script.mode(), ScriptMode::Program);
    let mut evaluator = script.evaluator();
    // `let` variables must not pile up across rows (max_variables would
    // trip) nor leak into the next row.
    for i in 0..2_000 {
        assert_eq!(
            evaluator.eval(&sandbox, &[int(i % 30), text("w")]),
            Ok(text(if i % 30 < 18 { "child/w" } else { "adult/w" }))
        );
    }
}

#[test]
fn evaluator_rows_do_not_leak_into_each_other() {
    let sandbox = Sandbox::default();
    // The closure turns `x` into a shared cell; the next row must still
    // see its own value.
    let script = sandbox.compile_program("let f = || x; x = x + 100; f.call()", &["x"]).unwrap();
    let mut evaluator = script.evaluator();
    assert_eq!(evaluator.eval(&sandbox, &[int(1)]), Ok(int(101)));
    assert_eq!(evaluator.eval(&sandbox, &[int(2)]), Ok(int(102)));
}

#[test]
fn unknown_variable_is_a_compile_error_with_offset() {
    let (message, offset) = assert_compile_error(expr("age + agee", &["age"], &[int(1)]));
    assert_eq!(message, "unknown variable `agee`; available are: age");
    assert_eq!(offset, Some(6));
    // Multi-byte characters and CRLF line ends before the error.
    let source = "\"Größe\" + x +\n  agee";
    let (_, offset) = assert_compile_error(expr(source, &["x"], &[int(1)]));
    assert_eq!(offset, Some(18));
    assert_eq!(&source[18..], "agee");
    let source = "if age < 18 {\r\n  \"a\"\r\n} else {\r\n  unknownvar\r\n}";
    let (_, offset) = assert_compile_error(expr(source, &["age"], &[int(1)]));
    assert_eq!(&source[offset.unwrap()..offset.unwrap() + 10], "unknownvar");
}

#[test]
fn syntax_errors_have_offsets() {
    let (message, offset) = assert_compile_error(expr("(1 + ", &[], &[]));
    assert!(!message.is_empty());
    assert!(offset.is_some_and(|o| o <= 5), "{offset:?}");
    let (message, _) = assert_compile_error(expr("", &[], &[]));
    assert_eq!(message, "script is incomplete");
    let (message, _) = assert_compile_error(expr("a === b", &["a", "b"], &[]));
    assert!(message.contains("=="), "{message}");
}

#[test]
fn runtime_type_error_has_offset() {
    let (message, offset) = assert_runtime_error(expr(r#"age - "x""#, &["age"], &[int(3)]));
    assert_eq!(message, "there is no function or operator `-` for (i64, string)");
    assert_eq!(offset, Some(4));
    // Inside a function the offset points into the function body.
    let source = "fn g(x) { x - \"a\" }\nlet y = 1;\ng(y)";
    let (_, offset) = assert_runtime_error(program(source));
    assert_eq!(offset, Some(12));
    let (message, _) = assert_runtime_error(expr("age / 0", &["age"], &[int(3)]));
    assert!(message.starts_with("division by zero"), "{message}");
    let (message, _) = assert_runtime_error(expr("age * 9223372036854775807", &["age"], &[int(3)]));
    assert!(message.contains("overflow"), "{message}");
    let (message, _) = assert_runtime_error(program(r#"throw "kaputt""#));
    assert_eq!(message, "script raised an error: kaputt");
}

#[test]
fn non_scalar_results_are_bad_results() {
    for (source, found) in [("[1, 2]", "array"), ("#{a: 1}", "map"), ("|x| x", "Fn"), ("0..3", "range")] {
        match expr(source, &[], &[]) {
            Err(err @ ScriptError::BadResult { .. }) => {
                assert_eq!(err, ScriptError::BadResult { found: found.to_string() });
                assert!(err.to_string().starts_with("script must return a number, text or true/false"));
            }
            other => panic!("{source}: {other:?}"),
        }
    }
}

#[test]
fn row_must_match_variables() {
    let (message, offset) = assert_runtime_error(expr("a + b", &["a", "b"], &[int(1)]));
    assert!(message.contains("expects 2 values"), "{message}");
    assert_eq!(offset, None);
    let (message, _) = assert_compile_error(expr("a", &["a", "a"], &[int(1), int(1)]));
    assert!(message.contains("twice"), "{message}");
}

#[test]
fn two_threads_share_one_sandbox_and_script() {
    let sandbox = Sandbox::default();
    let script = sandbox.compile(AGE_BAND, &["age"]).unwrap();
    let hostile = sandbox.compile_program("loop {}", &[]).unwrap();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|t| {
                let (sandbox, script, hostile) = (&sandbox, &script, &hostile);
                scope.spawn(move || {
                    let mut evaluator = script.evaluator();
                    let mut hostile = hostile.evaluator();
                    let mut adults = 0;
                    for age in 0..10_000 {
                        if evaluator.eval(sandbox, &[int((age + t) % 100)]) == Ok(text("18-64")) {
                            adults += 1;
                        }
                        if age % 1000 == 0 {
                            assert_limit(hostile.eval(sandbox, &[]), LIMIT_OPERATIONS);
                        }
                    }
                    adults
                })
            })
            .collect();
        for worker in workers {
            assert_eq!(worker.join().unwrap(), 4_700);
        }
    });
}

#[test]
fn script_values_deserialise_untagged() {
    use serde::de::value::Error;
    use serde::de::IntoDeserializer;
    use serde::Deserialize;
    let from = |d: serde::de::value::I64Deserializer<Error>| ScriptValue::deserialize(d);
    assert_eq!(from(7_i64.into_deserializer()), Ok(int(7)));
    assert_eq!(
        ScriptValue::deserialize(IntoDeserializer::<Error>::into_deserializer(2.5_f64)),
        Ok(ScriptValue::Float(2.5))
    );
    assert_eq!(ScriptValue::deserialize(IntoDeserializer::<Error>::into_deserializer("x")), Ok(text("x")));
    assert_eq!(
        ScriptValue::deserialize(IntoDeserializer::<Error>::into_deserializer(true)),
        Ok(ScriptValue::Bool(true))
    );
    assert_eq!(
        ScriptValue::deserialize(IntoDeserializer::<Error>::into_deserializer(())),
        Ok(ScriptValue::Missing)
    );
}

/// Run with
/// `cargo test --release -- --ignored --nocapture throughput`.
#[test]
#[ignore = "benchmark; run in release mode"]
fn throughput_age_band() {
    let sandbox = Sandbox::default();
    let script = sandbox.compile(AGE_BAND, &["age"]).unwrap();
    let rows: Vec<[ScriptValue; 1]> = (0..1_000_000).map(|i| [int(i % 100)]).collect();
    for round in 0..3 {
        let mut evaluator = script.evaluator();
        let start = Instant::now();
        let mut adults = 0usize;
        for row in &rows {
            if evaluator.eval(&sandbox, row) == Ok(text("18-64")) {
                adults += 1;
            }
        }
        let elapsed = start.elapsed();
        assert_eq!(adults, 470_000);
        println!(
            "round {round}: Evaluator::eval: 1,000,000 rows in {elapsed:?} = {:.0} rows/s",
            1_000_000.0 / elapsed.as_secs_f64()
        );
    }
    let start = Instant::now();
    let per_thread: Vec<usize> = std::thread::scope(|scope| {
        let workers: Vec<_> = rows
            .chunks(rows.len() / 2)
            .map(|chunk| {
                let (sandbox, script) = (&sandbox, &script);
                scope.spawn(move || {
                    let mut evaluator = script.evaluator();
                    chunk.iter().filter(|row| evaluator.eval(sandbox, &row[..]) == Ok(text("18-64"))).count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("worker")).collect()
    });
    let elapsed = start.elapsed();
    assert_eq!(per_thread.iter().sum::<usize>(), 470_000);
    println!(
        "2 threads, one Evaluator each: 1,000,000 rows in {elapsed:?} = {:.0} rows/s",
        1_000_000.0 / elapsed.as_secs_f64()
    );
    let start = Instant::now();
    for row in rows.iter().take(200_000) {
        assert!(sandbox.eval(&script, row).is_ok());
    }
    println!("Sandbox::eval (new scope per row): {:.0} rows/s", 200_000.0 / start.elapsed().as_secs_f64());
}
