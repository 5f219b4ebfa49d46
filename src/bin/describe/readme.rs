//! The npm README's method table, written from the endpoint descriptions between two
//! markers of `pkg-template/README.md` (the prose around it is kept by hand).

use looply_sdk::api;
use looply_sdk::endpoint::{At, Endpoint, Rule};
use looply_sdk::http::Method;

/// The README, from the repository's root.
pub const PATH: &str = "pkg-template/README.md";

const BEGIN: &str = "<!-- methods: written by src/bin/describe from the endpoint descriptions (make generate) -->\n";
const END: &str = "<!-- /methods -->\n";

/// `readme` with the table between the markers written anew.
pub fn with_methods(readme: &str) -> String {
    crate::splice(readme, BEGIN, END, &table(), PATH)
}

fn table() -> String {
    let mut out = String::from("| method | request |\n|---|---|\n");
    for ep in api::all() {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            call(ep, ep.name, &[], &[]),
            request(ep)
        ));
        if let Some(list) = ep.list {
            let mut skip = vec!["limit"];
            skip.extend(ep.cursor().iter().map(|p| p.name));
            out.push_str(&format!(
                "| `{}` | every page of `{}`, following `lastKey` |\n",
                call(ep, list.paginate.0, &skip, WALK_OPTIONS),
                ep.name
            ));
        }
    }
    out
}

/// The options every paginator takes besides its list's parameters (the fields of
/// `looply_sdk::pagination::WalkOptions`, by their JavaScript names).
const WALK_OPTIONS: &[&str] = &["limit?", "lastKey?", "maxItems?"];

/// `name({ a, b? })`: the parameters but `skip`, optional ones marked, then `more`.
fn call(ep: &Endpoint, name: &str, skip: &[&str], more: &[&str]) -> String {
    let params: Vec<String> = ep
        .params
        .iter()
        .filter(|p| !skip.contains(&p.name))
        .map(|p| format!("{}{}", p.name, if p.required { "" } else { "?" }))
        .chain(more.iter().map(|m| (*m).to_owned()))
        .collect();
    if params.is_empty() {
        return format!("{name}()");
    }
    format!("{name}({{ {} }})", params.join(", "))
}

/// `POST /path/{a}[/{b}]`, with the values a parameter may take where they are few.
fn request(ep: &Endpoint) -> String {
    let verb = match ep.method {
        Method::Get => "GET",
        Method::Post => "POST",
    };
    let mut path = ep.path.to_owned();
    if let Some(p) = ep.params.iter().find(|p| p.at == At::Path && !p.required) {
        path = path.replace(&format!("/{{{}}}", p.name), &format!("[/{{{}}}]", p.name));
    }
    let mut out = format!("`{verb} {path}`");
    let quoted = |values: &[&str]| {
        let v: Vec<String> = values.iter().map(|v| format!("`'{v}'`")).collect();
        v.join(" or ")
    };
    for p in ep.params {
        match p.rule {
            Rule::ObjectWith(field, values) => {
                out.push_str(&format!(" (`{}.{field}`: {})", p.name, quoted(values)));
            }
            Rule::OneOf(values) => out.push_str(&format!(" (`{}`: {})", p.name, quoted(values))),
            _ => {}
        }
    }
    out
}
