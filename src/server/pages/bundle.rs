//! One classic script from the pages' ES modules, for a file that must run with no server
//! behind it (the "Download my credit" file, opened from disk, where `import` of another file
//! is refused). Each module becomes a function scope whose exports are returned as an object;
//! its imports read those objects. Only the forms the pages' modules use are understood —
//! `import { a, b } from './x.js';` on one line, and `export` before `function`,
//! `async function`, `const` and `class` — anything else is an error, so a module written
//! another way is caught by the unit test below rather than shipped half-inlined.

use super::assets;

/// The modules, in an order where each comes after those it imports, as one script.
pub(super) fn bundle(modules: &[&str]) -> Result<String, String> {
    let mut out = String::from("'use strict';\nconst heardModules = {};\n");
    for name in modules {
        let (_, text) = assets::get(name).ok_or_else(|| format!("no static file {name}"))?;
        let mut body = String::new();
        let mut exports = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("import ") {
                let (names, from) = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once("} from './"))
                    .ok_or_else(|| format!("{name}: an import this bundler does not read: {line}"))?;
                let from = from.strip_suffix("';").ok_or_else(|| format!("{name}: unterminated import: {line}"))?;
                if !modules.iter().take_while(|m| *m != name).any(|m| *m == from) {
                    return Err(format!("{name} imports {from}, which is not bundled before it"));
                }
                if names.contains(" as ") {
                    return Err(format!("{name}: renamed imports are not supported: {line}"));
                }
                body.push_str(&format!("const {{{names}}} = heardModules[{from:?}];\n"));
            } else if let Some(rest) = line.strip_prefix("export ") {
                let declared = ["async function ", "function ", "const ", "class "]
                    .iter()
                    .find_map(|k| rest.strip_prefix(k))
                    .ok_or_else(|| format!("{name}: an export this bundler does not read: {line}"))?;
                let ident: String =
                    declared.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$').collect();
                if ident.is_empty() {
                    return Err(format!("{name}: no name after export: {line}"));
                }
                exports.push(ident);
                body.push_str(rest);
                body.push('\n');
            } else if line.contains("import(") || line.trim_start().starts_with("import ") {
                return Err(format!("{name}: an import this bundler does not read: {line}"));
            } else {
                body.push_str(line);
                body.push('\n');
            }
        }
        out.push_str(&format!(
            "heardModules[{name:?}] = (() => {{\n{body}return {{ {} }};\n}})();\n",
            exports.join(", ")
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credit_verifier_bundles_without_a_module_left_over() {
        let js = bundle(super::super::credit::MODULES).expect("bundles");
        for line in js.lines() {
            assert!(!line.starts_with("import ") && !line.starts_with("export "), "left over: {line}");
        }
        assert!(js.contains("heardModules[\"receipt.js\"] = (() => {"));
        assert!(js.contains("return { verifyReceipt };") || js.contains(", verifyReceipt"));
    }

    #[test]
    fn modules_out_of_order_or_in_other_forms_are_refused() {
        assert!(bundle(&["receipt.js", "bytes.js"]).unwrap_err().contains("not bundled before it"));
        assert!(bundle(&["no-such.js"]).is_err());
        // record.js has a multi-line import, which this bundler does not read.
        let all = ["bytes.js", "ui.js", "cbor.js", "keyfile.js", "statement.js", "record.js"];
        assert!(bundle(&all).unwrap_err().contains("record.js"));
    }
}
