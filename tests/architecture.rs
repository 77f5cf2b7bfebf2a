//! The one rule of the layers (docs/architecture.md): a module of the
//! library imports only modules of lower layers. Lower layers never know
//! about higher ones, so there are no import cycles, and a stage can be
//! read and tested without what comes after it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The library's top-level modules, lowest layer first. Modules on one line
/// share a layer and may not import each other.
const LAYERS: &[&[&str]] = &[
    // Leaves: no other module of the crate.
    &[
        "diagnostics",
        "free",
        "history",
        "limits",
        "output",
        "suggest",
        "test_calendar",
        "test_random",
        "text",
        "timing",
        "urls",
    ],
    // What a render makes: everything, or what an edit changed.
    &["plan"],
    // Reading one file: its YAML, its bytes and its dates.
    &["yaml"],
    &["source", "when"],
    &["fields"],
    &["recurrence"],
    // The checked calendar, and how a file becomes part of it.
    &["model"],
    &["parse"],
    &["load"],
    &["validate", "expand", "theme"],
    &["index", "agenda"],
    &["prepare"],
    &["render"],
    // Commands.
    &["build", "scaffold", "init", "import"],
    &["serve"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The crate's top-level modules that `source` names as `crate::<name>`.
fn imports(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c}`: every name at the group's top level.
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for item in inner.split(',') {
                let name = item.trim().split("::").next().unwrap_or_default();
                if !name.is_empty() {
                    found.insert(name.to_string());
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

/// Every library source file, by the top-level module it belongs to.
fn modules() -> BTreeMap<String, Vec<(String, String)>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap();
        let first = first.as_os_str().to_str().unwrap();
        // The binary (main.rs and its cmd/ modules) may use anything, and
        // so may tests, which build their inputs with higher stages.
        if matches!(first, "main.rs" | "lib.rs" | "cmd") || path.ends_with("tests.rs") {
            continue;
        }
        let module = first.trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let text = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .to_string();
        modules
            .entry(module)
            .or_default()
            .push((relative.display().to_string(), text));
    }
    modules
}

#[test]
fn every_module_imports_only_lower_layers() {
    let mut wrong = Vec::new();
    for (module, files) in modules() {
        let Some(own) = layer_of(&module) else {
            wrong.push(format!(
                "src/{module}: not in LAYERS; give it a layer in tests/architecture.rs and docs/architecture.md"
            ));
            continue;
        };
        for (file, text) in &files {
            for import in imports(text) {
                if import == module {
                    continue;
                }
                match layer_of(&import) {
                    Some(layer) if layer < own => {}
                    Some(layer) => wrong.push(format!(
                        "src/{file}: `{module}` (layer {own}) imports `{import}` (layer {layer})"
                    )),
                    None => wrong.push(format!("src/{file}: imports unknown `crate::{import}`")),
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the layers are broken:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_module_of_the_library_has_a_layer() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|line| {
            line.strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))
        })
        .map(|rest| rest.trim_end_matches(';'))
        .collect();
    let layered: BTreeSet<&str> = LAYERS
        .iter()
        .flat_map(|layer| layer.iter().copied())
        .collect();
    assert_eq!(declared, layered);
}

#[test]
fn the_import_reader_sees_every_form() {
    let text = "use crate::model::{Event, Place};\nuse crate::{text, urls::Urls};\nlet x = crate::when::parse(y);";
    let found: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(found, ["model", "text", "urls", "when"]);
}
