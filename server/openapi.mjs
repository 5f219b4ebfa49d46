// Checks requests against an OpenAPI 3.1 document (the SDK's generated openapi.json): the
// path and method must be documented, every query parameter documented and valid, the
// required ones present, and a JSON body valid against its schema. The local server runs
// it on every API request when started with `openapi` (the SDK's tests do), and keeps what
// it finds in `violations`. A small JSON Schema subset: what the generated document uses.

/** `{ method, path, query, body }` → a list of problems (empty when the request conforms). */
export function requestChecker(spec) {
  const operations = Object.entries(spec.paths ?? {})
    .flatMap(([template, item]) => {
      const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, '([^/]+)')}$`);
      // A fixed segment outranks a template where both match (OpenAPI's rule).
      const rank = names.length * 100 - template.length;
      return Object.entries(item).map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        pattern,
        names,
        op,
        rank,
      }));
    })
    .sort((a, b) => a.rank - b.rank);
  const resolve = (schema) => resolveRef(spec, schema);

  return ({ method, path, query, body }) => {
    const rel = path.replace(/^\/v1(?=\/)/, '');
    const matches = operations.filter((o) => o.pattern.test(rel));
    if (!matches.length) return [`${method} ${rel}: no documented path`];
    const match = matches.find((o) => o.method === method);
    if (!match) return [`${method} ${rel}: method not documented for ${matches[0].template}`];
    const problems = [];
    const where = `${method} ${match.template}`;
    const values = rel.match(match.pattern).slice(1);
    const params = match.op.parameters ?? [];
    match.names.forEach((name, i) => {
      const p = params.find((q) => q.in === 'path' && q.name === name);
      check(problems, `${where} path ${name}`, resolve, p?.schema, fromWire(p?.schema, decodeURIComponent(values[i])));
    });
    for (const [name, value] of Object.entries(query)) {
      const p = params.find((q) => q.in === 'query' && q.name === name);
      if (!p) problems.push(`${where}: undocumented query parameter ${name}`);
      else check(problems, `${where} query ${name}`, resolve, p.schema, fromWire(p.schema, value));
    }
    for (const p of params.filter((q) => q.in === 'query' && q.required)) {
      if (!(p.name in query)) problems.push(`${where}: missing required query parameter ${p.name}`);
    }
    checkBody(problems, where, resolve, match.op.requestBody, body);
    return problems;
  };
}

function checkBody(problems, where, resolve, requestBody, body) {
  if (!requestBody) {
    if (body) problems.push(`${where}: a body where none is documented`);
    return;
  }
  if (!body) {
    if (requestBody.required) problems.push(`${where}: missing required body`);
    return;
  }
  let parsed;
  try {
    parsed = JSON.parse(body);
  } catch {
    problems.push(`${where}: body is not JSON`);
    return;
  }
  check(problems, `${where} body`, resolve, requestBody.content?.['application/json']?.schema, parsed);
}

function resolveRef(spec, schema) {
  if (!schema || typeof schema.$ref !== 'string') return schema;
  const path = schema.$ref.replace(/^#\//, '').split('/');
  return resolveRef(
    spec,
    path.reduce((node, key) => node?.[key], spec),
  );
}

/** A path or query value (a string on the wire) as the schema's type reads it. */
function fromWire(schema, text) {
  if (schema?.type === 'integer' && /^\d+$/.test(text)) return Number(text);
  return text;
}

const TYPES = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  array: (v) => Array.isArray(v),
  null: (v) => v === null,
};

/** Validates `value` against the JSON Schema subset the generated document uses. */
function check(problems, at, resolve, schemaOrRef, value) {
  const schema = resolve(schemaOrRef);
  if (!schema || schema === true) return;
  const fail = (why) => problems.push(`${at}: ${why} (got ${JSON.stringify(value)?.slice(0, 60)})`);
  const types = [schema.type ?? []].flat();
  if (types.length && !types.some((t) => TYPES[t]?.(value))) return fail(`must be ${types.join(' or ')}`);
  if (schema.enum && !schema.enum.some((e) => e === value)) fail(`must be one of ${schema.enum.join(', ')}`);
  if ('const' in schema && schema.const !== value) fail(`must be ${schema.const}`);
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) fail(`must match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`above ${schema.maximum}`);
  }
  if (schema.not) {
    const inner = [];
    check(inner, at, resolve, schema.not, value);
    if (!inner.length) fail('matches what it must not');
  }
  if (schema.anyOf) {
    const ok = schema.anyOf.some((s) => {
      const inner = [];
      check(inner, at, resolve, s, value);
      return !inner.length;
    });
    if (!ok) fail('matches none of anyOf');
  }
  if (TYPES.object(value)) {
    for (const name of schema.required ?? []) if (!(name in value)) fail(`lacks ${name}`);
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      if (name in value) check(problems, `${at}.${name}`, resolve, sub, value[name]);
    }
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((v, i) => check(problems, `${at}[${i}]`, resolve, schema.items, v));
}
