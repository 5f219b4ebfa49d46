//! The Rust client's parameter structs and methods (`src/client/<resource>.rs`, one file a
//! resource module), written from the endpoint descriptions: a field a parameter, a method
//! an endpoint, a paginator a list. The files are checked in; `make lint` fails when they
//! are stale and `make generate` writes them again.

use crate::{pascal, retry_note, PARAM_ALIASES};
use looply_sdk::api::{self, Resource};
use looply_sdk::endpoint::{Endpoint, List, Param, Rule};
use looply_sdk::http::Method;
use serde_json::{Map, Value};
use std::fmt::Write;

/// The generated files: each resource module's path and text (formatted by `rustfmt`).
pub fn client_modules(schemas: &Map<String, Value>) -> Vec<(String, String)> {
    api::RESOURCES
        .iter()
        .map(|r| {
            let path = format!("src/client/{}.rs", r.module.0);
            (path, rustfmt(&module(r, schemas)))
        })
        .collect()
}

/// `getWorkflowById` → `get_workflow_by_id`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `///` lines of `text`, indented by `indent`.
fn doc(out: &mut String, indent: &str, text: &str) {
    wrapped(out, &format!("{indent}///"), text);
}

/// Each line of `text` after `prefix`, wrapped at 92 columns.
fn wrapped(out: &mut String, prefix: &str, text: &str) {
    for line in text.lines() {
        let mut current = prefix.to_owned();
        for word in line.split_whitespace() {
            if current.len() + 1 + word.len() > 92 && current.len() > prefix.len() {
                let _ = writeln!(out, "{current}");
                current = prefix.to_owned();
            }
            current.push(' ');
            current.push_str(word);
        }
        let _ = writeln!(out, "{current}");
    }
}

/// The enum that a parameter of one of some strings gets: the exported alias's name, else
/// the endpoint's and the parameter's.
fn enum_name(ep: &Endpoint, p: &Param) -> String {
    PARAM_ALIASES
        .iter()
        .find(|a| a.of == (ep.name, p.name))
        .map_or_else(|| pascal(ep.name) + &pascal(p.name), |a| a.name.to_owned())
}

/// The Rust type of a parameter's value. A cursor field has its `lastKey` field's type:
/// a string, or a number (a version: a whole number, as the version parameters are).
fn rust_type(ep: &Endpoint, p: &Param, schemas: &Map<String, Value>) -> String {
    match p.rule {
        Rule::Id | Rule::Action => "String".into(),
        Rule::Version => "u64".into(),
        Rule::Limit => "u32".into(),
        Rule::Object | Rule::ObjectWith(..) => "Map<String, Value>".into(),
        Rule::OneOf(_) => enum_name(ep, p),
        Rule::Key => {
            let key = ep
                .list
                .map(|l| l.key.name)
                .expect("a cursor field of a list");
            let field = &schemas[key]["properties"][p.name];
            match field["type"].as_str() {
                Some("integer" | "number") => "u64".into(),
                Some("string") => "String".into(),
                other => panic!("{key}.{}: a cursor field of type {other:?}", p.name),
            }
        }
    }
}

/// Whether the parameter struct has a `Default`: only when it has an optional field, and
/// every field a default of its own would make a value that its rule refuses is a string
/// (the caller fills it in with `..Default::default()`).
fn has_default(ep: &Endpoint) -> bool {
    let strings = |p: &&Param| matches!(p.rule, Rule::Id | Rule::Action);
    ep.params.iter().any(|p| !p.required)
        && ep.params.iter().filter(|p| p.required).all(|p| strings(&p))
}

/// A value of a required parameter, for the examples.
fn example_value(ep: &Endpoint, p: &Param) -> String {
    match p.rule {
        Rule::Id => {
            let sample = p.name.trim_end_matches("_id").replace('_', "-");
            format!("\"{sample}-1\".into()")
        }
        Rule::Action => "\"resumeworkflow\".into()".into(),
        Rule::Version => "3".into(),
        Rule::Limit => "10".into(),
        Rule::Object | Rule::ObjectWith(..) => "serde_json::Map::new()".into(),
        Rule::OneOf(values) => format!("{}::{}", enum_name(ep, p), variant(values[0])),
        Rule::Key => "Default::default()".into(),
    }
}

/// The parameter struct of `ep` as an expression, for the examples.
fn example_params(ep: &Endpoint) -> String {
    let name = format!("{}Params", pascal(ep.name));
    let mut fields: Vec<String> = ep
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("{}: {}", p.name, example_value(ep, p)))
        .collect();
    if fields.is_empty() {
        return format!("{name}::default()");
    }
    if has_default(ep) {
        fields.push("..Default::default()".into());
    } else {
        fields.extend(
            ep.params
                .iter()
                .filter(|p| !p.required)
                .map(|p| format!("{}: None", p.name)),
        );
    }
    format!("{name} {{ {} }}", fields.join(", "))
}

/// Whether two endpoints take the very same parameters (one struct serves both; a list's
/// struct is its own, for its paginator's docs).
fn same_params(a: &Endpoint, b: &Endpoint) -> bool {
    a.list.is_none() && b.list.is_none() && a.params == b.params
}

/// `PAUSE` → `Pause`.
fn variant(value: &str) -> String {
    pascal(&value.to_ascii_lowercase())
}

fn module(r: &Resource, schemas: &Map<String, Value>) -> String {
    let mut out = String::from(
        "// Generated by src/bin/describe/ from the endpoint descriptions: do not edit (`make generate`).\n",
    );
    let names: Vec<String> = r
        .endpoints
        .iter()
        .map(|e| format!("`{}`", e.name))
        .collect();
    let text = format!(
        "{}: {}: parameters and methods, written from the descriptions in [`crate::{m}`] (with its response types).",
        pascal(r.module.0),
        names.join(", "),
        m = r.module.0
    );
    wrapped(&mut out, "//!", &text);
    out.push('\n');
    let lists = r.endpoints.iter().any(|e| e.list.is_some());
    let objects = r
        .endpoints
        .iter()
        .flat_map(|e| e.params)
        .any(|p| matches!(p.rule, Rule::Object | Rule::ObjectWith(..)));
    let mut types: Vec<&str> = Vec::new();
    for ep in r.endpoints {
        types.push(ep.response.name);
        if let Some(list) = ep.list {
            types.extend([list.item.name, list.key.name]);
        }
    }
    types.sort_unstable();
    types.dedup();
    let client = if lists {
        "Call, Client, Error, Items, Page, Received, Response, Walk"
    } else {
        "Call, Client, Received, Response"
    };
    let _ = writeln!(out, "use crate::client::{{{client}}};");
    // The types the methods name are the client's too (re-exported from `client`).
    let _ = writeln!(
        out,
        "pub use crate::{}::{{{}}};",
        r.module.0,
        types.join(", ")
    );
    out.push_str("use crate::transport::Transport;\nuse serde::Serialize;\n");
    if objects {
        out.push_str("use serde_json::{Map, Value};\n");
    }
    for (i, ep) in r.endpoints.iter().enumerate() {
        out.push('\n');
        match r.endpoints[..i].iter().find(|e| same_params(e, ep)) {
            Some(first) => {
                let text = format!(
                    "Parameters of [`Client::{}`]: those of [`Client::{}`].",
                    snake(ep.name),
                    snake(first.name)
                );
                doc(&mut out, "", &text);
                let _ = writeln!(
                    out,
                    "pub type {}Params = {}Params;",
                    pascal(ep.name),
                    pascal(first.name)
                );
            }
            None => params_struct(&mut out, ep, schemas),
        }
    }
    // Each method indexes its module's `ENDPOINTS` in a `const` block: worked out when the
    // crate compiles, where a wrong index fails the build (no panic is left to reach).
    out.push_str("\n// `ENDPOINTS` indexed in `const` blocks: a wrong index fails the build.\n#[allow(clippy::indexing_slicing)]\nimpl<T: Transport<Response = Received> + 'static> Client<T> {\n");
    for (i, ep) in r.endpoints.iter().enumerate() {
        // The method hands its endpoint's description itself, not its name to look up;
        // indexed when the crate compiles (a wrong index fails the build, no panic is left).
        let at = format!("const {{ &crate::{}::ENDPOINTS[{i}] }}", r.module.0);
        method(&mut out, ep, &at);
        if let Some(list) = ep.list {
            paginator(&mut out, ep, &list, &at);
        }
    }
    out.push_str("}\n");
    let mut pages: Vec<(&str, List)> = Vec::new();
    for ep in r.endpoints {
        match ep.list {
            Some(list) if !pages.iter().any(|(page, _)| *page == ep.response.name) => {
                pages.push((ep.response.name, list));
            }
            _ => {}
        }
    }
    for (page, list) in pages {
        let _ = writeln!(
            out,
            "\nimpl Page for {page} {{\n    type Item = {};\n    type Key = {};\n    fn items_mut(&mut self) -> &mut Vec<Self::Item> {{\n        &mut self.items\n    }}\n    fn last_key(&self) -> Option<&Self::Key> {{\n        self.last_key.as_ref()\n    }}\n}}",
            list.item.name, list.key.name
        );
    }
    out
}

fn params_struct(out: &mut String, ep: &Endpoint, schemas: &Map<String, Value>) {
    for p in ep.params {
        if let Rule::OneOf(values) = p.rule {
            one_of(out, ep, p, values);
        }
    }
    let mut text = format!("Parameters of [`Client::{}`]", snake(ep.name));
    if let Some(list) = ep.list {
        let _ = write!(
            text,
            " (and of [`Client::{}`], which takes its page size from `limit` and its cursor from [`Walk`])",
            snake(list.paginate.0)
        );
    }
    doc(out, "", &(text + "."));
    let objects = ep
        .params
        .iter()
        .any(|p| matches!(p.rule, Rule::Object | Rule::ObjectWith(..)));
    let mut derives = vec!["Debug", "Clone"];
    if has_default(ep) {
        derives.push("Default");
    }
    derives.push("PartialEq");
    if !objects {
        derives.push("Eq");
    }
    derives.push("Serialize");
    let _ = writeln!(out, "#[derive({})]", derives.join(", "));
    let _ = writeln!(out, "pub struct {}Params {{", pascal(ep.name));
    for p in ep.params {
        doc(out, "    ", p.doc.0);
        let ty = rust_type(ep, p, schemas);
        if p.required {
            let _ = writeln!(out, "    pub {}: {ty},", p.name);
        } else {
            out.push_str("    #[serde(skip_serializing_if = \"Option::is_none\")]\n");
            let _ = writeln!(out, "    pub {}: Option<{ty}>,", p.name);
        }
    }
    out.push_str("}\n");
    // The fields by their names in the API document, as the core reads them: the names one
    // static list, the values in its order.
    let _ = writeln!(
        out,
        "\nimpl crate::client::ToArgs for {}Params {{\n    fn args(self) -> crate::client::Args {{\n        use crate::client::IntoArg;\n        crate::client::Args::new(\n            &[",
        pascal(ep.name)
    );
    for p in ep.params {
        let _ = writeln!(out, "                \"{}\",", p.name);
    }
    out.push_str("            ],\n            Box::new([\n");
    for p in ep.params {
        let _ = writeln!(out, "                self.{}.arg(),", p.name);
    }
    out.push_str("            ]),\n        )\n    }\n}\n");
}

fn one_of(out: &mut String, ep: &Endpoint, p: &Param, values: &[&str]) {
    let alias = PARAM_ALIASES.iter().find(|a| a.of == (ep.name, p.name));
    let text = alias.map_or_else(
        || format!("`{}` of `{}`.", p.name, ep.name),
        |a| a.doc.to_owned(),
    );
    doc(out, "", &text);
    let name = enum_name(ep, p);
    let _ = writeln!(
        out,
        "///\n/// ```\n/// use looply_sdk::client::{name};\n/// assert_eq!(serde_json::to_value({name}::{}).unwrap(), {:?});\n/// ```",
        variant(values[0]),
        values[0]
    );
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]\n");
    let _ = writeln!(out, "pub enum {name} {{");
    for v in values {
        let _ = writeln!(
            out,
            "    /// `{v}`.\n    #[serde(rename = \"{v}\")]\n    {},",
            variant(v)
        );
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "impl crate::client::IntoArg for {name} {{\n    fn arg(self) -> crate::client::Arg {{\n        let value = match self {{"
    );
    for v in values {
        let _ = writeln!(out, "            {name}::{} => \"{v}\",", variant(v));
    }
    out.push_str("        };\n        crate::client::Arg::Str(value.into())\n    }\n}\n\n");
}

/// What an example of `ep` imports: `first`, and the enums of its required parameters.
fn imports(ep: &Endpoint, first: &str) -> String {
    let mut names = vec![first.to_owned()];
    for p in ep.params.iter().filter(|p| p.required) {
        if let Rule::OneOf(_) = p.rule {
            names.push(enum_name(ep, p));
        }
    }
    let names = names.join(", ");
    if names.contains(',') {
        format!("{{{names}}}")
    } else {
        names
    }
}

/// The example's opening lines: the function that runs it and what it imports.
fn example_head(out: &mut String, imports: &str) {
    out.push_str("    ///\n    /// ```no_run\n");
    out.push_str("    /// # async fn run(client: looply_sdk::Client) -> Result<(), looply_sdk::client::Error> {\n");
    let _ = writeln!(out, "    /// use looply_sdk::client::{imports};");
}

fn method(out: &mut String, ep: &Endpoint, at: &str) {
    let verb = match ep.method {
        Method::Get => "GET",
        Method::Post => "POST",
    };
    let text = format!(
        "{}{}\n(`{verb} {}`)",
        ep.doc.0,
        retry_note(ep, false),
        ep.path
    );
    doc(out, "    ", &text);
    let params = format!("{}Params", pascal(ep.name));
    example_head(out, &imports(ep, &params));
    let _ = writeln!(
        out,
        "    /// let answer = client.{}({}).await?;",
        snake(ep.name),
        example_params(ep)
    );
    out.push_str("    /// # let _ = answer;\n    /// # Ok(()) }\n    /// ```\n");
    let _ = writeln!(
        out,
        "    pub fn {}(&self, params: {params}) -> Call<'_, {}, T> {{\n        Call::new(self, {at}, params)\n    }}\n",
        snake(ep.name),
        ep.response.name,
    );
    let text = format!(
        "[`Client::{}`], with the answer's request id and headers.",
        snake(ep.name)
    );
    doc(out, "    ", &text);
    let _ = writeln!(
        out,
        "    pub fn {}_with_response(&self, params: {params}) -> Call<'_, Response<{}>, T> {{\n        Call::new(self, {at}, params).with_response()\n    }}\n",
        snake(ep.name),
        ep.response.name,
    );
}

fn paginator(out: &mut String, ep: &Endpoint, list: &List, at: &str) {
    let text = format!(
        "{} A `Stream` of items (`.pages()` for pages); bad parameters fail here, before any request.",
        list.doc.0
    );
    doc(out, "    ", &text);
    let params = format!("{}Params", pascal(ep.name));
    example_head(out, &imports(ep, &format!("{params}, Walk")));
    let _ = writeln!(
        out,
        "    /// let mut items = client.{}({}, Walk::default())?;",
        snake(list.paginate.0),
        example_params(ep)
    );
    out.push_str("    /// while let Some(item) = items.next_item().await {\n    ///     let item = item?;\n    ///     # let _ = item;\n    /// }\n    /// # Ok(()) }\n    /// ```\n");
    let _ = writeln!(
        out,
        "    pub fn {}(&self, params: {params}, walk: Walk<{}>) -> Result<Items<{}, T>, Error> {{\n        self.walk({at}, params, walk)\n    }}\n",
        snake(list.paginate.0),
        list.key.name,
        ep.response.name,
    );
}

/// `text` as `rustfmt` formats it (the generated files pass `cargo fmt --check`).
fn rustfmt(text: &str) -> String {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("rustfmt (rustup component add rustfmt)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("rustfmt's input");
    let out = child.wait_with_output().expect("rustfmt");
    assert!(
        out.status.success(),
        "rustfmt failed on the generated client:\n{text}"
    );
    String::from_utf8(out.stdout).expect("rustfmt's output")
}

#[cfg(test)]
mod tests {
    /// Catches a line cut one column early or late: a doc line fills 92 columns, not more.
    #[test]
    fn doc_lines_fill_92_columns() {
        let word = "x".repeat(40);
        let mut out = String::new();
        // "///" and two words of 40 with their spaces: 3 + 41 + 41 = 85; a third word of 6
        // ends at column 92 exactly, one of 7 at 93.
        super::wrapped(&mut out, "///", &format!("{word} {word} {}", "y".repeat(6)));
        assert_eq!(out.lines().count(), 1, "{out}");
        out.clear();
        super::wrapped(&mut out, "///", &format!("{word} {word} {}", "y".repeat(7)));
        assert_eq!(out.lines().count(), 2, "{out}");
    }
}
