/**
 * Subgraph trust (issue 12): subgraphs listen on loopback by default, and mutual TLS
 * between gateway and subgraphs works with certificates this test makes itself (openssl
 * CLI): the gateway answers through TLS, a client without a certificate from the CA is
 * refused by the subgraph at the handshake, before any GraphQL runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInternalToken } from '../lib/auth';
import type { SubgraphTls } from '../lib/config';
import { startStack, type Stack } from '../scripts/stack';
import { createTestDatabase, gql, testConfig, type TestDatabase } from '../dev/services';

let dir: string;
let tls: SubgraphTls;
let tdb: TestDatabase;
let stack: Stack;

function makeCerts(d: string): SubgraphTls {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: d, stdio: 'pipe' });
  ssl(
    ...'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=helsespor-test-ca -keyout ca.key -out ca.crt'.split(
      ' ',
    ),
  );
  const leaf = (name: string, ext: string) => {
    ssl(
      ...`req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=${name} -keyout ${name}.key -out ${name}.csr`.split(
        ' ',
      ),
    );
    writeFileSync(join(d, `${name}.ext`), ext);
    ssl(
      ...`x509 -req -in ${name}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -extfile ${name}.ext -out ${name}.crt`.split(
        ' ',
      ),
    );
  };
  leaf('subgraph', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  leaf('gateway', 'extendedKeyUsage=clientAuth\n');
  leaf('stranger', 'extendedKeyUsage=clientAuth\n');
  const r = (f: string) => readFileSync(join(d, f), 'utf8');
  return {
    ca: r('ca.crt'),
    cert: r('subgraph.crt'),
    key: r('subgraph.key'),
    clientCert: r('gateway.crt'),
    clientKey: r('gateway.key'),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hs-mtls-'));
  tls = makeCerts(dir);
  tdb = await createTestDatabase();
  stack = await startStack(testConfig({ databaseUrl: tdb.url, subgraphTls: tls }), {
    db: tdb.db,
    indexerIntervalMs: 60_000,
  });
});

afterAll(async () => {
  await stack?.stop();
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('subgraphs serve HTTPS on loopback only', () => {
  for (const s of stack.subgraphs) expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
});

test('the gateway reaches every subgraph over mutual TLS', async () => {
  const token = await stack.token({ role: 'archivist', purpose: 'ARCHIVE_ADMINISTRATION' });
  const { status, body } = await gql(
    stack.gateway.url,
    '{ patient(id: "nobody") { id } search(query: "stell") { total } }',
    { token },
  );
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  expect(body.data).toEqual({ patient: null, search: { total: 0 } });
});

const CALL_BODY = JSON.stringify({ query: '{ patient(id: "x") { id } }' });

function call(url: string, opts: { cert?: string; key?: string }, header: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      url,
      {
        method: 'POST',
        ca: tls.ca,
        cert: opts.cert,
        key: opts.key,
        headers: { 'content-type': 'application/json', 'x-helsespor-caller': header },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (err) => resolve(`refused: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    req.end(CALL_BODY);
  });
}

test('a client without a certificate, or with one from another CA, is refused at the handshake', async () => {
  const journal = stack.subgraphs.find((s) => s.name === 'journal')!;
  const statement = await signInternalToken(
    {
      userId: 'u',
      role: 'archivist',
      purpose: 'ARCHIVE_ADMINISTRATION',
      selfAuthorized: false,
      requestId: 'r',
    },
    testConfig({}).internalSecret,
    { audience: 'journal', body: CALL_BODY },
  );
  // With the gateway's certificate the same request gets through (200).
  expect(await call(journal.url, { cert: tls.clientCert, key: tls.clientKey }, statement)).toBe(200);
  expect(await call(journal.url, {}, statement)).toMatch(/^refused: /);
  const otherCa = mkdtempSync(join(tmpdir(), 'hs-mtls-other-'));
  try {
    const other = makeCerts(otherCa);
    expect(await call(journal.url, { cert: other.clientCert, key: other.clientKey }, statement)).toMatch(
      /^refused: /,
    );
  } finally {
    rmSync(otherCa, { recursive: true, force: true });
  }
});
