//! The library's layering, checked on its source text (docs/ARCHITECTURE.md, "Module map").
//!
//! Every `.rs` file under `src/` is read as tokens (comments and string literals dropped, items
//! under `#[cfg(test)]` left out: a test may reach anywhere). Each `crate::…`, `super::…` and
//! `self::…` path, and each `use` tree with its `{…}` groups, is resolved to the file it names,
//! following the re-exports of the module files on the way. Three rules:
//!
//! - a top-level module uses only the modules [`ALLOWED`] lists for it (the table is mirrored in
//!   docs/ARCHITECTURE.md): nothing above it or beside it;
//! - the modules in [`NO_GUI`] name no GUI crate (egui, eframe, rfd), so the command line, the
//!   tests and the editor share them;
//! - inside one top-level module, the files do not use each other in a cycle. A module's own
//!   file (`mod.rs` or `x.rs` beside `x/`) may use the files under it, which it declares.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and the modules it may use. From the bottom: `model`; `catalog`; the
/// siblings `file`, `edit`, `assess`, `merge`, `layout`, which use only `model` and `catalog`;
/// then what builds on them (`templates`, `generate`, `interchange`, `diagram`), the painters
/// (`export`, `canvas`), and the front ends (`cli`, `app`, `main`).
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("markup", &[]),
    ("catalog", &["model"]),
    ("file", &["model"]),
    ("edit", &["model"]),
    ("assess", &["catalog", "markup", "model"]),
    ("merge", &["model"]),
    ("layout", &["model"]),
    ("templates", &["file", "model"]),
    ("generate", &["catalog", "file", "model"]),
    ("interchange", &["file", "layout", "markup", "model"]),
    ("diagram", &["assess", "catalog", "layout", "model"]),
    ("session", &["assess", "catalog", "diagram", "edit", "file", "model"]),
    (
        "export",
        &["assess", "catalog", "diagram", "file", "layout", "markup", "model"],
    ),
    ("canvas", &["assess", "catalog", "diagram", "edit", "layout", "model"]),
    (
        "cli",
        &[
            "assess",
            "catalog",
            "diagram",
            "edit",
            "export",
            "file",
            "generate",
            "interchange",
            "layout",
            "merge",
            "model",
            "templates",
        ],
    ),
    (
        "app",
        &[
            "assess",
            "canvas",
            "catalog",
            "diagram",
            "edit",
            "export",
            "file",
            "generate",
            "interchange",
            "layout",
            "merge",
            "model",
            "session",
            "templates",
        ],
    ),
    ("main", &["app", "cli"]),
];

/// The modules that never name a GUI crate.
const NO_GUI: &[&str] = &[
    "model",
    "catalog",
    "file",
    "edit",
    "assess",
    "merge",
    "layout",
    "interchange",
    "markup",
    "session",
];

/// The GUI crates.
const GUI_CRATES: &[&str] = &["egui", "eframe", "rfd"];

/// Cycles between files that are known and accepted for now, each by its files as the checker
/// names them; a cycle not listed here, or one that grew, fails the test.
const KNOWN_CYCLES: &[&[&str]] = &[
    // The PDF's drawing paints with the PDF's fonts, which take their colour type from the drawing.
    &["assess/output/pdf/drawing", "assess/output/pdf/fonts"],
    // The catalogue's index holds the sources, and the sources check citations against the index.
    &["catalog/index", "catalog/sources"],
    // A node's box is sized by `sizes` from the drawing constants `geometry` owns.
    &["diagram/geometry", "diagram/sizes"],
    // The tree merge calls the reference repair, which reports conflicts in the tree's type.
    &["merge/references", "merge/tree"],
];

/// The crate's own `src/`.
fn the_library() -> Crate {
    Crate::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

/// Whether a known cycle is this one (the same files).
fn is_cycle(known: &[&str], cycle: &[String]) -> bool {
    known.iter().copied().eq(cycle.iter().map(String::as_str))
}

#[test]
fn modules_use_only_the_modules_below_them() {
    let problems = the_library().problems();
    assert!(problems.is_empty(), "layering broken:\n{}", problems.join("\n"));
}

#[test]
fn the_known_cycles_are_still_there() {
    let (_, edges) = the_library().layering_and_edges();
    let cycles = cycles(&edges);
    for known in KNOWN_CYCLES {
        assert!(
            cycles.iter().any(|cycle| is_cycle(known, cycle)),
            "the cycle {known:?} is gone: take it out of KNOWN_CYCLES"
        );
    }
}

#[test]
fn the_table_is_a_layering() {
    let table: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    assert_eq!(table.len(), ALLOWED.len(), "a module is listed twice");
    for (module, uses) in &table {
        for used in *uses {
            assert!(
                table.contains_key(used),
                "{module} may use {used}, which is not in the table"
            );
        }
    }
    let graph: BTreeMap<String, BTreeSet<String>> = table
        .iter()
        .map(|(m, uses)| (m.to_string(), uses.iter().map(|u| u.to_string()).collect()))
        .collect();
    let cycles = strongly_connected(&graph);
    assert!(cycles.is_empty(), "the table has cycles: {cycles:?}");
    for module in NO_GUI {
        assert!(table.contains_key(module), "{module} is not in the table");
    }
}

/// One source file: its path under `src/` and its text.
struct Source {
    path: String,
    text: String,
}

/// A path found in a file, with the line it starts on.
struct Found {
    segments: Vec<String>,
    line: usize,
    /// The module the path is written in: the file's, or one declared inline in it (`mod v0 {`).
    scope: Vec<String>,
    /// `use …;` (`Some(name it is known by)`, `*` for a glob), or a path in code (`None`).
    imported_as: Option<String>,
}

/// A file after reading: its module path (`["assess", "live"]`) and what it names.
struct File {
    path: String,
    module: Vec<String>,
    paths: Vec<Found>,
    /// Names the file defines (functions, types, constants, statics, modules).
    defined: BTreeSet<String>,
    /// Child modules declared under `#[cfg(test)]`: their files are test code.
    test_children: BTreeSet<String>,
    /// The whole file is test code (`#![cfg(test)]`).
    test_only: bool,
}

struct Crate {
    files: BTreeMap<Vec<String>, File>,
}

impl Crate {
    fn read(src: &Path) -> Self {
        let mut sources = Vec::new();
        collect(src, src, &mut sources);
        Self::of(sources)
    }

    fn of(sources: Vec<Source>) -> Self {
        let files: BTreeMap<Vec<String>, File> = sources
            .into_iter()
            .map(|source| {
                let file = File::read(&source);
                (file.module.clone(), file)
            })
            .collect();
        let mut crate_ = Self { files };
        crate_.drop_test_files();
        crate_
    }

    /// Leaves out files that are test code, and the files under them.
    fn drop_test_files(&mut self) {
        let test_roots: Vec<Vec<String>> = (self.files.values())
            .flat_map(|f| {
                let own = f.test_only.then(|| f.module.clone());
                let children = f.test_children.iter().map(|c| child(&f.module, c));
                own.into_iter().chain(children)
            })
            .collect();
        self.files
            .retain(|module, _| !test_roots.iter().any(|root| module.starts_with(root)));
    }

    /// Every broken rule, one line each, starting with the file and line.
    fn problems(&self) -> Vec<String> {
        let (mut problems, edges) = self.layering_and_edges();
        for cycle in cycles(&edges) {
            if KNOWN_CYCLES.iter().any(|known| is_cycle(known, &cycle)) {
                continue;
            }
            let arrows: Vec<String> = (edges.iter())
                .filter(|((from, to), _)| cycle.contains(from) && cycle.contains(to))
                .map(|((from, to), at)| format!("{from} -> {to} ({at})"))
                .collect();
            problems.push(format!("cycle between {}: {}", cycle.join(", "), arrows.join("; ")));
        }
        problems
    }

    /// The imports that break the layering (or name a GUI crate where none may be), and every
    /// arrow between two files of one top-level module, with the first place it is made.
    fn layering_and_edges(&self) -> (Vec<String>, BTreeMap<(String, String), String>) {
        let table: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
        let mut problems = Vec::new();
        let mut edges = BTreeMap::new();
        // The crate root (`lib.rs`) only declares the top-level modules.
        for file in self.files.values().filter(|f| !f.module.is_empty()) {
            let top = file.module[0].as_str();
            let Some(allowed) = table.get(top) else {
                problems.push(format!("src/{}: module `{top}` is not in the table", file.path));
                continue;
            };
            for found in &file.paths {
                let first = found.segments[0].as_str();
                if NO_GUI.contains(&top) && GUI_CRATES.contains(&first) {
                    problems.push(format!(
                        "src/{}:{}: {top} names the GUI crate {first}",
                        file.path, found.line
                    ));
                }
                let Some(target) = self.absolute(found) else {
                    continue;
                };
                if target[0] != top {
                    if !allowed.contains(&target[0].as_str()) {
                        problems.push(format!(
                            "src/{}:{}: {top} uses {} ({})",
                            file.path,
                            found.line,
                            target[0],
                            found.segments.join("::")
                        ));
                    }
                    continue;
                }
                let used = self.resolve(&target, 0);
                if !used.starts_with(&file.module) {
                    edges
                        .entry((file.module.join("/"), used.join("/")))
                        .or_insert_with(|| format!("src/{}:{}", file.path, found.line));
                }
            }
        }
        (problems, edges)
    }

    /// The path from the crate root a found path stands for, when it is in this crate.
    fn absolute(&self, found: &Found) -> Option<Vec<String>> {
        let mut rest = &found.segments[..];
        let mut base: Vec<String> = match rest[0].as_str() {
            "crate" | "dlt_modeller" => {
                rest = &rest[1..];
                Vec::new()
            }
            "self" => {
                rest = &rest[1..];
                found.scope.clone()
            }
            "super" => {
                let mut base = found.scope.clone();
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop()?;
                    rest = &rest[1..];
                }
                base
            }
            first if found.scope.is_empty() || self.files.contains_key(&child(&found.scope, first)) => {
                found.scope.clone()
            }
            _ => return None,
        };
        base.extend(rest.iter().cloned());
        // `crate::x` names a top-level module only when there is one (not a macro at the root).
        (!base.is_empty() && self.files.contains_key(&base[..1])).then_some(base)
    }

    /// The file that defines what `path` (from the crate root) names, through re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Vec<String> {
        let prefix = (1..=path.len())
            .rev()
            .find(|&n| self.files.contains_key(&path[..n]))
            .unwrap_or(0);
        let module = path[..prefix].to_vec();
        let Some(name) = path.get(prefix) else {
            return module;
        };
        let Some(file) = self.files.get(&module) else {
            return module;
        };
        if depth > 8 || file.defined.contains(name) {
            return module;
        }
        let reexport = file.imports_named(name).find_map(|found| self.absolute(found));
        if let Some(mut target) = reexport {
            target.extend(path[prefix + 1..].iter().cloned());
            return self.resolve(&target, depth + 1);
        }
        for glob in file.imports_named("*") {
            let Some(glob_module) = self.absolute(glob) else {
                continue;
            };
            let offers = (self.files.get(&glob_module)).is_some_and(|offering| {
                offering.defined.contains(name) || offering.imports_named(name).next().is_some()
            });
            if offers {
                let mut target = glob_module;
                target.extend(path[prefix..].iter().cloned());
                return self.resolve(&target, depth + 1);
            }
        }
        module
    }
}

fn collect(root: &Path, dir: &Path, sources: &mut Vec<Source>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(root, &path, sources);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap();
            sources.push(Source { path: relative, text });
        }
    }
}

fn child(module: &[String], name: &str) -> Vec<String> {
    let mut path = module.to_vec();
    path.push(name.to_string());
    path
}

impl File {
    fn read(source: &Source) -> Self {
        let stem = source.path.trim_end_matches(".rs");
        let mut module: Vec<String> = stem.split('/').map(str::to_string).collect();
        if module.last().is_some_and(|last| last == "mod") || stem == "lib" {
            module.pop();
        }
        let tokens = tokens(&source.text);
        let mut file = File {
            path: source.path.clone(),
            module,
            paths: Vec::new(),
            defined: BTreeSet::new(),
            test_children: BTreeSet::new(),
            test_only: false,
        };
        let kept = file.leave_out_tests(&tokens);
        file.read_paths(&kept);
        file
    }

    /// The `use` declarations of the file's own module that bring in `name` (`*`: the globs).
    fn imports_named<'f>(&'f self, name: &'f str) -> impl Iterator<Item = &'f Found> {
        (self.paths.iter())
            .filter(move |found| found.scope == self.module && found.imported_as.as_deref() == Some(name))
    }

    /// The tokens outside `#[cfg(test)]` items.
    fn leave_out_tests<'t>(&mut self, tokens: &'t [Token]) -> Vec<&'t Token> {
        let mut kept = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let Some(after) = cfg_test(tokens, i) {
                if tokens[i + 1].text == "!" {
                    self.test_only = true;
                    return Vec::new();
                }
                let mut item = after;
                while tokens.get(item).is_some_and(|t| t.text == "#") {
                    item = attribute_end(tokens, item);
                }
                let end = item_end(tokens, item);
                let words: Vec<&str> = tokens[item..end].iter().map(|t| t.text.as_str()).collect();
                if let Some(at) = words.iter().position(|w| *w == "mod")
                    && words.last() == Some(&";")
                {
                    self.test_children.insert(words[at + 1].to_string());
                }
                i = end;
                continue;
            }
            kept.push(&tokens[i]);
            i += 1;
        }
        kept
    }

    fn read_paths(&mut self, tokens: &[&Token]) {
        // The inline modules the reading is in, each with the brace depth of its body.
        let mut inline: Vec<(Vec<String>, usize)> = Vec::new();
        let mut depth = 0;
        let mut i = 0;
        while i < tokens.len() {
            let token = tokens[i];
            let scope = inline
                .last()
                .map_or_else(|| self.module.clone(), |(module, _)| module.clone());
            match token.text.as_str() {
                "{" => {
                    depth += 1;
                    if i >= 2 && tokens[i - 2].text == "mod" {
                        inline.push((child(&scope, &tokens[i - 1].text), depth));
                    }
                }
                "}" => {
                    if inline.last().is_some_and(|(_, opened)| *opened == depth) {
                        inline.pop();
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
            if token.is_ident && i > 0 && DEFINING.contains(&tokens[i - 1].text.as_str()) {
                self.defined.insert(token.text.clone());
            }
            if token.text == "use" {
                i += 1;
                if tokens.get(i).is_some_and(|t| t.text == "::") {
                    i += 1;
                }
                i = self.read_use_tree(tokens, i, &scope, Vec::new());
                continue;
            }
            let starts_path = token.is_ident
                && tokens.get(i + 1).is_some_and(|t| t.text == "::")
                && tokens.get(i + 2).is_some_and(|t| t.is_ident)
                && (i == 0 || tokens[i - 1].text != "::");
            if starts_path {
                let mut segments = vec![token.text.clone()];
                let mut j = i + 1;
                while tokens.get(j).is_some_and(|t| t.text == "::") && tokens.get(j + 1).is_some_and(|t| t.is_ident) {
                    segments.push(tokens[j + 1].text.clone());
                    j += 2;
                }
                self.paths.push(Found {
                    segments,
                    line: token.line,
                    scope,
                    imported_as: None,
                });
                i = j;
                continue;
            }
            i += 1;
        }
    }

    /// Reads one use tree after `prefix` from `i`, recording its leaves; returns where it ends.
    fn read_use_tree(&mut self, tokens: &[&Token], mut i: usize, scope: &[String], mut prefix: Vec<String>) -> usize {
        let line = tokens.get(i).map_or(0, |t| t.line);
        loop {
            let Some(token) = tokens.get(i) else { return i };
            match token.text.as_str() {
                "{" => {
                    i += 1;
                    while tokens.get(i).is_some_and(|t| t.text != "}") {
                        i = self.read_use_tree(tokens, i, scope, prefix.clone());
                        if tokens.get(i).is_some_and(|t| t.text == ",") {
                            i += 1;
                        }
                    }
                    return i + 1;
                }
                "*" => {
                    self.push_import(prefix, line, scope, "*".to_string());
                    return i + 1;
                }
                "self" if !prefix.is_empty() => {
                    let name = prefix.last().cloned().unwrap_or_default();
                    i += 1;
                    let name = alias(tokens, &mut i).unwrap_or(name);
                    self.push_import(prefix, line, scope, name);
                    return i;
                }
                _ if token.is_ident => {
                    prefix.push(token.text.clone());
                    i += 1;
                    if tokens.get(i).is_some_and(|t| t.text == "::") {
                        i += 1;
                        continue;
                    }
                    let name = alias(tokens, &mut i).unwrap_or_else(|| token.text.clone());
                    self.push_import(prefix, line, scope, name);
                    return i;
                }
                _ => return i,
            }
        }
    }

    fn push_import(&mut self, segments: Vec<String>, line: usize, scope: &[String], name: String) {
        if !segments.is_empty() {
            self.paths.push(Found {
                segments,
                line,
                scope: scope.to_vec(),
                imported_as: Some(name),
            });
        }
    }
}

/// Keywords after which an item's name follows.
const DEFINING: &[&str] = &[
    "fn", "struct", "enum", "trait", "type", "const", "static", "mod", "union",
];

/// `as name` at `i`: the name, and `i` moved past it.
fn alias(tokens: &[&Token], i: &mut usize) -> Option<String> {
    if tokens.get(*i).is_some_and(|t| t.text == "as") {
        let name = tokens.get(*i + 1).map(|t| t.text.clone());
        *i += 2;
        return name;
    }
    None
}

/// Where the item after `#[cfg(test)]` (or `#![cfg(test)]`) starting at `i` begins.
fn cfg_test(tokens: &[Token], i: usize) -> Option<usize> {
    let words = |from: usize, expected: &[&str]| {
        expected
            .iter()
            .enumerate()
            .all(|(k, w)| tokens.get(from + k).is_some_and(|t| t.text == *w))
    };
    if words(i, &["#", "[", "cfg", "(", "test", ")", "]"]) {
        Some(i + 7)
    } else if words(i, &["#", "!", "[", "cfg", "(", "test", ")", "]"]) {
        Some(i + 8)
    } else {
        None
    }
}

/// The token after the attribute `#[…]` starting at `i`.
fn attribute_end(tokens: &[Token], i: usize) -> usize {
    let mut depth = 0;
    for (k, token) in tokens.iter().enumerate().skip(i + 1) {
        match token.text.as_str() {
            "[" => depth += 1,
            "]" => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// The token after the item starting at `i`: past its `;` or its body's closing brace.
fn item_end(tokens: &[Token], i: usize) -> usize {
    let mut depth = 0i32;
    for (k, token) in tokens.iter().enumerate().skip(i) {
        match token.text.as_str() {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            ";" if depth == 0 => return k + 1,
            _ => {}
        }
    }
    tokens.len()
}

/// An identifier or a piece of punctuation (`::` is one), with its line.
struct Token {
    text: String,
    line: usize,
    is_ident: bool,
}

/// The tokens of Rust source, without comments, string, character and number literals.
fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |k: usize| chars.get(k).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i) {
            // r"…", r#"…"#, br"…", cr"…"
            i = chars[i..]
                .iter()
                .position(|&q| q == '"')
                .map_or(chars.len(), |p| i + p + 1);
            let closing: String = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let closing: Vec<char> = closing.chars().collect();
            while i < chars.len() && !chars[i..].starts_with(&closing) {
                line += usize::from(chars[i] == '\n');
                i += 1;
            }
            i += closing.len();
        } else if c == '"' || ((c == 'b' || c == 'c') && at(i + 1) == '"') {
            i += if c == '"' { 1 } else { 2 };
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                line += usize::from(at(i) == '\n');
                i += 1;
            }
            i += 1;
        } else if c == '\'' || (c == 'b' && at(i + 1) == '\'') {
            let quote = if c == '\'' { i } else { i + 1 };
            if at(quote + 1) == '\\' {
                i = quote + 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(quote + 2) == '\'' {
                i = quote + 3;
            } else {
                i = quote + 1; // a lifetime: its name follows as an identifier
            }
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            if c == 'r' && at(i + 1) == '#' {
                i += 2;
            }
            let from = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token {
                text: chars[from..i].iter().collect(),
                line: start_line,
                is_ident: true,
            });
        } else {
            let text = if c == ':' && at(i + 1) == ':' {
                i += 2;
                "::".to_string()
            } else {
                i += 1;
                c.to_string()
            };
            tokens.push(Token {
                text,
                line: start_line,
                is_ident: false,
            });
        }
    }
    tokens
}

/// The number of `#`s of a raw string literal starting at `i`.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    let mut k = i;
    if matches!(chars.get(k), Some('b' | 'c')) {
        k += 1;
    }
    if chars.get(k) != Some(&'r') || (k > i && chars.get(i) == Some(&'r')) {
        return None;
    }
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    k += 1;
    let hashes = chars[k..].iter().take_while(|&&c| c == '#').count();
    (chars.get(k + hashes) == Some(&'"')).then_some(hashes)
}

/// The cycles among files: arrows between files of different top-level modules never close one
/// (the table is a layering).
fn cycles(edges: &BTreeMap<(String, String), String>) -> Vec<Vec<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        graph.entry(from.clone()).or_default().insert(to.clone());
    }
    strongly_connected(&graph)
}

/// The strongly connected components with more than one member, each sorted, in order.
fn strongly_connected(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let reaches = |from: &String| {
        let mut seen: BTreeSet<&String> = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            for next in graph.get(node).into_iter().flatten() {
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<&String>> = graph.keys().map(|n| (n, reaches(n))).collect();
    let mut components: BTreeSet<Vec<String>> = BTreeSet::new();
    for (node, reached) in &reach {
        let component: Vec<String> = (reached.iter())
            .filter(|other| reach.get(*other).is_some_and(|back| back.contains(node)))
            .map(|n| n.to_string())
            .collect();
        if component.len() > 1 {
            components.insert(component);
        }
    }
    components.into_iter().collect()
}

/// The checker on made-up crates.
mod checker {
    use super::*;

    fn crate_of(files: &[(&str, &str)]) -> Crate {
        Crate::of(
            files
                .iter()
                .map(|(path, text)| Source {
                    path: path.to_string(),
                    text: text.to_string(),
                })
                .collect(),
        )
    }

    #[test]
    fn an_upward_import_is_named_with_its_file_and_line() {
        let problems = crate_of(&[
            ("model/mod.rs", "//! The model.\n\nuse crate::{catalog, app::App};\n"),
            ("catalog/mod.rs", "pub fn lookup() { crate::model::check(); }\n"),
            ("app/mod.rs", "pub struct App;\n"),
        ])
        .problems();
        assert_eq!(
            problems,
            [
                "src/model/mod.rs:3: model uses catalog (crate::catalog)",
                "src/model/mod.rs:3: model uses app (crate::app::App)"
            ]
        );
    }

    #[test]
    fn a_sideways_import_in_code_is_named() {
        let problems = crate_of(&[
            (
                "edit/ops.rs",
                "fn f() {\n    let x = crate::file::check(\"crate::app\");\n}\n",
            ),
            ("edit/mod.rs", "mod ops;\n"),
            ("file/mod.rs", "pub fn check() {}\n"),
        ])
        .problems();
        assert_eq!(problems, ["src/edit/ops.rs:2: edit uses file (crate::file::check)"]);
    }

    #[test]
    fn comments_strings_and_tests_are_not_imports() {
        let problems = crate_of(&[
            (
                "assess/mod.rs",
                "//! Like [`crate::app`], egui::Ui.\n/* crate::canvas */\nconst S: &str = r#\"crate::app\"#;\n\
                 fn f(c: char) -> bool { c == '{' }\n#[cfg(test)]\nmod tests {\n    use crate::edit::History;\n    fn g() { if true { crate::app::run(); } }\n}\n",
            ),
            ("edit/mod.rs", "pub struct History;\n"),
            ("app/mod.rs", "pub fn run() {}\n"),
            ("canvas/mod.rs", ""),
        ])
        .problems();
        assert_eq!(problems, Vec::<String>::new());
    }

    #[test]
    fn a_gui_crate_below_the_app_is_named() {
        let problems = crate_of(&[("layout/mod.rs", "use eframe::egui;\nfn f(ui: &mut egui::Ui) {}\n")]).problems();
        assert_eq!(
            problems,
            [
                "src/layout/mod.rs:1: layout names the GUI crate eframe",
                "src/layout/mod.rs:2: layout names the GUI crate egui"
            ]
        );
    }

    #[test]
    fn a_cycle_through_reexports_is_named() {
        let problems = crate_of(&[
            (
                "assess/mod.rs",
                "mod report;\nmod tally;\npub use report::Report;\npub use tally::Tally;\n",
            ),
            ("assess/report.rs", "use super::Tally;\npub struct Report;\n"),
            (
                "assess/tally.rs",
                "pub struct Tally;\nfn f() -> crate::assess::Report { todo!() }\n",
            ),
        ])
        .problems();
        assert_eq!(
            problems,
            [
                "cycle between assess/report, assess/tally: assess/report -> assess/tally (src/assess/report.rs:1); \
              assess/tally -> assess/report (src/assess/tally.rs:2)"
            ]
        );
    }

    #[test]
    fn super_in_an_inline_module_starts_from_that_module() {
        let problems = crate_of(&[
            ("layout/mod.rs", "mod order;\nmod ranks;\n"),
            ("layout/order.rs", "use super::ranks::rank;\npub struct Order;\n"),
            (
                "layout/ranks.rs",
                "pub fn rank() {}\nmod cycles {\n    use super::super::order::Order;\n}\n",
            ),
        ])
        .problems();
        assert_eq!(
            problems,
            [
                "cycle between layout/order, layout/ranks: layout/order -> layout/ranks (src/layout/order.rs:1); \
              layout/ranks -> layout/order (src/layout/ranks.rs:3)"
            ]
        );
    }

    #[test]
    fn a_module_file_may_use_the_files_under_it() {
        let problems = crate_of(&[
            (
                "file/mod.rs",
                "mod format;\npub use format::parse;\npub struct LoadError;\n",
            ),
            ("file/format.rs", "use super::LoadError;\npub fn parse() {}\n"),
        ])
        .problems();
        assert_eq!(problems, Vec::<String>::new());
    }
}
