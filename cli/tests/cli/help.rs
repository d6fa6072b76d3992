//! `--help` and `--version`: what a user reads first.

use crate::common::*;

#[test]
fn version() {
    let r = run_args(&["--version"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, concat!("promocode ", env!("CARGO_PKG_VERSION"), "\n")));
}

#[test]
fn help_documents_commands_examples_and_exit_codes() {
    let r = run_args(&["--help"]);
    assert_eq!(r.code, 0);
    for needle in ["generate", "codes", "validate", "coupon", "Examples:", "Exit codes:", "0  ", "1  ", "2  "] {
        assert!(r.stdout.contains(needle), "{needle} missing from:\n{}", r.stdout);
    }
    for command in
        [&["generate"][..], &["codes"], &["validate"], &["coupon", "validate"], &["coupon", "check-promotion-code"]]
    {
        let mut args = command.to_vec();
        args.push("--help");
        let r = run_args(&args);
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("Exit codes:"), "{command:?}");
        assert!(r.stdout.contains("Example"), "{command:?}");
    }
}

#[test]
fn help_matches_the_core() {
    // The defaults and names the help text mentions are the core's.
    for command in ["generate", "codes"] {
        let help = run_args(&[command, "--help"]).stdout;
        for platform in promocode::Platform::ALL {
            assert!(help.contains(platform.name()), "{command} --help lacks {platform}");
        }
        assert!(help.contains(promocode::DEFAULT_ALPHABET), "{command} --help lacks the default alphabet");
        for (option, _) in promocode::api::FORMAT_OPTIONS {
            let flag = format!("--{}", option.replace('_', "-"));
            assert!(help.contains(&flag), "{command} --help lacks {flag}");
        }
    }
    let help = run_args(&["validate", "--help"]).stdout;
    for platform in promocode::Platform::ALL {
        assert!(help.contains(platform.name()), "validate --help lacks {platform}");
    }
}

#[test]
fn no_command_is_a_usage_error() {
    assert_eq!(run_args(&[]).code, 2);
    assert_eq!(run_args(&["frobnicate"]).code, 2);
}
