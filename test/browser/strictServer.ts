// A server for the build as a documentation site would host it: under a sub-path (/docs/lab/), with the
// strict Content-Security-Policy of issue 15, and a page of the site that embeds two labs.

import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** A page of the docs site with two labs, as custom elements, and no script of its own. */
const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Docs: session failover</title>
<link rel="icon" href="lab/favicon.svg"><script type="module" src="lab/failover-lab.js"></script></head>
<body><h1>Session failover</h1>
<failover-lab id="first" scenario="ten-steps" at="3.02"></failover-lab>
<failover-lab id="second" scenario="clean-stop" show="controls,timeline,topology"></failover-lab>
</body></html>`;

/** Serves dist/ at /docs/lab/ and the docs page at /docs/page.html; resolves with the server and its origin. */
export function startStrictServer(dist = 'dist'): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const headers = { 'Content-Security-Policy': STRICT_CSP };
    if (url.pathname === '/docs/page.html') {
      res.writeHead(200, { ...headers, 'Content-Type': TYPES['.html']! });
      res.end(DOCS_PAGE);
      return;
    }
    if (!url.pathname.startsWith('/docs/lab/')) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    let path = normalize(join(dist, decodeURIComponent(url.pathname.slice('/docs/lab/'.length))));
    if (!path.startsWith(normalize(dist))) {
      res.writeHead(403, headers);
      res.end();
      return;
    }
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path)) {
      res.writeHead(404, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(readFileSync(path));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    }),
  );
}
