/**
 * Slow and unauthenticated request bodies at the gateway (found in review, session 31): the
 * gateway read a whole request body before it looked at the bearer token, and Node's own
 * timeouts (300 s for a request, 60 s for its headers) were the only bound on how long a client
 * could take. 300 connections without a token, each declaring a 1 MB body and trickling it,
 * held some 250 MB and every connection for minutes. Now the token is checked first (a caller
 * without one gets 401 and the connection is closed, its body never read), and a whole request
 * must arrive within REQUEST_READ_TIMEOUT_MS.
 */
import { connect, type Socket } from 'node:net';
import { gql } from '../dev/services';
import { startTestStack, type TestStack } from '../dev/test-stack';
import { DEFAULT_LIMITS } from '../lib/config';

let env: TestStack;
let token: string;
const READ_TIMEOUT_MS = 1500;

beforeAll(async () => {
  env = await startTestStack({ limits: { ...DEFAULT_LIMITS, requestReadTimeoutMs: READ_TIMEOUT_MS } });
  token = await env.stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
});

afterAll(async () => {
  await env?.stop();
});

/** Opens a raw connection to the gateway and sends the head of a POST that declares `length` bytes. */
async function startPost(headers: Record<string, string>, length: number): Promise<Socket> {
  const url = new URL(env.stack.gateway.url);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const head = Object.entries({
    host: url.host,
    'content-type': 'application/json',
    'content-length': String(length),
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  socket.write(`POST ${url.pathname} HTTP/1.1\r\n${head}\r\n\r\n`);
  return socket;
}

/** What the server sent until it closed the connection (or `waitMs` passed: then `open`). */
function untilClosed(socket: Socket, waitMs: number): Promise<{ text: string; closed: boolean; ms: number }> {
  const started = Date.now();
  let text = '';
  socket.on('data', (d) => (text += d.toString('latin1')));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false, ms: Date.now() - started });
    }, waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true, ms: Date.now() - started });
    });
    socket.on('error', () => undefined);
  });
}

test('a POST without a bearer token is refused with 401 before its body is read, and the connection is closed', async () => {
  const socket = await startPost({}, 1024 * 1024);
  socket.write('{"query":"' + 'x'.repeat(10_000)); // a small part of the declared megabyte, then nothing
  const r = await untilClosed(socket, READ_TIMEOUT_MS - 500);
  expect(r.text).toMatch(/^HTTP\/1\.1 401/);
  expect(r.text).toMatch(/missing bearer token/);
  expect(r.closed).toBe(true);
});

test('a POST with an invalid token is refused the same way, before its body is read', async () => {
  const socket = await startPost({ authorization: 'Bearer not-a-token' }, 1024 * 1024);
  socket.write('{"query":"');
  const r = await untilClosed(socket, READ_TIMEOUT_MS - 500);
  expect(r.text).toMatch(/^HTTP\/1\.1 401/);
  expect(r.closed).toBe(true);
});

test('a caller with a token who trickles the body is cut off once REQUEST_READ_TIMEOUT_MS has passed', async () => {
  const socket = await startPost({ authorization: `Bearer ${token}` }, 100_000);
  socket.write('{"query":"');
  const trickle = setInterval(() => socket.writable && socket.write('x'), 200);
  try {
    const r = await untilClosed(socket, READ_TIMEOUT_MS * 6);
    expect(r.closed).toBe(true);
    expect(r.ms).toBeLessThan(READ_TIMEOUT_MS * 5);
    // Node answers a request that ran out of time with 408 where it can.
    if (r.text) expect(r.text).toMatch(/^HTTP\/1\.1 408/);
  } finally {
    clearInterval(trickle);
  }
  // The gateway still answers everyone else.
  const ok = await gql(env.stack.gateway.url, '{ __typename }', { token });
  expect(ok.status).toBe(200);
});

test('a request that arrives within the time is answered as before', async () => {
  const { status, body } = await gql(env.stack.gateway.url, '{ __typename }', { token });
  expect(status).toBe(200);
  expect(body.data).toEqual({ __typename: 'Query' });
});
