//! The library's files import each other in one direction (the layers are in the README): this
//! test reads every path into the crate (`crate::…`, `super::…`, in `use` lines and in code),
//! maps it to the file that defines it, and fails on a cycle or on a VM's file that imports more
//! than the `App` trait.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path, `["commands", "gen"]` for `crate::commands::gen`.
type ModPath = Vec<String>;

/// Every file of the library, by the module path it defines (`main.rs` is the binary's crate).
fn files(src: &Path) -> BTreeMap<ModPath, PathBuf> {
    fn walk(dir: &Path, src: &Path, out: &mut BTreeMap<ModPath, PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src/ is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, src, out);
                continue;
            }
            let Ok(relative) = path.strip_prefix(src) else { continue };
            let Some(stem) = relative.to_str().and_then(|p| p.strip_suffix(".rs")) else { continue };
            let mut module: ModPath = stem.split('/').map(str::to_string).collect();
            match module.last().map(String::as_str) {
                Some("main") if module.len() == 1 => continue,
                Some("lib") if module.len() == 1 => module.clear(),
                Some("mod") => {
                    module.pop();
                }
                _ => {}
            }
            out.insert(module, relative.to_path_buf());
        }
    }
    let mut out = BTreeMap::new();
    walk(src, src, &mut out);
    out
}

/// The text without `//` comments (doc links name paths too, but import nothing).
fn code(text: &str) -> String {
    text.lines().map(|line| line.find("//").map_or(line, |at| &line[..at])).collect::<Vec<_>>().join("\n")
}

/// Reads the path (or `{…}` group of paths) at the start of `rest`, after a `crate::` or
/// `super::`, appending each full path under `prefix` to `out`. `self` in a group names the
/// group's own module. Returns the unread text.
fn paths<'a>(rest: &'a str, prefix: &ModPath, out: &mut Vec<ModPath>) -> &'a str {
    let mut path = prefix.clone();
    let mut rest = rest.trim_start();
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            rest = group;
            loop {
                rest = skip_rename(paths(rest, &path, out));
                match rest.strip_prefix(',') {
                    Some(next) => rest = next.trim_start(),
                    None => break,
                }
                if let Some(end) = rest.strip_prefix('}') {
                    return end;
                }
            }
            return rest.strip_prefix('}').unwrap_or(rest);
        }
        let len = rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let (ident, after) = rest.split_at(len);
        if !ident.is_empty() && ident != "self" {
            path.push(ident.to_string());
        }
        match after.strip_prefix("::") {
            Some(next) if !ident.is_empty() => rest = next,
            _ => {
                out.push(path);
                return after;
            }
        }
    }
}

/// `rest` past a glob's `*` or a rename's `as name`, and leading whitespace.
fn skip_rename(rest: &str) -> &str {
    let rest = rest.trim_start().trim_start_matches('*').trim_start();
    match rest.strip_prefix("as ") {
        Some(renamed) => {
            renamed.trim_start().trim_start_matches(|c: char| c.is_alphanumeric() || c == '_').trim_start()
        }
        None => rest,
    }
}

/// The files each file imports from (a path resolves to the longest module prefix that is a file).
fn imports(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let files = files(src);
    let resolve = |path: &ModPath| (1..=path.len()).rev().find_map(|n| files.get(&path[..n]));
    let mut graph = BTreeMap::new();
    for (module, file) in &files {
        let text = code(&std::fs::read_to_string(src.join(file)).expect("a source file is readable"));
        // Below the first inline module (the unit tests), `super` is this file.
        let inline = text.find("mod tests").unwrap_or(text.len());
        let mut found = Vec::new();
        for (at, _) in text.match_indices("crate::") {
            paths(&text[at + "crate::".len()..], &Vec::new(), &mut found);
        }
        for (at, _) in text.match_indices("super::").filter(|&(at, _)| at < inline) {
            paths(&text[at + "super::".len()..], &module[..module.len().saturating_sub(1)].to_vec(), &mut found);
        }
        let targets = found.iter().filter_map(resolve).filter(|target| *target != file).cloned().collect();
        graph.insert(file.clone(), targets);
    }
    graph
}

/// A cycle of `graph`, if it has one, as the files along it.
fn cycle(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Option<Vec<PathBuf>> {
    fn visit(
        file: &PathBuf,
        graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        done: &mut BTreeSet<PathBuf>,
        stack: &mut Vec<PathBuf>,
    ) -> Option<Vec<PathBuf>> {
        if let Some(at) = stack.iter().position(|f| f == file) {
            return Some(stack[at..].iter().chain([file]).cloned().collect());
        }
        if done.contains(file) {
            return None;
        }
        stack.push(file.clone());
        for next in graph.get(file).into_iter().flatten() {
            if let Some(found) = visit(next, graph, done, stack) {
                return Some(found);
            }
        }
        stack.pop();
        done.insert(file.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|file| visit(file, graph, &mut done, &mut Vec::new()))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_library_imports_without_a_cycle() {
    let graph = imports(&src());
    if let Some(files) = cycle(&graph) {
        let files: Vec<_> = files.iter().map(|f| f.display().to_string()).collect();
        panic!("an import cycle: {}", files.join(" -> "));
    }
}

#[test]
fn a_vm_file_imports_only_the_app_trait() {
    let graph = imports(&src());
    let app = BTreeSet::from([PathBuf::from("app.rs")]);
    assert_eq!(graph[Path::new("app.rs")], BTreeSet::new(), "app.rs imports nothing of the command");
    for (file, targets) in graph.iter().filter(|(file, _)| file.starts_with("apps") && !file.ends_with("mod.rs")) {
        assert_eq!(targets, &app, "{} imports more than app.rs", file.display());
    }
}

#[test]
fn the_reader_finds_every_form_of_path() {
    let read = |text: &str| {
        let mut out = Vec::new();
        paths(text, &vec!["x".to_string()], &mut out);
        out.iter().map(|p| p.join("::")).collect::<Vec<_>>()
    };
    assert_eq!(read("a::B;"), ["x::a::B"]);
    assert_eq!(
        read("a::{self, b::{C, d}, E as F, g::*, h};"),
        ["x::a", "x::a::b::C", "x::a::b::d", "x::a::E", "x::a::g", "x::a::h"]
    );
    assert_eq!(read("report::format_duration(took))"), ["x::report::format_duration"]);

    // A graph with a cycle is reported; this crate's own has edges to check.
    let edge = |a: &str, b: &str| (PathBuf::from(a), BTreeSet::from([PathBuf::from(b)]));
    let looped = BTreeMap::from([edge("a.rs", "b.rs"), edge("b.rs", "a.rs")]);
    assert!(cycle(&looped).is_some());
    let graph = imports(&src());
    assert!(graph[Path::new("registry.rs")].contains(Path::new("entry.rs")), "{graph:?}");
    assert!(graph[Path::new("progress.rs")].contains(Path::new("report/mod.rs")), "{graph:?}");
    assert!(graph[Path::new("report/svg.rs")].contains(Path::new("report/bench.rs")), "{graph:?}");
}
