//! The `appvm` binary, driven as a person would: small fast-parameter scenarios, real processes,
//! exit statuses and messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use appvm_sim::proof_file::ProofFile;

/// Runs `appvm` with `args`.
fn appvm<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appvm")).args(args).output().expect("the binary starts")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts a failed run with a message and no panic.
fn assert_fails_cleanly(out: &Output, expected: &str) {
    let err = stderr(out);
    assert!(!out.status.success(), "expected failure, got success: {}", stdout(out));
    assert!(!err.contains("panicked"), "panicked: {err}");
    assert!(err.contains("error:"), "no error message: {err}");
    assert!(err.contains(expected), "expected `{expected}` in: {err}");
}

/// A fresh directory for one test.
fn dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sim-cli").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A small ledger scenario with the fast parameters.
fn scenario(dir: &Path, name: &str, seed: u64, ops: usize) -> PathBuf {
    let path = dir.join(name);
    let text = format!("Scenario(vm: \"ledger\", params: fast, seed: {seed}, ops: {ops}, state: (accounts: 8))\n");
    std::fs::write(&path, text).expect("write scenario");
    path
}

/// `appvm verify --fast FILE` and the extra arguments: the tests prove with the fast parameters.
fn verify_fast(proof: &Path, extra: &[&str]) -> Output {
    let mut args = vec![Path::new("verify"), Path::new("--fast"), proof];
    args.extend(extra.iter().map(Path::new));
    appvm(&args)
}

fn prove(dir: &Path, scenario: &Path, name: &str) -> PathBuf {
    let proof = dir.join(name);
    let out = appvm(&[Path::new("prove"), scenario, Path::new("-o"), &proof]);
    assert!(out.status.success(), "prove failed: {}", stderr(&out));
    proof
}

#[test]
fn run_executes_proves_and_verifies() {
    let dir = dir("run");
    let out = appvm(&[Path::new("run"), &scenario(&dir, "s.ron", 1, 64)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    for field in ["ops              64", "trace cells", "prove", "verify", "peak RSS", "prover / native"] {
        assert!(summary.contains(field), "summary lacks `{field}`: {summary}");
    }
}

#[test]
fn the_order_book_runs_end_to_end_against_its_reference_engine() {
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/orderbook-smoke.ron");
    let out = appvm(&[Path::new("run"), &scenario]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("ops              256"), "{}", stdout(&out));
}

#[test]
fn prove_writes_a_file_that_verifies() {
    let dir = dir("prove_verify");
    let proof = prove(&dir, &scenario(&dir, "s.ron", 2, 32), "s.proof");
    let out = appvm(&[Path::new("verify"), Path::new("--fast"), &proof]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("verifies"), "{}", stdout(&out));
}

#[test]
fn changed_bytes_are_rejected_without_panic() {
    let dir = dir("corrupt");
    let proof = prove(&dir, &scenario(&dir, "s.ron", 3, 32), "s.proof");
    let bytes = std::fs::read(&proof).expect("proof file");
    let file = ProofFile::from_bytes(&bytes).expect("decodes");
    let proof_start = bytes.len() - file.proof.len();
    // Header, VM name, statement, and positions spread over the proof.
    let mut positions = vec![0, 8, 11, 20, proof_start - 10];
    positions.extend((0..12).map(|i| proof_start + (file.proof.len() - 1) * i / 11));
    for at in positions {
        let mut bad = bytes.clone();
        bad[at] ^= 0x01;
        let path = dir.join(format!("bad-{at}.proof"));
        std::fs::write(&path, &bad).expect("write");
        let out = appvm(&[Path::new("verify"), Path::new("--fast"), &path]);
        assert_fails_cleanly(&out, &path.display().to_string());
    }
    let truncated = dir.join("truncated.proof");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    assert_fails_cleanly(&appvm(&[Path::new("verify"), Path::new("--fast"), &truncated]), "malformed proof file");
}

#[test]
fn a_proof_does_not_verify_another_scenarios_statement() {
    let dir = dir("other_statement");
    let a = scenario(&dir, "a.ron", 4, 32);
    let b = scenario(&dir, "b.ron", 5, 32);
    let proof_a = prove(&dir, &a, "a.proof");
    let proof_b = prove(&dir, &b, "b.proof");

    // Against its own scenario it verifies; against the other it does not.
    let out = appvm(&[Path::new("verify"), Path::new("--fast"), &proof_a, Path::new("--scenario"), &a]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = appvm(&[Path::new("verify"), Path::new("--fast"), &proof_a, Path::new("--scenario"), &b]);
    assert_fails_cleanly(&out, "verification against the statement from");

    // A file holding B's statement with A's proof is rejected too.
    let file_a = ProofFile::read(&proof_a).expect("a decodes");
    let file_b = ProofFile::read(&proof_b).expect("b decodes");
    let spliced = dir.join("spliced.proof");
    std::fs::write(&spliced, ProofFile { statement: file_b.statement, ..file_a }.to_bytes()).expect("write");
    assert_fails_cleanly(&appvm(&[Path::new("verify"), Path::new("--fast"), &spliced]), "proof rejected");
}

#[test]
fn a_fast_proof_is_refused_unless_the_verifier_asks_for_fast_parameters() {
    let dir = dir("fast_params");
    let proof = prove(&dir, &scenario(&dir, "s.ron", 6, 16), "s.proof");
    assert_fails_cleanly(&appvm(&[Path::new("verify"), &proof]), "pass --fast");
    let out = verify_fast(&proof, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("WARNING: verifying with the FAST test parameters"), "{}", stderr(&out));
}

/// The VM id `appvm cost` prints for the ledger with `args`.
fn ledger_id(args: &[&str]) -> String {
    let text = stdout(&appvm(&[&["cost", "ledger"], args].concat()));
    text.split("(id ").nth(1).and_then(|rest| rest.split(')').next()).expect("cost prints the VM id").to_string()
}

/// A copy of the proof file at `proof` whose statement is changed by `change` (the proof is not).
fn with_statement(proof: &Path, name: &str, change: impl FnOnce(&mut appvm::Statement)) -> PathBuf {
    let file = ProofFile::read(proof).expect("decodes");
    let mut statement = appvm::Statement::from_bytes(&file.statement).expect("statement");
    change(&mut statement);
    let path = proof.with_file_name(name);
    std::fs::write(&path, ProofFile { statement: statement.to_bytes(), ..file }.to_bytes()).expect("write");
    path
}

#[test]
fn a_pinned_vm_id_must_be_the_verifiers() {
    let dir = dir("vm_id");
    let proof = prove(&dir, &scenario(&dir, "s.ron", 7, 16), "s.proof");
    let fast_id = ledger_id(&["--params", "fast"]);
    let out = verify_fast(&proof, &["--vm-id", &fast_id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let secure_id = ledger_id(&[]);
    assert_ne!(fast_id, secure_id, "the parameters are part of the id");
    assert_fails_cleanly(&verify_fast(&proof, &["--vm-id", &secure_id]), "not the pinned");
}

#[test]
fn an_oversized_statement_is_rejected_by_its_size() {
    let dir = dir("oversized");
    let proof = prove(&dir, &scenario(&dir, "s.ron", 8, 16), "s.proof");
    let oversized = with_statement(&proof, "oversized.proof", |statement| {
        statement.inputs = vec![vec![0, 1, 1]; appvm::Limits::default().max_inputs + 1];
    });
    assert_fails_cleanly(&verify_fast(&oversized, &[]), "exceeds this verifier's limit");
}

#[test]
fn an_order_book_proof_from_an_unreachable_state_is_refused() {
    let dir = dir("unreachable");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/orderbook-smoke.ron");
    let proof = prove(&dir, &scenario, "ob.proof");
    assert!(verify_fast(&proof, &[]).status.success());
    // The last word (an order slot) is never touched by the smoke batch: change it in both images.
    let forged = with_statement(&proof, "forged.proof", |statement| {
        let last = statement.initial_state.len() - 4;
        statement.initial_state[last] = 7;
        statement.final_state[last] = 7;
    });
    assert_fails_cleanly(&verify_fast(&forged, &[]), "initial state: word");
}

#[test]
fn malformed_ron_names_file_line_and_column() {
    let dir = dir("malformed");
    let path = dir.join("bad.ron");
    std::fs::write(&path, "Scenario(\n    vm: \"ledger\",\n    ops: 12,,\n)\n").expect("write");
    let out = appvm(&[Path::new("run"), &path]);
    assert_fails_cleanly(&out, &format!("{}:3:13", path.display()));

    std::fs::write(&path, "Scenario(\n    vm: \"ledger\",\n    params: fast,\n    inputs: [Mint(1)],\n)\n")
        .expect("write");
    let out = appvm(&[Path::new("run"), &path]);
    assert_fails_cleanly(&out, &format!("{}:4:", path.display()));
    assert!(stderr(&out).contains("unknown opcode `Mint`"), "{}", stderr(&out));
}

#[test]
fn unknown_vm_and_size_list_the_valid_ones() {
    let dir = dir("unknown");
    let path = dir.join("vm.ron");
    std::fs::write(&path, "Scenario(vm: \"nosuch\", ops: 4)\n").expect("write");
    for out in [appvm(&[Path::new("run"), &path]), appvm(&[Path::new("cost"), Path::new("nosuch")])] {
        assert_fails_cleanly(&out, "unknown VM `nosuch`; valid VMs: ");
        assert!(stderr(&out).contains("ledger"), "{}", stderr(&out));
    }
    assert_fails_cleanly(&appvm(&["gen", "ledger:nosuch", "--ops", "4"]), "valid workloads: mixed, payments");
    std::fs::write(&path, "Scenario(vm: \"ledger\", ops: 0)\n").expect("write");
    assert_fails_cleanly(&appvm(&[Path::new("run"), &path]), "valid sizes are 1 to");
}

#[test]
fn cost_reports_every_opcode() {
    let out = appvm(&["cost", "ledger"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = stdout(&out);
    for opcode in ["Deposit", "Transfer", "Withdraw", "range", "cells/op"] {
        assert!(report.contains(opcode), "cost report lacks `{opcode}`: {report}");
    }
}

#[test]
fn gen_is_deterministic_and_runnable() {
    let dir = dir("gen");
    let gen = |seed: &str, file: &str| {
        let path = dir.join(file);
        let out = appvm(&[
            "gen".as_ref(),
            "ledger".as_ref(),
            "--seed".as_ref(),
            seed.as_ref(),
            "--ops".as_ref(),
            "24".as_ref(),
            "--params".as_ref(),
            "fast".as_ref(),
            "-o".as_ref(),
            path.as_os_str(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        (std::fs::read(&path).expect("generated"), path)
    };
    let (first, path) = gen("9", "a.ron");
    let (second, _) = gen("9", "b.ron");
    let (other, _) = gen("10", "c.ron");
    assert_eq!(first, second, "same seed, different workload");
    assert_ne!(first, other, "different seeds, same workload");
    let out = appvm(&[Path::new("run"), &path]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("listed inputs, seed 9"), "{}", stdout(&out));
}

#[test]
fn bench_writes_the_documented_json() {
    let dir = dir("bench");
    let json = dir.join("bench.json");
    let svg = dir.join("bench.svg");
    let out = appvm(&[
        Path::new("bench"),
        &scenario(&dir, "s.ron", 6, 16),
        Path::new("--sizes"),
        Path::new("16,8"),
        Path::new("--json"),
        &json,
        Path::new("--svg"),
        &svg,
        Path::new("--markdown"),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("| ops | cells/op |"), "{}", stdout(&out));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).expect("json")).expect("valid JSON");
    assert_eq!(report["schema"], "appvm-bench/1");
    let runs = report["runs"].as_array().expect("runs");
    assert_eq!(runs.iter().map(|r| r["ops"].as_u64()).collect::<Vec<_>>(), [Some(8), Some(16)]);
    for key in [
        "vm",
        "ops",
        "cells_main",
        "cells_aux",
        "cells_per_op",
        "execute_s",
        "trace_s",
        "prove_s",
        "verify_ms",
        "proof_bytes",
        "peak_rss_bytes",
        "native_s",
        "prover_native_ratio",
        "ops_per_s",
    ] {
        assert!(runs[0].get(key).is_some(), "run lacks `{key}`");
    }
    assert!(std::fs::read_to_string(&svg).expect("svg").starts_with("<svg"));
}

/// `appvm gen arena` for a small match: 6 units, at most 40 ticks.
fn arena_replay(dir: &Path, name: &str, seed: u64) -> PathBuf {
    let path = dir.join(name);
    let seed = seed.to_string();
    let args = ["gen", "arena", "--seed", &seed, "--units", "6", "--ticks", "40", "-o"].map(Path::new);
    let out = appvm(&[&args[..], &[path.as_path()]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    path
}

/// `appvm render REPLAY` with `args`, writing `name` in `dir`.
fn render(dir: &Path, replay: &Path, args: &[&str], name: &str) -> (Output, PathBuf) {
    let output = dir.join(name);
    let mut all = vec![Path::new("render"), replay];
    all.extend(args.iter().map(Path::new));
    all.extend([Path::new("-o"), &output]);
    (appvm(&all), output)
}

/// `text` with line `at` (0-based) changed by `change`.
fn with_line(text: &str, at: usize, change: impl FnOnce(&str) -> String) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[at] = change(&lines[at]);
    lines.join("\n") + "\n"
}

#[test]
fn an_arena_replay_is_generated_run_proven_and_verified() {
    let dir = dir("arena_round_trip");
    let replay = arena_replay(&dir, "m.ron", 3);
    let text = std::fs::read_to_string(&replay).expect("generated");
    assert_eq!(text, appvm_arena::generate::replay(3, 6, 40).to_ron(), "gen writes the generator's replay");

    let out = appvm(&[Path::new("run"), &replay, Path::new("--params"), Path::new("fast")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    for field in ["workload         replay", "match            6 units: ", "rejected ", "unit-ticks  ", "per unit-tick"]
    {
        assert!(summary.contains(field), "summary lacks `{field}`: {summary}");
    }

    let proof = dir.join("m.proof");
    let out = appvm(&[Path::new("prove"), &replay, Path::new("--params"), Path::new("fast"), Path::new("-o"), &proof]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = verify_fast(&proof, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("a `arena` batch"), "{}", stdout(&out));
    // Against its own replay it verifies; against another match it does not.
    let out = verify_fast(&proof, &["--scenario", &replay.display().to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let other = arena_replay(&dir, "other.ron", 4);
    let out = verify_fast(&proof, &["--scenario", &other.display().to_string()]);
    assert_fails_cleanly(&out, "verification against the statement from");
}

#[test]
fn the_built_in_replay_runs_by_name() {
    let out = appvm(&["run", "arena", "--params", "fast"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("match            16 units: team 0 wins after 341 ticks"), "{}", stdout(&out));
}

#[test]
fn a_broken_replay_names_its_line() {
    let dir = dir("arena_broken");
    let text = std::fs::read_to_string(arena_replay(&dir, "m.ron", 3)).expect("generated");
    let path = dir.join("bad.ron");

    let at = text.lines().position(|l| l.contains("tick_limit:")).expect("a tick limit");
    std::fs::write(&path, with_line(&text, at, |l| l.replace(',', ",,"))).expect("write");
    assert_fails_cleanly(&appvm(&[Path::new("run"), &path]), &format!("{}:{}:", path.display(), at + 1));

    // The first command names unit 99 of 6.
    let at = text.lines().position(|l| l.contains("(unit: ")).expect("a command");
    let to_99 = |l: &str| {
        let (before, after) = l.split_once("(unit: ").unwrap_or((l, ""));
        format!("{before}(unit: 99{}", after.trim_start_matches(|c: char| c.is_ascii_digit()))
    };
    std::fs::write(&path, with_line(&text, at, to_99)).expect("write");
    let expected = format!("{}:{}: unknown unit 99 (the scenario has 6)", path.display(), at + 1);
    assert_fails_cleanly(&appvm(&[Path::new("run"), &path]), &expected);
    assert_fails_cleanly(&render(&dir, &path, &["--svg"], "bad.svg").0, &expected);
}

#[test]
fn render_draws_a_replay_as_svg_png_and_html() {
    let dir = dir("arena_render");
    let replay = arena_replay(&dir, "m.ron", 3);
    for (args, name) in [(&["--svg"][..], "all.svg"), (&["--svg", "--tick", "5"], "tick.svg")] {
        let (out, file) = render(&dir, &replay, args, name);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(std::fs::read_to_string(&file).expect("svg").starts_with("<svg"), "{name}");
    }
    let (out, png) = render(&dir, &replay, &["--png", "--tick", "0", "--scale", "8"], "m.png");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&png).expect("png").starts_with(b"\x89PNG\r\n\x1a\n"));
    let (out, html) = render(&dir, &replay, &["--html", "--every", "2", "--tick", "10"], "m.html");
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(&html).expect("html");
    assert!(page.contains("<canvas"), "not the player");
    assert!(!page.contains("http://") && !page.contains("https://"), "the page loads something");
}

#[test]
fn render_refuses_what_it_cannot_draw() {
    let dir = dir("arena_render_bad");
    let replay = arena_replay(&dir, "m.ron", 3);
    let fails = |args: &[&str], expected: &str| assert_fails_cleanly(&render(&dir, &replay, args, "x").0, expected);
    fails(&["--svg", "--tick", "1000"], "tick 1000 was not played");
    fails(&["--html", "--tick", "1000"], "tick 1000 was not played");
    fails(&["--svg", "--every", "0"], "invalid value '0'");
    fails(&["--png", "--every", "2"], "a PNG is one tick");
    fails(&["--svg", "--scale", "0"], "the scale must be 1 to");
    fails(&["--svg", "--png"], "cannot be used with");
    let ledger = scenario(&dir, "s.ron", 1, 4);
    assert_fails_cleanly(&render(&dir, &ledger, &["--svg"], "x").0, "draws arena replays");
    assert_fails_cleanly(&render(&dir, &dir.join("none.ron"), &["--svg"], "x").0, "no scenario or replay file");
}

#[test]
fn arena_reports_count_unit_ticks() {
    let dir = dir("arena_bench");
    let out = appvm(&["cost", "arena"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("cells/unit-tick >= "), "{}", stdout(&out));

    let replay = arena_replay(&dir, "m.ron", 3);
    let json = dir.join("bench.json");
    let args = ["bench", "--sizes", "120", "--params", "fast", "--markdown", "--json"].map(Path::new);
    let out = appvm(&[&args[..1], &[replay.as_path()], &args[1..], &[json.as_path()]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("| unit-ticks | cells/unit-tick |"), "{}", stdout(&out));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).expect("json")).expect("valid JSON");
    let run = &report["runs"][0];
    assert_eq!(run["unit"], "unit-tick");
    assert_eq!(run["workload"], "bot", "a size stands a bot match in for the replay");
    assert!(run["work"].as_u64().is_some_and(|n| (120..130).contains(&n)), "{run}");
}

#[test]
fn gen_refuses_sizes_and_parameters_a_vm_does_not_take() {
    assert_fails_cleanly(&appvm(&["gen", "ledger", "--units", "2", "--ticks", "3"]), "shape a replay's match");
    assert_fails_cleanly(&appvm(&["gen", "arena", "--units", "2000", "--ticks", "3"]), "1 to 1024 units");
    assert_fails_cleanly(&appvm(&["gen", "arena", "--ops", "10", "--params", "fast"]), "holds no parameter set");
    assert_fails_cleanly(&appvm(&["gen", "arena:nosuch", "--ops", "10"]), "valid workloads: bot");
}

/// An order-book scenario with the fast parameters and `inputs`, written as given.
fn orderbook_scenario(dir: &Path, name: &str, inputs: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("Scenario(vm: \"orderbook\", params: fast, inputs: [\n{inputs}\n])\n"))
        .expect("write scenario");
    path
}

/// A trade, a rest and a rejection for a bad market.
const TRADE_AND_REJECTION: &str = "
    Deposit(account: 1, asset: 0, amount: 1000),
    Deposit(account: 2, asset: 1, amount: 100000),
    PlaceLimit(account: 1, market: 0, side: Sell, price: 100, qty: 50, tif: Gtc, stp: CancelResting),
    PlaceLimit(account: 2, market: 0, side: Buy, price: 100, qty: 20, tif: Gtc, stp: CancelResting),
    PlaceLimit(account: 2, market: 9, side: Buy, price: 100, qty: 20, tif: Gtc, stp: CancelResting),
";

/// The `events (...)` block of a command's output: its header and event lines.
fn events_block(text: &str) -> String {
    let start = text.find("events (").unwrap_or_else(|| panic!("no events in: {text}"));
    text[start..]
        .lines()
        .take_while(|l| l.starts_with("events (") || l.starts_with("  #"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn events_show_trades_rests_and_rejections_with_their_reason() {
    let dir = dir("events");
    let scenario = orderbook_scenario(&dir, "s.ron", TRADE_AND_REJECTION);
    let json = dir.join("run.json");
    let out = appvm(&[Path::new("run"), &scenario, Path::new("--events"), Path::new("--json"), &json]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let events = events_block(&text);
    for line in [
        "#2      order 65537 (account 1, Sell on market 0) rests: 50 at 100",
        "#3      trade on market 0: 20 at 100; maker order 65537 (account 1, fee 0 of asset 1), taker order 65538 (account 2, buyer, fee 0 of asset 0)",
        "#4      rejected PlaceLimit of account 2: BadMarket (no such market)",
    ] {
        assert!(events.contains(line), "events lack `{line}`: {events}");
    }
    // The summary's domain figures.
    for figure in ["trades           1 (market 0: 1 trade, 20 base for 2000 quote)", "rejections       1 (1 BadMarket)"]
    {
        assert!(text.contains(figure), "summary lacks `{figure}`: {text}");
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid");
    let events = report["events"].as_array().expect("an events array");
    let rejected = events.iter().find(|e| e["kind"] == "rejected").expect("a rejection");
    assert_eq!((rejected["input"].as_u64(), rejected["reason"].as_str()), (Some(4), Some("BadMarket")));
    let trade = events.iter().find(|e| e["kind"] == "trade").expect("a trade");
    for (field, value) in [("maker_account", 1), ("taker_account", 2), ("price", 100), ("qty", 20), ("market", 0)] {
        assert_eq!(trade[field].as_u64(), Some(value), "{field} in {trade}");
    }
    assert_eq!(report["verified"], true);
    assert_eq!(report["figures"]["rejections"], "1 (1 BadMarket)");
}

#[test]
fn ledger_and_arena_events_say_what_happened() {
    let dir = dir("events-ledger");
    let path = dir.join("l.ron");
    let text = "Scenario(vm: \"ledger\", params: fast, state: (accounts: 2, balance: 10), inputs: [\
                Transfer(from: 0, to: 1, amount: 4), Transfer(from: 1, to: 0, amount: 99), Deposit(account: 5000, amount: 1)])";
    std::fs::write(&path, text).expect("write");
    let out = appvm(&[Path::new("run"), &path, Path::new("--events")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "#0      transfer of 4 from account 0 to account 1",
        "#1      refused transfer of 99 from account 1 to account 0: InsufficientFunds",
        "#2      refused deposit of 1 to account 5000: NoSuchAccount",
        "outcomes         1 ok, 2 (1 InsufficientFunds, 1 NoSuchAccount) refused",
    ] {
        assert!(text.contains(line), "lacks `{line}`: {text}");
    }
    let out = appvm(&["run", "arena", "--ops", "50", "--params", "fast", "--events"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events = events_block(&stdout(&out));
    assert!(events.contains("the match ends after") && events.contains("team 0: "), "{events}");
}

#[test]
fn the_summary_gives_the_verdict_in_a_line_of_its_own() {
    // The test's stdout is a pipe, not a terminal.
    let dir = dir("verdict");
    let out = appvm(&[Path::new("run"), &scenario(&dir, "s.ron", 1, 8)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let verdict = "  verdict          ✓ the proof verifies (fast test parameters: not a secure check)";
    assert!(stdout(&out).lines().any(|l| l == verdict), "{}", stdout(&out));
}

#[test]
fn show_prints_a_proofs_events_as_run_does_and_the_final_book() {
    let dir = dir("show");
    let scenario = orderbook_scenario(&dir, "s.ron", TRADE_AND_REJECTION);
    let run = appvm(&[Path::new("run"), &scenario, Path::new("--events")]);
    assert!(run.status.success(), "{}", stderr(&run));
    let proof = dir.join("s.proof");
    let out = appvm(&[Path::new("prove"), &scenario, Path::new("-o"), &proof, Path::new("--events")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(events_block(&stdout(&out)), events_block(&stdout(&run)));
    let show = appvm(&[Path::new("show"), &proof]);
    assert!(show.status.success(), "{}", stderr(&show));
    let text = stdout(&show);
    assert_eq!(events_block(&text), events_block(&stdout(&run)));
    for line in [
        "account   1: asset 0 950 / 30, asset 1 2000 / 0",
        "book of market 0 (price: quantity in orders), best first:",
        "  asks: 100: 30 in 1",
        "rejections       1 (1 BadMarket)",
    ] {
        assert!(text.contains(line), "show lacks `{line}`: {text}");
    }
    let verify = verify_fast(&proof, &["--events"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    assert_eq!(events_block(&stdout(&verify)), events_block(&stdout(&run)));
    assert_fails_cleanly(&appvm(&[Path::new("show"), &scenario]), "not an appvm proof file");
}

/// `run`, `prove`, `verify` and `show` write the same events as JSON.
#[test]
fn every_command_that_reads_a_batch_writes_its_events_as_json() {
    let dir = dir("json");
    let scenario = orderbook_scenario(&dir, "s.ron", TRADE_AND_REJECTION);
    let proof = dir.join("s.proof");
    let read = |name: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join(name)).expect("the JSON was written");
        serde_json::from_str(&text).expect("valid JSON")
    };
    let run = appvm(&[Path::new("run"), &scenario, Path::new("--json"), &dir.join("run.json")]);
    assert!(run.status.success(), "{}", stderr(&run));
    let prove =
        appvm(&[Path::new("prove"), &scenario, Path::new("-o"), &proof, Path::new("--json"), &dir.join("prove.json")]);
    assert!(prove.status.success(), "{}", stderr(&prove));
    let json = dir.join("verify.json");
    let verify = verify_fast(&proof, &["--json", json.to_str().expect("a UTF-8 path")]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    let show = appvm(&[Path::new("show"), &proof, Path::new("--json"), &dir.join("show.json")]);
    assert!(show.status.success(), "{}", stderr(&show));
    let events = read("run.json")["events"].clone();
    assert!(events.as_array().is_some_and(|e| e.iter().any(|e| e["kind"] == "rejected")), "{events}");
    for (name, verified) in [("prove.json", true), ("verify.json", true), ("show.json", false)] {
        let report = read(name);
        assert_eq!(report["events"], events, "{name}");
        assert_eq!(report["verified"], verified, "{name}");
    }
    assert!(read("show.json")["state"].as_array().is_some_and(|s| !s.is_empty()));
}

#[test]
fn operand_errors_show_the_value_as_written_and_name_the_operand() {
    let dir = dir("operands");
    for (operand, expected) in [
        ("-1", "`Deposit` operand `amount` = -1 is out of its range"),
        ("4294967296", "`Deposit` operand `amount` = 4294967296 is out of its range"),
        ("18446744073709551615", "`Deposit` operand `amount` = 18446744073709551615 is not below the Goldilocks prime"),
        (
            "18446744073709551616",
            "`Deposit` operand `amount` = 18446744073709551616 is too large: operands are below 2^64",
        ),
        ("1.5", "`Deposit` operand `amount` = 1.5 is not an integer"),
    ] {
        let path = orderbook_scenario(&dir, "s.ron", &format!("Deposit(account: 1, asset: 0, amount: {operand})"));
        assert_fails_cleanly(&appvm(&[Path::new("run"), &path]), expected);
    }
}

#[test]
fn the_unknown_opcode_message_lists_only_the_inputs() {
    let dir = dir("opcodes");
    let inputs = "Deposit(account, asset, amount), Withdraw(account, asset, amount), \
                  PlaceLimit(account, market, side, price, qty, tif, stp), \
                  PlaceMarket(account, market, side, qty, worst_price, stp), Cancel(account, order), \
                  Amend(account, order, qty)";
    let path = orderbook_scenario(&dir, "s.ron", "Mint(amount: 1)");
    let out = appvm(&[Path::new("run"), &path]);
    assert_fails_cleanly(
        &out,
        &format!("unknown opcode `Mint`; a scenario of VM `orderbook` lists its inputs: {inputs}"),
    );
    assert!(!stderr(&out).contains("FokWalk"), "{}", stderr(&out));
    let path = orderbook_scenario(&dir, "s.ron", "Match(order: 1)");
    assert_fails_cleanly(&appvm(&[Path::new("run"), &path]), "`Match` is internal to VM `orderbook`");
}

#[test]
fn an_empty_input_list_is_refused_as_ops_0_is() {
    let dir = dir("empty");
    let empty = dir.join("empty.ron");
    std::fs::write(&empty, "Scenario(vm: \"ledger\", params: fast, inputs: [])").expect("write");
    let zero = dir.join("zero.ron");
    std::fs::write(&zero, "Scenario(vm: \"ledger\", params: fast, ops: 0)").expect("write");
    for path in [empty, zero] {
        assert_fails_cleanly(&appvm(&[Path::new("run"), &path]), "unsupported batch size 0");
    }
}

#[test]
fn prove_checks_its_output_path_before_proving() {
    let dir = dir("prove-path");
    let missing = dir.join("no-such-dir").join("s.proof");
    let out = appvm(&[Path::new("prove"), &scenario(&dir, "s.ron", 1, 8), Path::new("-o"), &missing]);
    assert_fails_cleanly(&out, "cannot write the proof file");
    // Refused before any work: no phase ran.
    assert!(!stderr(&out).contains("prove "), "{}", stderr(&out));
    // A writable path that did not exist is left as it was when the proof fails for another reason.
    let path = dir.join("left.proof");
    let out = appvm(&[Path::new("prove"), Path::new("nope"), Path::new("-o"), &path]);
    assert_fails_cleanly(&out, "not a VM name");
    assert!(!path.exists());
}

#[test]
fn a_closed_stdout_is_an_error_not_a_panic() {
    use std::process::Stdio;
    let dir = dir("pipe");
    let mut child = Command::new(env!("CARGO_BIN_EXE_appvm"))
        .args([Path::new("run"), &scenario(&dir, "s.ron", 1, 8), Path::new("--events")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    // Closing the read end, as `| head -0` does, before the summary is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("runs");
    assert_fails_cleanly(&out, "cannot write to standard output");
}

#[test]
fn verify_takes_a_vm_name_for_its_scenario_as_run_does() {
    let dir = dir("verify-name");
    let path = dir.join("l.proof");
    let out = appvm(&["prove", "ledger", "--ops", "8", "--params", "fast", "-o", path.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The built-in ledger scenario has other ops and secure parameters: the name is resolved, and
    // its statement is then refused for what it is.
    let out = verify_fast(&path, &["--scenario", "ledger"]);
    assert_fails_cleanly(&out, "built-in ledger asks for secure parameters");
    assert_fails_cleanly(&verify_fast(&path, &["--scenario", "nope"]), "not a VM name");
}

#[test]
fn list_aligns_its_columns() {
    let out = appvm(&["list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("  workload ")).collect();
    let column = |row: &str, what: &str| row.find(what).unwrap_or_else(|| panic!("no `{what}` in {row}"));
    let gens: Vec<usize> = rows.iter().map(|r| column(r, " gen ")).collect();
    assert!(gens.windows(2).all(|w| w[0] == w[1]), "{text}");
    // The about text starts in one column too: after the longest `gen` argument.
    let abouts: Vec<usize> = rows.iter().map(|r| column(r, "gen ") + 4 + "orderbook:adversarial".len() + 2).collect();
    for (row, at) in rows.iter().zip(abouts) {
        assert!(row.is_char_boundary(at) && !row[at..].starts_with(' ') && row[..at].ends_with("  "), "{row}");
    }
}

#[test]
fn sides_times_in_force_and_stp_modes_are_written_as_names() {
    let dir = dir("names");
    // A raw code the VM rejects is written `Code(n)`; `gen` writes the same spelling back.
    let path = orderbook_scenario(
        &dir,
        "s.ron",
        "Deposit(account: 1, asset: 1, amount: 1000),
         PlaceLimit(account: 1, market: 1, side: Buy, price: 10, qty: 5, tif: Ioc, stp: CancelBoth),
         PlaceMarket(account: 1, market: 1, side: Code(7), qty: 5, worst_price: 10, stp: CancelTaker)",
    );
    let out = appvm(&[Path::new("run"), &path, Path::new("--events")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events = events_block(&stdout(&out));
    assert!(events.contains("#1      order 65537 accepted: account 1 Buy 5 at 10 on market 1"), "{events}");
    assert!(events.contains("#1      order 65537 (account 1, Buy on market 1) cancelled, 5 unfilled"), "{events}");
    assert!(events.contains("#2      rejected PlaceMarket of account 1: BadParameter"), "{events}");
    for (inputs, expected) in [
        (
            "PlaceLimit(account: 1, market: 0, side: Bid, price: 5, qty: 10, tif: Gtc, stp: CancelResting)",
            "`PlaceLimit` operand `side` = Bid is not one of Buy, Sell (or `Code(n)` for a raw code)",
        ),
        (
            "PlaceLimit(account: 1, market: 0, side: 0, price: 5, qty: 10, tif: Gtc, stp: CancelResting)",
            "`PlaceLimit` operand `side` is written as a name: Buy, Sell, or `Code(n)` for a raw code",
        ),
        (
            "PlaceLimit(account: 1, market: 0, side: Buy, price: 5, qty: 10, tif: Day, stp: CancelResting)",
            "operand `tif` = Day is not one of Gtc, Ioc, Fok, PostOnly",
        ),
    ] {
        let path = orderbook_scenario(&dir, "bad.ron", inputs);
        assert_fails_cleanly(&appvm(&[Path::new("run"), &path]), expected);
    }
    let out = appvm(&["gen", "orderbook:adversarial", "--seed", "3", "--ops", "300"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("side: Buy") && text.contains("tif: ") && !text.contains("side: 0"), "{text}");
}

#[test]
fn an_order_book_scenario_starts_from_balances_and_resting_orders() {
    let dir = dir("initial-book");
    let path = dir.join("s.ron");
    let text = "Scenario(vm: \"orderbook\", params: fast,
        state: (
            balances: [(account: 1, asset: 0, amount: 5000), (account: 2, asset: 1, amount: 900000)],
            orders: [(account: 1, market: 0, side: Sell, price: 100, qty: 50),
                     (account: 1, market: 0, side: Sell, price: 105, qty: 30)],
        ),
        inputs: [PlaceLimit(account: 2, market: 0, side: Buy, price: 105, qty: 60, tif: Ioc, stp: CancelResting)])";
    std::fs::write(&path, text).expect("write");
    let proof = dir.join("s.proof");
    let out = appvm(&[Path::new("prove"), &path, Path::new("-o"), &proof, Path::new("--events")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events = events_block(&stdout(&out));
    for line in [
        "#0      order 65537 (account 1, Sell on market 0) rests: 50 at 100",
        "#2      trade on market 0: 50 at 100; maker order 65537 (account 1, fee 1 of asset 1)",
        "#2      trade on market 0: 10 at 105; maker order 65538 (account 1, fee 0 of asset 1)",
    ] {
        assert!(events.contains(line), "events lack `{line}`: {events}");
    }
    let out = verify_fast(&proof, &["--scenario", path.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let show = stdout(&appvm(&[Path::new("show"), &proof]));
    assert!(show.contains("  asks: 105: 20 in 1") && show.contains("account   2: asset 0 60 / 0"), "{show}");

    for (state, expected) in [
        ("balances: [(account: 999, asset: 0, amount: 1)]", "no such account or asset"),
        ("balances: [(account: 1, asset: 0, amount: 1152921504606846976)]", "is not below 2^60"),
        (
            "orders: [(account: 1, market: 0, side: Up, price: 1, qty: 1)]",
            "variant named `Up` in enum `Side`, expected either `Buy` or `Sell`",
        ),
    ] {
        let text = format!("Scenario(vm: \"orderbook\", params: fast, ops: 4, state: ({state}))");
        std::fs::write(&path, text).expect("write");
        assert_fails_cleanly(&appvm(&[Path::new("run"), &path]), expected);
    }
}

#[test]
fn an_arena_replay_shows_its_refused_commands_with_their_reason() {
    let dir = dir("arena-events");
    let path = dir.join("m.ron");
    let out = appvm(&["gen", "arena", "--seed", "3", "--units", "2", "--ticks", "20"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A unit told to attack itself: refused, and the refusal is a proven event.
    let text = stdout(&out).replacen(
        "        Attack(unit: 1, target: 0),",
        "        Attack(unit: 1, target: 1),\n        Attack(unit: 1, target: 0),",
        1,
    );
    std::fs::write(&path, text).expect("write");
    let out = appvm(&[Path::new("run"), &path, Path::new("--params"), Path::new("fast"), Path::new("--events")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let events = events_block(&stdout(&out));
    let refused =
        "#1      rejected Attack { unit: 1, target: 1 } (unit 1): TargetFriendly (the target is on the unit's team)";
    assert!(events.contains(refused), "{events}");
    assert!(stdout(&out).contains("rejected         1 command\n"), "{}", stdout(&out));
}
