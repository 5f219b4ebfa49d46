//! The API: every endpoint, resource module by resource module. This registry sits above
//! the resource modules (`workflows`, `executions`, `schedules`), which describe their
//! endpoints with the types of [`crate::endpoint`] below them; everything that serves
//! every endpoint (the wasm layer by index, the Rust client and the tools by name, the
//! fuzzing registry) reads it here.

use crate::endpoint::{doc, Doc, Endpoint};

/// A resource module and its endpoints.
#[derive(Debug)]
pub struct Resource {
    /// The module's name (`workflows`): the generated Rust client has one of that name too.
    pub module: Doc,
    /// Its `ENDPOINTS`.
    pub endpoints: &'static [Endpoint],
}

/// The resource modules, in the order of the registry.
pub const RESOURCES: &[Resource] = &[
    Resource {
        module: doc("workflows"),
        endpoints: crate::workflows::ENDPOINTS,
    },
    Resource {
        module: doc("executions"),
        endpoints: crate::executions::ENDPOINTS,
    },
    Resource {
        module: doc("schedules"),
        endpoints: crate::schedules::ENDPOINTS,
    },
];

/// Every endpoint, resource module by resource module.
pub fn all() -> impl Iterator<Item = &'static Endpoint> {
    ALL.iter()
}

/// How many endpoints there are.
const COUNT: usize = {
    let (mut count, mut rest) = (0, RESOURCES);
    while let Some((r, more)) = rest.split_first() {
        count += r.endpoints.len();
        rest = more;
    }
    count
};

/// [`all`]'s endpoints, gathered from [`RESOURCES`] when the crate compiles: the wasm layer
/// serves each call by its index, which is then an address computed, not a walk over the
/// modules. (The endpoints themselves, not references to the modules' tables: those are then
/// not in the wasm, nor a table of pointers to them. Indexing here is evaluated when the
/// crate compiles: out of range, it fails the build.)
#[allow(clippy::indexing_slicing)]
static ALL: [Endpoint; COUNT] = {
    let mut all = [crate::schedules::ENDPOINTS[0]; COUNT];
    let (mut at, mut rest) = (0, RESOURCES);
    while let Some((r, more)) = rest.split_first() {
        let mut i = 0;
        while i < r.endpoints.len() {
            all[at] = r.endpoints[i];
            (at, i) = (at + 1, i + 1);
        }
        rest = more;
    }
    all
};

/// The endpoint at `index` in [`all`].
pub fn by_index(index: u32) -> Option<&'static Endpoint> {
    ALL.get(index as usize)
}

/// The endpoint named `name`.
#[cfg(any(feature = "client", not(feature = "npm")))]
pub fn by_name(name: &str) -> Option<&'static Endpoint> {
    all().find(|e| e.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::At;

    /// Catches a description that [`build`] cannot honour: an optional path segment before
    /// the end, a `{name}` without its path parameter, a `with` naming no parameter, a
    /// cursor field that is not a query parameter, or two endpoints with one name.
    #[test]
    fn every_description_is_well_formed() {
        let mut names = Vec::new();
        for ep in all() {
            assert!(ep.path.starts_with("/workflows/"), "{}", ep.name);
            let segments: Vec<&str> = ep.path.split('/').skip(2).collect();
            for (i, seg) in segments.iter().enumerate() {
                if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let p = ep.params.iter().find(|p| p.name == name);
                    let p = p.unwrap_or_else(|| panic!("{}: no parameter {name}", ep.name));
                    assert_eq!(p.at, At::Path, "{}.{name}", ep.name);
                    assert!(p.required || i + 1 == segments.len(), "{}.{name}", ep.name);
                }
            }
            for p in ep.params {
                if p.at == At::Path {
                    assert!(ep.path.contains(&format!("{{{}}}", p.name)), "{}", p.name);
                }
                if let Some(other) = p.with {
                    let q = ep.params.get(usize::from(other));
                    assert!(
                        q.is_some_and(|q| q.name != p.name),
                        "{}.{}",
                        ep.name,
                        p.name
                    );
                }
            }
            for p in ep.cursor() {
                assert_eq!(p.at, At::Query, "{}.{}", ep.name, p.name);
            }
            assert!(!names.contains(&ep.name), "{} twice", ep.name);
            names.push(ep.name);
        }
    }

    /// Catches an index that is not the registry's order (the wasm layer serves each method
    /// by its index), or one past the end that answers. Which endpoints there are is each
    /// resource module's tests' to say (each finds its endpoints by name).
    #[test]
    fn each_endpoint_is_at_its_index_and_none_past_the_end() {
        for (i, ep) in all().enumerate() {
            assert_eq!(by_index(i as u32).map(|e| e.name), Some(ep.name));
            assert_eq!(by_name(ep.name).map(|e| e.path), Some(ep.path));
        }
        assert!(by_index(all().count() as u32).is_none());
        assert!(by_name("noSuchEndpoint").is_none());
    }
}
