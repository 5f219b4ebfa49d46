//! A response's body, read from its stream and counted as it is decoded: reading stops
//! (and the stream is cancelled) once it passes [`MAX_RESPONSE_BYTES`], so a gzip bomb
//! costs 32 MiB at most, not all it inflates to.

use super::declared_too_large;
use super::io::Failed;
use crate::client::error::Received;
use crate::transport::{Failure, MAX_RESPONSE_BYTES};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult, Response, ResponseType,
};

/// The answer as the core sees it. A browser hides a redirect that was not followed
/// (`redirect: 'manual'` gives an `opaqueredirect` response): it is status 0, no headers.
pub(super) async fn receive(response: Response, failed: Failed<'_>) -> Result<Received, Failure> {
    if response.type_() == ResponseType::Opaqueredirect {
        return Ok(Received::new(0, Vec::new(), String::new()));
    }
    let status = response.status();
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
    let bytes = match response.body() {
        Some(stream) => read_capped(&stream, status, failed).await?,
        None => Vec::new(),
    };
    let text = String::from_utf8(bytes).unwrap_or_else(|e| lossy(e.as_bytes()));
    Ok(Received::new(status, headers, text))
}

/// `bytes` as text, each ill-formed sequence (its maximal part, or an incomplete one at
/// the end) as one U+FFFD: what `String::from_utf8_lossy` answers, written with
/// `str::from_utf8` alone (its `Utf8Chunks` iterator weighed about 0.5 KB in an app).
fn lossy(mut bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(valid) => {
                text.push_str(valid);
                return text;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at_checked(e.valid_up_to()).unwrap_or_default();
                text.push_str(std::str::from_utf8(valid).unwrap_or_default());
                text.push(char::REPLACEMENT_CHARACTER);
                match e.error_len() {
                    Some(bad) => bytes = rest.get(bad..).unwrap_or_default(),
                    None => return text,
                }
            }
        }
    }
}

/// The stream's bytes, or `TooLarge` as soon as they pass the limit (then it is cancelled).
async fn read_capped(
    stream: &ReadableStream,
    status: u16,
    failed: Failed<'_>,
) -> Result<Vec<u8>, Failure> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let limit = MAX_RESPONSE_BYTES as usize;
    let mut bytes = Vec::new();
    loop {
        let read = JsFuture::from(reader.read())
            .await
            .map_err(|e| failed(describe(&e)))?;
        let read: ReadableStreamReadResult = read.unchecked_into();
        if read.get_done().unwrap_or(true) {
            return Ok(bytes);
        }
        let chunk: Uint8Array = read.get_value().dyn_into().map_err(|_| {
            failed("the response body stream gave something other than bytes".into())
        })?;
        if bytes.len() + chunk.length() as usize > limit {
            // Awaited, so that a rejection cannot surface as an unhandled one.
            let _ = JsFuture::from(reader.cancel()).await;
            return Err(Failure::TooLarge(status));
        }
        // One copy out of JavaScript, one memcpy: no zero-filling of the 32 MiB first.
        bytes.extend_from_slice(&chunk.to_vec());
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
