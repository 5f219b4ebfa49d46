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
use crate::transport::{Failure, MAX_RESPONSE_BYTES};
use js_sys::{Array, JsString, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ReadableStreamDefaultReader, ReadableStreamReadResult, Response};

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

/// The status and headers of an answer, or `TooLarge` when they declare a body over the
/// limit. A browser hides a redirect that was not followed (`redirect: 'manual'` gives an
/// `opaqueredirect` response): it is status 0, no headers. Told by its status, the one a
/// resolved `fetch` has for nothing else here (an opaque response needs `mode: 'no-cors'`),
/// not by `response.type` through web-sys' `ResponseType`, whose conversion holds every
/// type's name and a panic for any other.
pub(super) fn head(response: &Response) -> Result<(u16, Vec<(String, String)>), Failure> {
    let status = response.status();
    if status == 0 {
        return Ok((0, Vec::new()));
    }
    let headers = entries(&response.headers());
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    match declared_too_large(header("content-encoding"), header("content-length")) {
        true => Err(Failure::TooLarge(status)),
        false => Ok((status, headers)),
    }
}

/// A body being read from its stream, chunk by chunk, and counted: the attempt's future
/// awaits each read ([`Reading::next`]) and hands what it settled with to
/// [`Reading::took`]. Plain functions, not an `async fn` of their own: each nested future
/// is one more state machine in the call's (measured: about 0.4 KB of an app's wasm each).
pub(super) struct Reading {
    /// The stream's reader; `None` once the body is over (or when there is none).
    reader: Option<ReadableStreamDefaultReader>,
    decoder: TextDecoder,
    /// `{ stream: true }`, for each chunk's decoding.
    streaming: js_sys::Object,
    text: JsString,
    bytes: usize,
}

impl Reading {
    /// The reading of `response`'s body (none for status 0: a hidden redirect's).
    pub(super) fn new(response: &Response, status: u16) -> Self {
        let reader = response.body().filter(|_| status != 0);
        let streaming = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&streaming, &"stream".into(), &JsValue::TRUE);
        Reading {
            reader: reader.map(|stream| stream.get_reader().unchecked_into()),
            decoder: TextDecoder::new(),
            streaming,
            text: JsString::from(""),
            bytes: 0,
        }
    }

    /// The next read to await, or `None` once the body is over.
    pub(super) fn next(&self) -> Option<js_sys::Promise> {
        self.reader.as_ref().map(ReadableStreamDefaultReader::read)
    }

    /// Takes in what a read settled with: its chunk decoded, or the end of the body. Past
    /// [`MAX_RESPONSE_BYTES`], the stream's cancellation, to await (so that a rejection
    /// cannot surface as an unhandled one) before the attempt is `TooLarge`.
    pub(super) fn took(
        &mut self,
        read: Result<JsValue, JsValue>,
        failed: Failed<'_>,
    ) -> Result<Option<js_sys::Promise>, Failure> {
        let read: ReadableStreamReadResult =
            read.map_err(|e| failed(describe(&e)))?.unchecked_into();
        if read.get_done().unwrap_or(true) {
            self.reader = None;
            self.text = self.text.concat(&self.decoder.finish());
            return Ok(None);
        }
        let chunk: Uint8Array = read.get_value().dyn_into().map_err(|_| {
            failed("the response body stream gave something other than bytes".into())
        })?;
        self.bytes = self.bytes.saturating_add(chunk.length() as usize);
        if self.bytes > MAX_RESPONSE_BYTES as usize {
            return Ok(self.reader.take().map(|r| r.cancel()));
        }
        self.text = self
            .text
            .concat(&self.decoder.decode(&chunk, &self.streaming));
        Ok(None)
    }

    /// The body's text, once read.
    pub(super) fn text(self) -> JsString {
        self.text
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
