//! The `LooplyClient` class's methods, one an endpoint and one a list's paginator, written
//! from the endpoint descriptions between two markers of `pkg-template/src/index.js`, so
//! that an editor finds each method where it is defined. Each hands its endpoint's index
//! (its place in `api::all()`, as the core serves it) to the class's `#call` or `#paginate`.

use looply_sdk::api;

/// The package entry, from the repository's root.
pub const PATH: &str = "pkg-template/src/index.js";

// The class is the value of an object's property (so that its name survives minifying):
// its members are indented twice.
const BEGIN: &str =
    "    // methods: written by src/bin/describe from the endpoint descriptions (make generate)\n";
const END: &str = "    // /methods\n";

/// `index_js` with the methods between the markers written anew.
pub fn with_methods(index_js: &str) -> String {
    crate::splice(index_js, BEGIN, END, &methods(), PATH)
}

fn methods() -> String {
    let mut out = String::new();
    for (index, ep) in api::all().enumerate() {
        let first = ep
            .doc
            .0
            .split(". ")
            .next()
            .unwrap_or(ep.doc.0)
            .trim_end_matches('.');
        out.push_str(&format!(
            "    /** {first}. */\n    {}(params, options) {{\n      return this.#call({index}, params, options);\n    }}\n\n",
            ep.name
        ));
        if let Some(list) = ep.list {
            let first = list.doc.0.trim_end_matches('.');
            out.push_str(&format!(
                "    /** {first}. */\n    {}(params, options) {{\n      return this.#paginate({index}, params, options);\n    }}\n\n",
                list.paginate.0
            ));
        }
    }
    out
}
