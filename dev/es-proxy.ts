import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requireEnv } from './services';

/**
 * A proxy in front of the test Elasticsearch (ELASTICSEARCH_URL) that forwards every request as
 * it is and tells `onSearch` of each search (_search, _msearch): path and body. For tests that
 * count what the stack asks Elasticsearch. Close `server` after the test.
 */
export async function startEsSearchProxy(
  onSearch: (path: string, body: string) => void,
): Promise<{ url: string; server: Server }> {
  const upstream = new URL(requireEnv('ELASTICSEARCH_URL'));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (/\/_m?search\b/.test(req.url ?? '')) onSearch(req.url!, body.toString('utf8'));
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
