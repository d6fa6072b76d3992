//! `Format::explain`: the code plus honest warnings about how recognisable it is.

use promocode::{FormatOptions, Partner, Value, TRANSLITERATION_VERSION, WARNING_CODES};

fn warnings(report: &Value) -> Vec<(String, String)> {
    let Some(Value::Array(list)) = report.get("warnings") else { panic!("no warnings list in {report:?}") };
    list.iter()
        .map(|w| match (w.get("code"), w.get("field"), w.get("message")) {
            (Some(Value::String(c)), Some(Value::String(f)), Some(Value::String(m))) => {
                assert!(m.starts_with(|ch: char| ch.is_lowercase() || ch == '`'), "{m}");
                assert!(WARNING_CODES.contains(&c.as_str()), "{c}");
                (c.clone(), f.clone())
            }
            other => panic!("bad warning {other:?}"),
        })
        .collect()
}

fn pair(code: &str, field: &str) -> (String, String) {
    (code.to_owned(), field.to_owned())
}

#[test]
fn arabic_and_hebrew_without_vowels_are_flagged_not_guessed() {
    let fmt = FormatOptions::new().name(true).discount(20.0).build().unwrap();
    for (name, code) in [("محمد", "MHMD20"), ("דוד", "DVD20")] {
        let report = fmt.explain(&Partner::new().name(name), None).unwrap();
        assert_eq!(report.get("code"), Some(&Value::from(code)));
        assert_eq!(warnings(&report), [pair("abjad_without_vowels", "name")]);
    }
    // A written long vowel is enough: no warning.
    let report = fmt.explain(&Partner::new().name("فاطمة"), None).unwrap();
    assert_eq!(report.get("code"), Some(&Value::from("FATMA20")));
    assert!(warnings(&report).is_empty());
}

#[test]
fn latin_names_have_no_warnings_and_the_version_is_recorded() {
    let fmt = FormatOptions::new().name(true).surname(true).discount(15.0).build().unwrap();
    let report = fmt.explain(&Partner::new().name("José").surname("Núñez"), Some(1)).unwrap();
    assert_eq!(report.get("code"), Some(&Value::from("JOSENUNEZ15")));
    assert!(warnings(&report).is_empty());
    assert_eq!(report.get("transliteration_version"), Some(&Value::from(u64::from(TRANSLITERATION_VERSION))));
}

#[test]
fn kanji_without_reading_falls_back_to_random_with_a_warning() {
    let fmt = FormatOptions::new().name(true).random(4).locale("ja").build().unwrap();
    let report = fmt.explain(&Partner::new().name("中村"), Some(7)).unwrap();
    let Some(Value::String(code)) = report.get("code") else { panic!() };
    assert_eq!(code.len(), 4, "only the random part: {code}");
    assert_eq!(warnings(&report), [pair("kanji_without_reading", "name")]);
    // With the reading the name is back and the warning gone.
    let p = Partner::new().name("中村").reading(promocode::Field::Name, "なかむら");
    let report = fmt.explain(&p, Some(7)).unwrap();
    let Some(Value::String(code)) = report.get("code") else { panic!() };
    assert!(code.starts_with("NAKAMURA-"), "{code}");
    assert!(warnings(&report).is_empty());
}

#[test]
fn a_name_cut_to_initials_is_flagged() {
    let fmt = FormatOptions::new().name(true).surname(true).random(6).max_length(10).build().unwrap();
    let report = fmt.explain(&Partner::new().name("Alexandra").surname("Papadopoulou"), Some(3)).unwrap();
    let Some(Value::String(code)) = report.get("code") else { panic!() };
    assert_eq!(code.chars().count(), 10, "{code}");
    assert_eq!(warnings(&report), [pair("name_cut_to_initials", "name"), pair("name_cut_to_initials", "surname")]);
    // Cut but still long enough to read: no warning.
    let fmt = FormatOptions::new().name(true).random(2).max_length(8).build().unwrap();
    let report = fmt.explain(&Partner::new().name("Alexandra"), Some(3)).unwrap();
    assert!(warnings(&report).is_empty());
}

#[test]
fn explain_reports_the_same_errors_as_render() {
    let fmt = FormatOptions::new().name(true).discount(20.0).build().unwrap();
    let err = fmt.explain(&Partner::new().name("中村").locale("ja"), None).unwrap_err();
    assert_eq!(err.code().as_str(), "reading_required");
    let err = fmt.explain(&Partner::new().name("Ann").locale("xx-YY"), None).unwrap_err();
    assert_eq!(err.code().as_str(), "unknown_locale");
}
