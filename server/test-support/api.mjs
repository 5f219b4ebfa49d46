// Helpers shared by the server's tests (outside server/test/, so that node --test does not run it as a test file).

/** fetch() against the API with the server's key (or `key`), returning status, headers, text and parsed JSON. */
export async function api(srv, path, { method = 'GET', key = srv.apiKey, body, headers = {}, signal } = {}) {
  const allHeaders = { ...(key ? { 'x-api-key': key } : {}), ...headers };
  const payload = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${srv.baseUrl}${path}`, { method, headers: allHeaders, body: payload, signal });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
