/**
 * The dossier's call to an owning subgraph fails when the whole answer has not come in time,
 * also when the owner keeps sending a little (found in final review: the socket's idle timeout
 * never fired for an owner that sent slowly). A real HTTP server on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { post } from './client';

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    // A byte every 50 ms for 3 s: never idle, never done in time.
    let n = 0;
    const t = setInterval(() => {
      if (++n > 60 || res.destroyed) {
        clearInterval(t);
        res.end('}');
      } else res.write(' ');
    }, 50);
    res.on('close', () => clearInterval(t));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

test('an owner that sends slowly fails the call after the timeout, not after it has finished', async () => {
  const started = Date.now();
  await expect(post(url, '{}', {}, undefined, 400)).rejects.toThrow(/did not answer within 400 ms/);
  expect(Date.now() - started).toBeLessThan(2500);
});
