/**
 * The GraphQL parameters a GET or a form-encoded POST carries as text (gateway/server.ts): a
 * `variables` or `extensions` that is not JSON is the caller's mistake (400 BAD_REQUEST), which
 * the runtime's unguarded JSON.parse made an HTTP 500 (found in review). Whether the JSON is an
 * object stays the runtime's check.
 */
import { notJsonParameter, unreadableBody, urlParameters } from './server';

const url = (qs: string) => new URL(`http://gateway/graphql?${qs}`);
const form = (body: string, type = 'application/x-www-form-urlencoded') =>
  urlParameters('POST', url(''), type, Buffer.from(body));

test('a GET: variables or extensions not JSON are named; empty, absent or any JSON passes', () => {
  const of = (qs: string) => notJsonParameter(urlParameters('GET', url(qs), undefined, undefined)!);
  expect(of('query=q&variables=%7Bbad')).toBe('variables');
  expect(of('query=q&extensions=%7Bbad')).toBe('extensions');
  expect(of('query=q&variables=%7B%7D&extensions=nope')).toBe('extensions');
  expect(of('query=q')).toBeNull();
  expect(of('query=q&variables=')).toBeNull();
  expect(of(`query=q&variables=${encodeURIComponent('{"i":"x"}')}`)).toBeNull();
  expect(of('query=q&variables=5')).toBeNull(); // the runtime's: "Expected variables … an object"
});

test('a form-encoded POST, whatever the case of its content type or a charset; other bodies are the runtime’s', () => {
  expect(notJsonParameter(form('query=q&variables=%7Bx')!)).toBe('variables');
  expect(
    notJsonParameter(form('query=q&variables=%7Bx', 'Application/X-WWW-Form-Urlencoded; charset=utf-8')!),
  ).toBe('variables');
  expect(notJsonParameter(form(`query=q&variables=${encodeURIComponent('{"a":1}')}`)!)).toBeNull();
  expect(form('{"query":"q","variables":"{bad"}', 'application/json')).toBeNull();
  expect(urlParameters('PUT', url('variables=%7B'), undefined, undefined)).toBeNull();
});

test('a POST body the gateway cannot read is named, never echoed: a Content-Encoding, multipart, no or another Content-Type (HTTP 415)', () => {
  const of = (headers: Record<string, string>, method = 'POST') => unreadableBody(method, headers);
  expect(of({ 'content-type': 'application/json', 'content-encoding': 'gzip' })).toMatch(
    /^Content-Encoding gzip is not supported: send the request body uncompressed/,
  );
  expect(of({ 'content-type': 'application/json', 'content-encoding': 'x\u0000{"national":1}' })).toMatch(
    /^Content-Encoding \(as sent\) is not supported/,
  );
  expect(of({ 'content-type': 'multipart/form-data; boundary=x' })).toMatch(
    /^Content-Type multipart\/form-data \(GraphQL multipart requests, file uploads\) is not supported: send the GraphQL request as application\/json/,
  );
  expect(of({})).toMatch(/^a POST needs a Content-Type: send the GraphQL request as application\/json/);
  expect(of({ 'content-type': ' ' })).toMatch(/^a POST needs a Content-Type/);
  expect(of({ 'content-type': 'text/plain' })).toMatch(/^Content-Type text\/plain is not supported/);
  // What the runtime reads passes, with a charset, in any case, or an identity encoding.
  for (const type of [
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON',
    'application/graphql+json',
    'application/graphql',
    'application/x-www-form-urlencoded; charset=utf-8',
  ])
    expect(of({ 'content-type': type })).toBeNull();
  expect(of({ 'content-type': 'application/json', 'content-encoding': 'identity' })).toBeNull();
  // A GET carries its parameters in the URL.
  expect(of({ 'content-encoding': 'gzip' }, 'GET')).toBeNull();
});
