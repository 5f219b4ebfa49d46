//! Client SDK for the Looply Workflow API.
//!
//! With the `client` feature, [`client`] is the crate's Rust API for Rust WebAssembly apps:
//! [`Client`], typed and `async`; the answers' types are those of the resource modules
//! ([`workflows`], [`executions`], [`schedules`]).
//!
//! Under it, a core of plain Rust validates parameters, builds requests, decides retries and
//! checks responses (tested natively with `cargo test`), and a thin layer binds that core to
//! JavaScript for the npm package. Neither is the crate's API: they are hidden from these docs.

/// Declares an answer's struct with what every answer's struct has: the derives that decode
/// and re-encode it (`client`: an app can cache or send on an answer) and describe it
/// (`describe`), and `extra`, the fields the service sends
/// that the struct does not describe, kept as sent.
macro_rules! answer {
    ($(#[$attr:meta])* pub struct $name:ident { $($(#[$field_attr:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$attr])*
        #[derive(Debug)]
        #[cfg_attr(feature = "client", derive(serde::Serialize, Clone, PartialEq))]
        #[cfg_attr(feature = "describe", derive(schemars::JsonSchema))]
        pub struct $name {
            $($(#[$field_attr])* pub $field: $ty,)*
            /// Fields the service sends that this version does not describe, kept as sent.
            #[cfg(feature = "client")]
            #[serde(flatten)]
            pub extra: serde_json::Map<String, serde_json::Value>,
        }

        $crate::read_as_sent!($name { $($field),* } extra);
    };
}
pub(crate) use answer;

/// Declares a list's cursor (`lastKey`): its fields and nothing else (a field the service
/// adds is left out, not kept in an `extra`), read as the answers are (src/answers.rs).
macro_rules! cursor {
    ($(#[$attr:meta])* pub struct $name:ident { $($(#[$field_attr:meta])* pub $field:ident: $ty:ty,)* }) => {
        $(#[$attr])*
        #[derive(Debug)]
        #[cfg_attr(feature = "client", derive(serde::Serialize, Clone, PartialEq))]
        #[cfg_attr(feature = "describe", derive(schemars::JsonSchema))]
        pub struct $name {
            $($(#[$field_attr])* pub $field: $ty,)*
        }

        $crate::read_as_sent!($name { $($field),* });
    };
}
pub(crate) use cursor;

/// How `answer!`'s and `cursor!`'s structs are read (`client`): field by field (src/answers.rs),
/// not derived (the derive's `flatten` is heavy), the fields left into `extra` when the struct
/// has one; their `Deserialize` (an app reading back what it stored) goes through the same.
macro_rules! read_as_sent {
    ($name:ident { $($field:ident),* } $($extra:ident)?) => {
        // `Sent` notes the names taken in an array of this many.
        #[cfg(feature = "client")]
        const _: () = assert!([$(stringify!($field)),*].len() <= $crate::answers::MAX_FIELDS);

        #[cfg(feature = "client")]
        impl $crate::answers::Answer for $name {
            fn read_in(
                value: serde_json::Value,
                wrong: &mut Option<$crate::answers::Wrong>,
            ) -> Self {
                let mut sent = $crate::answers::Sent::of(value, wrong);
                $name {
                    $($field: sent.take(const { $crate::answers::wire(stringify!($field)) }),)*
                    $($extra: sent.left(),)?
                }
            }
        }

        #[cfg(feature = "client")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::answers::deserialize(d)
            }
        }
    };
}
pub(crate) use read_as_sent;

/// Declares a named set of strings the service sends: an enum with a variant a known value
/// and `Other` for any other string (the service may send values this version does not
/// know, even where the document lists them all), read and written as that string
/// (`client`), and its schema in the OpenAPI document (`describe`: an `open` set there
/// accepts any string, a closed one only those listed).
macro_rules! string_set {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $value:literal),+ $(,)? }, open: $open:expr) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = concat!("`", $value, "`.")] $variant,)+
            /// A value this version does not know, as the service sent it.
            Other(String),
        }

        impl $name {
            /// The string the service sends for it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $value,)+
                    $name::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($value => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        #[cfg(feature = "client")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "client")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                Ok($name::from(s.as_str()))
            }
        }

        #[cfg(feature = "client")]
        impl $crate::answers::Answer for $name {
            fn read_in(
                value: serde_json::Value,
                wrong: &mut Option<$crate::answers::Wrong>,
            ) -> Self {
                if let serde_json::Value::String(s) = &value {
                    match s.as_str() {
                        $($value => return $name::$variant,)+
                        _ => {}
                    }
                }
                // An unknown value keeps the string read, not a copy of it; a string that
                // could not be read stands in as an empty `Other`.
                $name::Other(<String as $crate::answers::Answer>::read_in(value, wrong))
            }
        }

        #[cfg(feature = "describe")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let doc: &[&str] = &[$($doc),*];
                let doc = doc.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
                $crate::schema::strings(&doc, &[$($value),+], $open)
            }
        }
    };
}
pub(crate) use string_set;

#[cfg(feature = "client")]
#[doc(hidden)]
pub mod answers;
#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "client")]
pub use client::Client;

// The core: public for the build tool (`src/bin/describe/`), the boundary tests and the
// wasm layer, which alone uses some of it outside the `client` feature, but hidden from
// the docs: it is not the crate's API.
#[doc(hidden)]
pub mod api;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod endpoint;
#[doc(hidden)]
pub mod error;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
#[doc(hidden)]
pub mod http;
#[doc(hidden)]
pub mod pagination;
#[doc(hidden)]
pub mod params;
#[doc(hidden)]
pub mod request;
#[doc(hidden)]
pub mod response;
#[doc(hidden)]
pub mod retry;
#[cfg(feature = "describe")]
pub(crate) mod schema;
#[doc(hidden)]
pub mod transport;

// The resource modules: their answers' types are the Rust client's too.
pub mod executions;
pub mod schedules;
pub mod workflows;

/// The binding to JavaScript (the npm package, the `npm` feature).
#[cfg(all(target_arch = "wasm32", feature = "npm"))]
#[doc(hidden)]
pub mod wasm;

/// What the core's readers (`params`, `request`, `config`, `pagination`) take fields from: any
/// [`params::Fields`], as a trait object. The npm package's wasm has one source of fields
/// only, a JavaScript value (`JsValue`, whose `Fields` are in `wasm/fields.rs`), and compiles
/// the readers for that type: each field is read by a direct call, not through a vtable
/// (measured: the wasm 412 bytes smaller, 171 gzipped; docs/benchmarks-log.md, branch `nwasm8`).
/// The readers name only the trait's methods either way; the choice is made here, as
/// [`Opaque`]'s.
#[cfg(not(all(target_arch = "wasm32", feature = "npm", not(feature = "client"))))]
pub type FieldSource<'a> = dyn params::Fields + 'a;

/// What the core's readers take fields from: in the npm package's wasm, the one source of
/// fields there is (see the other builds' `FieldSource`, `dyn Fields`).
#[cfg(all(target_arch = "wasm32", feature = "npm", not(feature = "client")))]
pub type FieldSource<'a> = wasm_bindgen::JsValue;

/// A JSON value the API document leaves open (logs, payloads, steps): passed through to
/// JavaScript exactly as the service sent it, never decoded in Rust.
#[cfg(not(feature = "client"))]
#[derive(Debug, Clone, Copy)]
pub struct Opaque;

/// A JSON value the API document leaves open (logs, payloads, steps), as the service sent it.
#[cfg(feature = "client")]
pub type Opaque = serde_json::Value;
