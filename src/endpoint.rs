//! Endpoints as data. Each resource module describes its endpoints once, in an
//! `ENDPOINTS` table of [`Endpoint`] values that reads like the API document: name, HTTP
//! method and path template, parameters with their rules, idempotency, response type and,
//! for lists, the cursor. Everything else is read from these tables: `request::build` turns
//! caller input into the request, the paginators append the cursor to that request, the
//! wasm layer serves each entry by its index, the package's TypeScript declarations of the
//! methods and their parameters and the OpenAPI document are generated from them
//! (`src/bin/describe/`), the fuzzing registry walks them, and `runWorkflowAction`
//! refuses their names. [`crate::api`] lists them all.

use crate::http::{Idempotency, Method, Shape};

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A `{name}` segment of the path template.
    Path,
    /// A query parameter.
    Query,
    /// A field of the JSON request body.
    Body,
    /// The whole JSON request body (`{}` when absent).
    Payload,
}

/// What a parameter's value must be. (In the npm package's wasm a tag byte of its own, as
/// [`crate::params::Raw`]: its gzip 40 bytes smaller, the same raw size.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(all(target_arch = "wasm32", feature = "npm"), repr(u8))]
pub enum Rule {
    /// A non-empty string of at most 1,024 characters, not `.` or `..`.
    Id,
    /// A whole number ≥ 1, as a number or a string of digits; sent as digits.
    Version,
    /// A page size: a whole number from 1 to 30.
    Limit,
    /// A JSON object, sent as given.
    Object,
    /// A JSON object whose optional field `.0` must be one of `.1`.
    ObjectWith(&'static str, &'static [&'static str]),
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A workflow action's name: letters only, and not another endpoint's name.
    Action,
    /// A pagination key, as a page's `lastKey` gave it: any non-empty string or finite
    /// number, sent back unchanged (a number as JavaScript writes it).
    Key,
}

/// Text for the generated declarations and OpenAPI document. Only the `describe` build
/// tool reads it, so the wasm does not carry it (about 1.5 KB gzipped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc(#[cfg(feature = "describe")] pub &'static str);

/// A [`Doc`] of `text`.
pub const fn doc(text: &'static str) -> Doc {
    #[cfg(feature = "describe")]
    {
        Doc(text)
    }
    #[cfg(not(feature = "describe"))]
    {
        let _ = text;
        Doc()
    }
}

/// One parameter of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// Its wire name (also the JavaScript property name).
    pub name: &'static str,
    /// Whether it must be given.
    pub required: bool,
    /// Where it travels.
    pub at: At,
    /// What its value must be.
    pub rule: Rule,
    /// One line for the TypeScript and OpenAPI descriptions.
    pub doc: Doc,
    /// The index in its endpoint's parameters of one that must be given whenever this one is
    /// (cursor pairs): one byte, not a name looked up.
    pub with: Option<u8>,
}

impl Param {
    /// A required parameter.
    pub const fn req(name: &'static str, at: At, rule: Rule, text: &'static str) -> Param {
        Param {
            name,
            required: true,
            at,
            rule,
            doc: doc(text),
            with: None,
        }
    }

    /// An optional parameter.
    pub const fn opt(name: &'static str, at: At, rule: Rule, text: &'static str) -> Param {
        Param {
            required: false,
            ..Param::req(name, at, rule, text)
        }
    }

    /// This parameter, which needs its endpoint's parameter at index `other` whenever it is
    /// given.
    pub const fn with(self, other: u8) -> Param {
        Param {
            with: Some(other),
            ..self
        }
    }
}

/// A type the response (or a list's item or cursor) has: with the `describe` feature, its
/// name and JSON Schema (for the declarations and the OpenAPI document); nothing in the wasm.
#[derive(Clone, Copy)]
pub struct TypeRef {
    /// The TypeScript (and OpenAPI component) name.
    #[cfg(feature = "describe")]
    pub name: &'static str,
    /// The JSON Schema of the Rust type.
    #[cfg(feature = "describe")]
    pub schema: fn(&mut schemars::SchemaGenerator) -> schemars::Schema,
}

impl std::fmt::Debug for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        #[cfg(feature = "describe")]
        return f.write_str(self.name);
        #[cfg(not(feature = "describe"))]
        f.write_str("TypeRef")
    }
}

/// A [`TypeRef`] to the Rust type `$t`.
#[doc(hidden)]
#[macro_export]
macro_rules! type_ref {
    ($t:ident) => {
        $crate::endpoint::TypeRef {
            #[cfg(feature = "describe")]
            name: stringify!($t),
            #[cfg(feature = "describe")]
            schema: |g| g.subschema_for::<$t>(),
        }
    };
}

/// What a list endpoint's paginator walks.
#[derive(Debug, Clone, Copy)]
pub struct List {
    /// The paginator method's name (only the `describe` build tool reads it, as [`Doc`]).
    pub paginate: Doc,
    /// One line for its TypeScript description.
    pub doc: Doc,
    /// The type of each item.
    pub item: TypeRef,
    /// The type of `lastKey`.
    pub key: TypeRef,
}

/// One endpoint of the API.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// The method's name (the API document's endpoint name, in camelCase). Read by the Rust
    /// client (its log lines), the tools and the tests, by nothing in the npm package's wasm,
    /// whose build leaves it out (its texts and pointers: 113 bytes of the gzipped entry; the
    /// wasm boundary's tests find an endpoint by its path).
    #[cfg(any(feature = "client", not(feature = "npm")))]
    pub name: &'static str,
    /// What it does, for the TypeScript and OpenAPI descriptions.
    pub doc: Doc,
    /// HTTP method.
    pub method: Method,
    /// Path under the base URL; `{name}` segments are path parameters, and an optional
    /// one may only come last (it is left out when absent).
    pub path: &'static str,
    /// Its parameters, in the order they are checked and sent.
    pub params: &'static [Param],
    /// Whether sending it twice could do the work twice.
    pub idempotency: Idempotency,
    /// The documented shape of a success, checked before it is returned.
    pub shape: Shape,
    /// The type of a success.
    pub response: TypeRef,
    /// For lists: what the paginator walks.
    pub list: Option<List>,
}

/// `limit` of every list: items per page (a rule the resource modules share, so it lives
/// below them).
pub(crate) const LIMIT: Param = Param::opt(
    "limit",
    At::Query,
    Rule::Limit,
    "Items per page, 1 to 30 (the service's default is 20).",
);

impl Endpoint {
    /// Whether this endpoint is a workflow action: `POST /workflows/{action}/{process_id}`
    /// with its action's name written out (`resumeworkflow`).
    pub fn is_action(&self) -> bool {
        self.method == Method::Post && self.path.ends_with("/{process_id}")
    }

    /// A list's cursor: the parameters after `limit` (`limit` comes last but them), the
    /// `lastKey` fields sent back as query parameters of the next page; none for an endpoint
    /// without `limit`. (Said once, by the parameters' order: no list of names beside them.)
    pub fn cursor(&self) -> &'static [Param] {
        let at = self
            .params
            .iter()
            .position(|p| matches!(p.rule, Rule::Limit));
        at.and_then(|at| self.params.get(at + 1..)).unwrap_or(&[])
    }

    /// The path's first segment under `/workflows/` when it is a fixed name.
    pub fn path_name(&self) -> Option<&'static str> {
        let rest = self.path.strip_prefix("/workflows/")?;
        // Core's `split_once`: this runs in tests and the describe tool, not in the wasm.
        let name = rest.split_once('/').map_or(rest, |(name, _)| name);
        (!name.starts_with("{")).then_some(name)
    }
}
