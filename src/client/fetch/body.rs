//! A response's body, read from its stream and counted as it is decoded: reading stops
//! (and the stream is cancelled) once it passes [`MAX_RESPONSE_BYTES`], so a gzip bomb
//! costs 32 MiB at most, not all it inflates to.
//!
//! Its text is the host's: each chunk decoded by a `TextDecoder` as it arrives (each
//! ill-formed sequence one U+FFFD, a leading byte order mark dropped: as `response.text()`
//! reads a body, and so the npm package), kept in JavaScript and parsed there. Measured: the
//! bytes gathered in the wasm and decoded by `str::from_utf8` weighed about 1 KB more of an
//! app's wasm.

use super::declared_too_large;
use super::io::Failed;
use crate::client::error::Received;
use crate::transport::{Failure, MAX_RESPONSE_BYTES};
use js_sys::{Array, JsString, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult, Response};

#[wasm_bindgen]
extern "C" {
    /// The host's `TextDecoder`.
    type TextDecoder;

    /// A UTF-8 decoder that replaces what is ill-formed and drops a leading byte order mark.
    #[wasm_bindgen(constructor)]
    fn new() -> TextDecoder;

    /// `chunk` as text; with `{ stream: true }`, a character cut at its end is kept for the
    /// next chunk.
    #[wasm_bindgen(method)]
    fn decode(this: &TextDecoder, chunk: &Uint8Array, options: &JsValue) -> JsString;

    /// What is left once the stream has ended (a U+FFFD for a sequence cut off there).
    #[wasm_bindgen(method, js_name = decode)]
    fn finish(this: &TextDecoder) -> JsString;
}

/// The answer as the core sees it. A browser hides a redirect that was not followed
/// (`redirect: 'manual'` gives an `opaqueredirect` response): it is status 0, no headers.
/// Told by its status, the one a resolved `fetch` has for nothing else here (an opaque
/// response needs `mode: 'no-cors'`), not by `response.type` through web-sys'
/// `ResponseType`, whose conversion holds every type's name and a panic for any other.
pub(super) async fn receive(response: Response, failed: Failed<'_>) -> Result<Received, Failure> {
    let status = response.status();
    if status == 0 {
        return Ok(Received::from_host(0, Vec::new(), JsString::from("")));
    }
    let headers = entries(&response.headers());
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if declared_too_large(header("content-encoding"), header("content-length")) {
        return Err(Failure::TooLarge(status));
    }
    let text = match response.body() {
        Some(stream) => read_capped(&stream, status, failed).await?,
        None => JsString::from(""),
    };
    Ok(Received::from_host(status, headers, text))
}

/// The stream's text, or `TooLarge` as soon as its bytes pass the limit (then it is
/// cancelled).
async fn read_capped(
    stream: &ReadableStream,
    status: u16,
    failed: Failed<'_>,
) -> Result<JsString, Failure> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let limit = MAX_RESPONSE_BYTES as usize;
    let decoder = TextDecoder::new();
    let streaming = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&streaming, &"stream".into(), &JsValue::TRUE);
    let (mut text, mut read_bytes) = (JsString::from(""), 0usize);
    loop {
        let read = JsFuture::from(reader.read())
            .await
            .map_err(|e| failed(describe(&e)))?;
        let read: ReadableStreamReadResult = read.unchecked_into();
        if read.get_done().unwrap_or(true) {
            return Ok(text.concat(&decoder.finish()));
        }
        let chunk: Uint8Array = read.get_value().dyn_into().map_err(|_| {
            failed("the response body stream gave something other than bytes".into())
        })?;
        read_bytes = read_bytes.saturating_add(chunk.length() as usize);
        if read_bytes > limit {
            // Awaited, so that a rejection cannot surface as an unhandled one.
            let _ = JsFuture::from(reader.cancel()).await;
            return Err(Failure::TooLarge(status));
        }
        text = text.concat(&decoder.decode(&chunk, &streaming));
    }
}

/// Cancels the body of a redirect about to be followed, so that its connection is free.
pub(super) async fn discard(response: &Response) {
    if let Some(stream) = response.body() {
        let _ = JsFuture::from(stream.cancel()).await;
    }
}

/// The headers' names (lower case, as `Headers` holds them) and values, in its order:
/// `Array.from` of its `[name, value]` pairs.
fn entries(headers: &web_sys::Headers) -> Vec<(String, String)> {
    let text = |v: JsValue| v.as_string().unwrap_or_default();
    Array::from(headers)
        .iter()
        .map(|pair| {
            let pair: Array = pair.unchecked_into();
            (text(pair.get(0)), text(pair.get(1)))
        })
        .collect()
}

/// The host's words for a failed read (an `Error`'s message, else the value as text).
fn describe(e: &JsValue) -> String {
    super::io::host_words(
        e,
        js_sys::Error::message,
        "reading the response body failed",
    )
}
