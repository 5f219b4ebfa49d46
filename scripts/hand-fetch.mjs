// The hand-written baseline of the benchmarks (scripts/bench.mjs, bench-cold.mjs and
// profile.mjs): a GET with plain fetch and a per-attempt timeout, as an app would write it.
// bench-cold.mjs loads this very file as the "fetch in a module" of its cold starts.

/** `GET url` with `headers`, aborted after `timeoutMs`; the JSON body, or throws on a non-2xx status. */
export async function getJson(url, headers, timeoutMs = 60_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, { headers, signal: controller.signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await res.json();
  } finally {
    clearTimeout(timer);
  }
}
