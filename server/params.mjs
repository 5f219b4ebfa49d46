// Validation of query and body parameters; every failure is a 400 naming the parameter.
import { badRequest, notFound, isPlainObject, parseJsonBody } from './http-util.mjs';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 30;

const given = (value) => value !== undefined && value !== '';

/** A required non-empty string parameter. */
export function required(params, name) {
  if (!given(params[name])) throw badRequest(`${name} is required`);
  return params[name];
}

/** Digits of a version, as openapi.json has them: 1 to 15 digits, not all zeros. */
const VERSION_DIGITS = /^0{0,14}[1-9][0-9]{0,14}$/;

/** A version in a JSON body: a whole number from 1 up to 2^53 - 1, or up to 15 of its digits (openapi.json). */
export function isVersion(value) {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 1;
  return typeof value === 'string' && value.length <= 15 && VERSION_DIGITS.test(value);
}

/**
 * A version given as text ("3"); undefined when absent. Such text is either of the forms of
 * a JSON body's, so up to 16 digits (2^53 - 1 has 16) of a value from 1 to 2^53 - 1.
 */
export function versionParam(text, name = 'workflow_version') {
  if (!given(text)) return undefined;
  const n = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(Number.isSafeInteger(n) && n >= 1)) throw badRequest(`${name} must be a positive integer`);
  return n;
}

/** The page size: a string integer in 1..30, default 20. */
export function limitParam(text) {
  if (!given(text)) return DEFAULT_LIMIT;
  const limit = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) throw badRequest(`limit must be an integer between 1 and ${MAX_LIMIT}`);
  return limit;
}

/** A pagination key field: absent, or a non-empty string (openapi.json: minLength 1). */
export function cursorField(query, name) {
  if (query[name] === '') throw badRequest(`${name} must not be empty`);
  return query[name];
}

/** Both parts of a two-part pagination key, or neither. */
export function cursorPair(query, first, second) {
  const a = cursorField(query, first);
  const b = cursorField(query, second);
  if ((a === undefined) !== (b === undefined)) throw badRequest(`${first} and ${second} must be given together`);
  return a === undefined ? undefined : [a, b];
}

/** A request body that must be a JSON object (an empty body is `{}`). */
export function objectBody(text) {
  const body = parseJsonBody(text);
  if (!isPlainObject(body)) throw badRequest('Request body must be a JSON object');
  return body;
}

/** A field of a JSON body with a type check; `check` returns true when valid. */
export function bodyField(body, name, check, expectation) {
  if (body[name] === undefined || body[name] === null) throw badRequest(`${name} is required`);
  if (!check(body[name])) throw badRequest(`${name} ${expectation}`);
  return body[name];
}

/** The workflow version record, or 404. Without `version`, the latest. */
export function findWorkflow(store, id, version) {
  if (!store.hasWorkflow(id)) throw notFound('Workflow not found');
  const record = store.workflow(id, version);
  if (!record) throw notFound('Workflow version not found');
  return record;
}
