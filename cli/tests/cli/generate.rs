//! `promocode generate`.

use crate::common::*;
use predicates::prelude::*;
use promocode::{FormatOptions, Generator, Partner, Platform};
use std::collections::HashSet;

#[test]
fn adds_code_and_error_columns_and_keeps_every_other_column() {
    let dir = Dir::new();
    let input =
        dir.file("p.csv", "id,name,surname,email,plan\n7,John,Doe,john@example.com,pro\n8,Ann,Lee,ann@x.org,starter\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "id,name,surname,email,plan,code,error\n7,John,Doe,john@example.com,pro,JOHN20,\n8,Ann,Lee,ann@x.org,starter,ANN20,\n"
    );
    assert_eq!(r.stderr, "", "nothing on stderr when every row got a code (and no progress bar off a terminal)");
}

#[test]
fn the_three_formats_of_the_spec() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name,surname\nJohn,Doe\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20"]);
    assert_eq!(column(&r.stdout, "code"), ["JOHN20"]);
    let r = run_args(&["generate", arg(&input), "--name", "--surname", "--discount", "15"]);
    assert_eq!(column(&r.stdout, "code"), ["JOHNDOE15"]);
    let r = run_args(&["generate", arg(&input), "--prefix", "PARTNER", "--name", "--random", "2", "--seed", "1"]);
    let code = &column(&r.stdout, "code")[0];
    assert!(code.starts_with("PARTNER-JOHN-") && code.len() == 15, "{code}");
}

#[test]
fn duplicate_names_get_counters_ignoring_case_and_accents() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nJohn\njohn\nJOHN\nJosé\nJose\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20"]);
    assert_eq!(r.code, 0);
    assert_eq!(column(&r.stdout, "code"), ["JOHN20", "JOHN20-2", "JOHN20-3", "JOSE20", "JOSE20-2"]);
}

#[test]
fn counters_are_letters_where_the_platform_forbids_the_dash() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nJohn\nJohn\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20", "--platform", "paddle"]);
    assert_eq!(column(&r.stdout, "code"), ["JOHN20", "JOHN20B"]);
}

#[test]
fn duplicates_across_chunks_still_collide() {
    let dir = Dir::new();
    let names: String = (0..10).map(|_| "Ann\n").collect();
    let input = dir.file("p.csv", format!("name\n{names}"));
    let r = run_args(&["generate", arg(&input), "--name", "--chunk-rows", "3"]);
    let codes = column(&r.stdout, "code");
    let expected: Vec<String> = std::iter::once("ANN".to_owned()).chain((2..=10).map(|n| format!("ANN-{n}"))).collect();
    assert_eq!(codes, expected);
}

#[test]
fn names_in_every_script_are_transliterated() {
    let dir = Dir::new();
    let rows = [
        ("José", "JOSE"),
        ("Søren", "SOREN"),
        ("Łukasz", "LUKASZ"),
        ("Straße", "STRASSE"),
        ("O'Brien", "OBRIEN"),
        ("Jean-Luc", "JEANLUC"),
        ("Иван", "IVAN"),
        ("张伟", "ZHANGWEI"),
        ("Γιώργος", "GIORGOS"),
        ("さくら", "SAKURA"),
        ("민준", "MINJUN"),
        ("राहुल", "RAHUL"),
        ("محمد", "MHMD"),
        ("Zoë 🎉", "ZOE"),
    ];
    let body: String = rows.iter().map(|(n, _)| format!("{n}\n")).collect();
    let input = dir.file("p.csv", format!("name\n{body}"));
    let r = run_args(&["generate", arg(&input), "--name"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let codes = column(&r.stdout, "code");
    let expected: Vec<&str> = rows.iter().map(|(_, c)| *c).collect();
    assert_eq!(codes, expected);
    // The input names come back untouched.
    assert_eq!(column(&r.stdout, "name"), rows.iter().map(|(n, _)| *n).collect::<Vec<_>>());
}

#[test]
fn german_umlauts_flag() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nMüller\n");
    let r = run_args(&["generate", arg(&input), "--name"]);
    assert_eq!(column(&r.stdout, "code"), ["MULLER"]);
    let r = run_args(&["generate", arg(&input), "--name", "--german-umlauts"]);
    assert_eq!(column(&r.stdout, "code"), ["MUELLER"]);
}

#[test]
fn the_sample_file_matches_the_core() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/partners.csv");
    let r = run_args(&["generate", sample, "--name", "--discount", "20", "--seed", "7"]);
    // The sample has an emoji-only and an empty partner: they fail, nothing else does.
    assert_eq!(r.code, 1);
    let recs = records(&r.stdout);
    let header = &recs[0];
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    assert_eq!(header, &["id", "name", "surname", "email", "plan", "code", "error"]);
    let gen = Generator::new(FormatOptions::new().name(true).discount(20.0).build().unwrap(), Some(7));
    let partners: Vec<Partner> = recs[1..]
        .iter()
        .map(|r| Partner {
            name: Some(r[col("name")].clone()).filter(|s| !s.is_empty()),
            surname: Some(r[col("surname")].clone()).filter(|s| !s.is_empty()),
            email: Some(r[col("email")].clone()).filter(|s| !s.is_empty()),
            id: Some(r[col("id")].clone()),
        })
        .collect();
    let expected = gen.generate_all(&partners);
    assert!(recs.len() >= 21, "about 20 partners");
    let mut failed = 0;
    for (rec, want) in recs[1..].iter().zip(expected) {
        match want {
            Ok(code) => assert_eq!((&rec[col("code")], rec[col("error")].as_str()), (&code, "")),
            Err(e) => {
                failed += 1;
                assert_eq!(rec[col("code")], "");
                assert_eq!(rec[col("error")], format!("{}: {e}", e.code()));
            }
        }
    }
    assert_eq!(failed, 2);
    assert!(column(&r.stdout, "code").contains(&"JOHN20-2".to_owned()), "the sample has a duplicate name");
    assert!(r.stderr.contains("2 of 20 rows got no code"), "{}", r.stderr);
}

#[test]
fn bad_rows_are_kept_with_an_invalid_row_error() {
    let dir = Dir::new();
    let mut input = b"name,email\nJohn,a@x\nAnn\nBob,b@x,extra\n".to_vec();
    input.extend_from_slice(b"J\xe9r\xf4me,latin1@x\n\"Multi\nLine, Name\",m@x\nJohn,j@x\n");
    let input = dir.file("p.csv", input);
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "5"]);
    assert_eq!(r.code, 1);
    let recs = records(&r.stdout);
    assert_eq!(recs.len(), 7, "a header and all six rows: none dropped");
    assert!(recs.iter().all(|r| r.len() == 4), "every output row has every column");
    let codes = column(&r.stdout, "code");
    let errors = column(&r.stdout, "error");
    assert_eq!(codes, ["JOHN5", "", "", "", "MULTILINENAME5", "JOHN5-2"]);
    assert_eq!(errors[0], "");
    assert_eq!(errors[1], "invalid_row: line 3 has 1 field but the header has 2 columns");
    assert!(errors[2].starts_with("invalid_row: line 4 has 3 fields but the header has 2 columns"), "{}", errors[2]);
    assert!(errors[3].starts_with("invalid_row: line 5: column `name` is not valid UTF-8"), "{}", errors[3]);
    assert_eq!(records(&r.stdout)[2][0], "Ann", "the readable part of a bad row is kept");
    assert!(r.stderr.contains("3 of 6 rows got no code"), "{}", r.stderr);
}

#[test]
fn a_bad_row_never_reserves_a_code() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name,email\nJohn,a,b\nJohn,c\n");
    let r = run_args(&["generate", arg(&input), "--name"]);
    assert_eq!(column(&r.stdout, "code"), ["", "JOHN"]);
}

#[test]
fn partners_without_usable_data_get_an_empty_partner_error() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name,surname\n😀,\n,\nAnn,\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20"]);
    assert_eq!(r.code, 1);
    assert_eq!(column(&r.stdout, "code"), ["", "", "ANN20"]);
    for e in &column(&r.stdout, "error")[..2] {
        assert!(e.starts_with("empty_partner: partner has no usable `name`"), "{e}");
    }
    // With a random part, a partner without data still gets a code (spec §3).
    let r = run_args(&["generate", arg(&input), "--name", "--random", "4", "--seed", "1"]);
    assert_eq!(r.code, 0);
    assert!(column(&r.stdout, "code").iter().all(|c| !c.is_empty()));
}

#[test]
fn empty_inputs_succeed_with_no_rows() {
    let dir = Dir::new();
    let zero = dir.file("zero.csv", "");
    let r = run_args(&["generate", arg(&zero), "--name"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "", ""));

    let header_only = dir.file("header.csv", "name,email\n");
    let r = run_args(&["generate", arg(&header_only), "--name"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, "name,email,code,error\n"));

    let zero_jsonl = dir.file("zero.jsonl", "");
    let r = run_args(&["generate", arg(&zero_jsonl), "--name"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));

    let r = run_with(&["generate", "--name"], "");
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
}

#[test]
fn blank_lines_are_not_rows() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\n\nAnn\n\n\nBo\n");
    let r = run_args(&["generate", arg(&input), "--name"]);
    assert_eq!(column(&r.stdout, "code"), ["ANN", "BO"]);
}

#[test]
fn a_missing_column_fails_up_front() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "first_name,last_name\nJohn,Doe\n");
    promocode()
        .args(["generate", arg(&input), "--name", "--discount", "20"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("the format uses `name` but the input has no such column"))
        .stderr(predicate::str::contains("`first_name`, `last_name`"))
        .stderr(predicate::str::contains("--column name=COLUMN"));
    // Both missing: both named.
    promocode()
        .args(["generate", arg(&input), "--name", "--surname"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`name` and `surname`"));
    // A column the format does not use may be missing.
    promocode().args(["generate", arg(&input), "--random", "6"]).assert().code(0);
    // A template placeholder counts as using the field.
    promocode()
        .args(["generate", arg(&input), "--template", "VIP{surname:3}"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`surname`"));
}

#[test]
fn column_mapping() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "First Name,last_name,mail\nJohn,Doe,jd+x@example.com\n");
    let r = run_args(&[
        "generate",
        arg(&input),
        "--column",
        "name=First Name",
        "--column",
        "surname=last_name",
        "--column",
        "email=mail",
        "--name",
        "--surname",
        "--discount",
        "15",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(column(&r.stdout, "code"), ["JOHNDOE15"]);
    assert_eq!(records(&r.stdout)[0], ["First Name", "last_name", "mail", "code", "error"]);
    let r = run_args(&["generate", arg(&input), "--column", "email=mail", "--email"]);
    assert_eq!(column(&r.stdout, "code"), ["JD"]);

    promocode()
        .args(["generate", arg(&input), "--column", "nmae=First Name", "--name"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown partner field `nmae`"));
    promocode()
        .args(["generate", arg(&input), "--column", "name=first", "--name"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the input has no column `first`"));
    promocode()
        .args(["generate", arg(&input), "--column", "name", "--name"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FIELD=COLUMN"));
}

#[test]
fn header_names_match_ignoring_case_and_spaces() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "ID, Name ,SURNAME\n1,Ann,Lee\n");
    let r = run_args(&["generate", arg(&input), "--name", "--surname"]);
    assert_eq!(column(&r.stdout, "code"), ["ANNLEE"]);
}

#[test]
fn existing_code_and_error_columns_are_overwritten_in_place() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name,code,error,plan\nAnn,OLD,old error,pro\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "10"]);
    assert_eq!(r.stdout, "name,code,error,plan\nAnn,ANN10,,pro\n");
}

#[test]
fn a_utf8_bom_is_ignored() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "\u{feff}name\nAnn\n");
    let r = run_args(&["generate", arg(&input), "--name"]);
    assert_eq!(r.stdout, "name,code,error\nAnn,ANN,\n");
}

#[test]
fn semicolon_delimiter() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name;plan\nAnn;pro\n");
    let r = run_args(&["generate", arg(&input), "--name", "--delimiter", ";"]);
    assert_eq!(r.stdout, "name;plan;code;error\nAnn;pro;ANN;\n");
}

#[test]
fn reads_standard_input() {
    let r = run_with(&["generate", "-", "--name", "--discount", "20"], "name\nAnn\nann\n");
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "name,code,error\nAnn,ANN20,\nann,ANN20-2,\n");
    // No file argument: standard input too.
    let r = run_with(&["generate", "--name"], "name\nBo\n");
    assert_eq!(r.stdout, "name,code,error\nBo,BO,\n");
    // JSON Lines on standard input.
    let r = run_with(&["generate", "--input-format", "jsonl", "--name"], "{\"name\":\"Cy\"}\n");
    assert_eq!(json_lines(&r.stdout)[0]["code"], "CY");
}

#[test]
fn json_lines_in_and_out() {
    let dir = Dir::new();
    let input = dir.file(
        "p.jsonl",
        concat!(
            "{\"name\":\"Ann\",\"id\":7,\"tags\":[\"a\"],\"score\":1.5}\n",
            "[1,2]\n",
            "{not json\n",
            "\n",
            "{\"name\":5}\n",
            "{\"name\":\"ann\",\"meta\":{\"plan\":\"pro\"}}\n",
        ),
    );
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20"]);
    assert_eq!(r.code, 1);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows.len(), 5, "one output line per input line, blank lines aside");
    assert_eq!(
        rows[0],
        serde_json::json!({"name": "Ann", "id": 7, "tags": ["a"], "score": 1.5, "code": "ANN20", "error": null})
    );
    assert_eq!(
        r.stdout.lines().next().unwrap(),
        r#"{"name":"Ann","id":7,"tags":["a"],"score":1.5,"code":"ANN20","error":null}"#,
        "key order kept"
    );
    assert_eq!(rows[1]["input"], "[1,2]");
    assert_eq!(rows[1]["code"], serde_json::Value::Null);
    assert_eq!(rows[1]["error"], "invalid_row: line 2 is an array, not a JSON object");
    assert!(rows[2]["error"].as_str().unwrap().starts_with("invalid_row: line 3, column 2: not valid JSON"));
    assert_eq!(rows[3]["error"], "invalid_type: `name` must be a string, got integer");
    assert_eq!(rows[4]["code"], "ANN20-2");
    assert_eq!(rows[4]["meta"]["plan"], "pro");
}

#[test]
fn json_lines_column_mapping() {
    let dir = Dir::new();
    let input = dir.file("p.ndjson", "{\"first\":\"Ann\",\"last\":\"Lee\"}\n");
    let r = run_args(&[
        "generate",
        arg(&input),
        "--column",
        "name=first",
        "--column",
        "surname=last",
        "--name",
        "--surname",
    ]);
    assert_eq!(json_lines(&r.stdout)[0]["code"], "ANNLEE");
}

#[test]
fn converts_between_csv_and_json_lines() {
    let dir = Dir::new();
    let csv_in = dir.file("p.csv", "name,plan\nAnn,pro\nx,y,z\n");
    let r = run_args(&["generate", arg(&csv_in), "--name", "--output-format", "jsonl"]);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows[0], serde_json::json!({"name": "Ann", "plan": "pro", "code": "ANN", "error": null}));
    assert!(rows[1]["error"].as_str().unwrap().starts_with("invalid_row"));

    let jsonl_in = dir.file("p.jsonl", "{\"name\":\"Ann\",\"n\":3,\"o\":{\"a\":1}}\n{\"name\":\"Bo\",\"n\":null}\n");
    let r = run_args(&["generate", arg(&jsonl_in), "--name", "--output-format", "csv"]);
    assert_eq!(r.stdout, "name,n,o,code,error\nAnn,3,\"{\"\"a\"\":1}\",ANN,\nBo,,,BO,\n");

    // The output file's extension picks the format.
    let out = dir.path("out.jsonl");
    let r = run_args(&["generate", arg(&csv_in), "--name", "-o", arg(&out)]);
    assert_eq!(r.stdout, "");
    assert_eq!(json_lines(&std::fs::read_to_string(&out).unwrap())[0]["code"], "ANN");
}

#[test]
fn existing_codes_are_never_issued_again() {
    let dir = Dir::new();
    let existing = dir.file("existing.txt", "john20\r\n\n  \nＡＮＮ２０\njöhn20-2\n");
    let input = dir.file("p.csv", "name\nJohn\nAnn\nBo\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20", "--existing", arg(&existing)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(column(&r.stdout, "code"), ["JOHN20-3", "ANN20-2", "BO20"]);

    // Several files, and standard input as one of them.
    let more = dir.file("more.txt", "bo20\n");
    let r = run(promocode()
        .args(["generate", arg(&input), "--name", "--discount", "20", "--existing", arg(&more), "--existing", "-"])
        .write_stdin("ann20\n"));
    assert_eq!(column(&r.stdout, "code"), ["JOHN20", "ANN20-2", "BO20-2"]);

    promocode()
        .args(["generate", "-", "--name", "--existing", "-"])
        .write_stdin("name\nAnn\n")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("standard input can't hold both"));
    promocode()
        .args(["generate", arg(&input), "--name", "--existing", arg(&dir.path("nope.txt"))])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("cannot read").and(predicate::str::contains("nope.txt")));
}

#[test]
fn a_seed_makes_runs_reproducible() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nAnn\nBo\nAnn\n");
    let args = ["generate", arg(&input), "--prefix", "P", "--name", "--random", "4", "--seed", "42"];
    let first = run_args(&args);
    let second = run_args(&args);
    assert_eq!(first.code, 0);
    assert_eq!(first.stdout, second.stdout);
    // Chunking never changes the result.
    let mut chunked = args.to_vec();
    chunked.extend(["--chunk-rows", "1"]);
    assert_eq!(run_args(&chunked).stdout, first.stdout);
    // The CLI gives what the core gives for the same seed.
    let gen = Generator::new(FormatOptions::new().prefix("P").name(true).random(4).build().unwrap(), Some(42));
    let want: Vec<String> =
        ["Ann", "Bo", "Ann"].iter().map(|n| gen.generate(&Partner::new().name(*n)).unwrap()).collect();
    assert_eq!(column(&first.stdout, "code"), want);
    let other = run_args(&["generate", arg(&input), "--prefix", "P", "--name", "--random", "4", "--seed", "43"]);
    assert_ne!(other.stdout, first.stdout);
}

#[test]
fn codes_follow_the_platform() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name,surname\nJohn,Doe\nJosé,Núñez\n");
    let r =
        run_args(&["generate", arg(&input), "--name", "--surname", "--discount", "15", "--platform", "woocommerce"]);
    assert_eq!(column(&r.stdout, "code"), ["johndoe15", "josenunez15"]);
    let r = run_args(&[
        "generate",
        arg(&input),
        "--prefix",
        "VIP",
        "--name",
        "--random",
        "3",
        "--template",
        "{prefix}{name:3}{random}",
        "--platform",
        "paddle",
        "--seed",
        "7",
    ]);
    for code in column(&r.stdout, "code") {
        assert!(promocode::validate(&code, Platform::Paddle).valid, "{code}");
        assert_eq!(code.len(), 9, "{code}");
    }
    let r = run_args(&["generate", arg(&input), "--name", "--surname", "--max-length", "6", "--case", "lower"]);
    assert_eq!(column(&r.stdout, "code"), ["johdoe", "josnun"]);
}

#[test]
fn bad_format_flags_exit_2_with_the_core_message() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nAnn\n");
    let cases: &[(&[&str], &str)] = &[
        (&["--template", "{nme}"], "error: unknown placeholder `{nme}` at position 0"),
        (&["--template", "{name"], "error: unbalanced `{` at position 0"),
        (&["--name", "--platform", "myspace"], "error: unknown platform `myspace`; use one of"),
        (&["--name", "--platform", "woocommerce", "--case", "upper"], "error: case `upper` is not allowed"),
        (&["--name", "--case", "title"], "error: case `title` is not allowed"),
        (&["--name", "--discount", "-5"], "error: discount `-5"),
        (&["--name", "--discount", "NaN"], "error: discount `NaN` is not allowed"),
        (&["--random", "501"], "error: `random` must be a whole number from 0 to 500, got 501"),
        (&["--name", "--prefix", "A&B"], "error: prefix has `&` at position 1"),
        (&["--random", "4", "--alphabet", "AA"], "error: alphabet"),
        (
            &["--name", "--platform", "paddle", "--max-length", "40"],
            "error: `max_length` must be from 1 to 32 on paddle",
        ),
        (&[], "error: the format selects nothing"),
    ];
    for (flags, message) in cases {
        let mut args = vec!["generate", arg(&input)];
        args.extend_from_slice(flags);
        let r = run_args(&args);
        assert_eq!(r.code, 2, "{flags:?}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{flags:?}: no output on a setup error");
        assert!(r.stderr.starts_with(message), "{flags:?}: {}", r.stderr);
    }
}

#[test]
fn usage_errors_exit_2() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nAnn\n");
    promocode().args(["generate", arg(&input), "--nmae"]).assert().code(2);
    promocode().args(["generate", arg(&input), "--name", "--seed", "-1"]).assert().code(2);
    promocode().args(["generate", arg(&input), "--name", "--input-format", "xml"]).assert().code(2);
    promocode()
        .args(["generate", arg(&dir.path("missing.csv")), "--name"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read").and(predicate::str::contains("no such file")));
    promocode()
        .args(["generate", arg(&input), "--name", "--delimiter", "é"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one ASCII character"));
}

#[test]
fn two_hundred_thousand_rows_stream_through() {
    let dir = Dir::new();
    let first = ["John", "José", "Søren", "Иван", "张伟", "민준", "Zoë", "Ann", "Ólafur", "Łukasz"];
    let last = ["Doe", "Núñez", "Петров", "Müller", "O'Brien"];
    let mut text = String::with_capacity(6_000_000);
    text.push_str("id,name,surname\n");
    for i in 0..200_000usize {
        text.push_str(&format!("{i},{},{}\n", first[i % first.len()], last[(i / 7) % last.len()]));
    }
    let input = dir.file("big.csv", text);
    let r = run_args(&["generate", arg(&input), "--name", "--surname", "--discount", "10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, "", "no progress bar when stderr is not a terminal");
    let recs = records(&r.stdout);
    assert_eq!(recs.len(), 200_001);
    let ids: Vec<usize> = recs[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(ids.iter().enumerate().all(|(i, id)| i == *id), "rows keep their order");
    let unique: HashSet<String> = recs[1..].iter().map(|r| promocode::canonical_key(&r[3])).collect();
    assert_eq!(unique.len(), 200_000, "every code is unique ignoring case");
}

#[test]
fn never_overwrites_its_input() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nAnn\n");
    promocode()
        .args(["generate", arg(&input), "--name", "-o", arg(&input)])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is the input file"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "name\nAnn\n");
}

#[test]
fn typo_guard_warn_adds_a_near_column_and_avoid_spreads_counters() {
    let dir = Dir::new();
    let input = dir.file("p.csv", "name\nJohn\nJon\nMary\nJohn\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20", "--typo-guard", "warn"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Rows are generated a chunk at a time, so John sees Jon too.
    assert_eq!(
        r.stdout,
        "name,code,error,near\nJohn,JOHN20,,JON20\nJon,JON20,,JOHN20\nMary,MARY20,,\nJohn,JOHN20-2,,\n"
    );
    let r = run_args(&[
        "generate",
        arg(&input),
        "--name",
        "--discount",
        "20",
        "--typo-guard",
        "warn",
        "--output-format",
        "jsonl",
    ]);
    assert_eq!(json_lines(&r.stdout)[1]["near"], "JOHN20");
    let input = dir.file("q.csv", "name\nJohn\nJohn\nJohn\n");
    let r = run_args(&["generate", arg(&input), "--name", "--discount", "20", "--typo-guard", "avoid"]);
    assert_eq!(column(&r.stdout, "code"), ["JOHN20", "JOHN20-2", "JOHN20-10"]);
    let r = run_args(&["generate", arg(&input), "--name", "--typo-guard", "never"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`off`, `warn` or `avoid`"), "{}", r.stderr);
}

#[test]
fn check_symbol_codes_validate() {
    let r = run_args(&["codes", "--count", "3", "--random", "8", "--check-symbol", "--seed", "4"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fmt = FormatOptions::new().random(8).check_symbol(true).build().unwrap();
    for code in r.stdout.lines() {
        assert!(fmt.validate(code).valid, "{code}");
    }
}
