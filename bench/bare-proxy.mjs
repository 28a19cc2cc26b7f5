// The "bare Node pass-through" column: node:http piping through a keep-alive agent and nothing
// else (no body reading, no balancing, no classification, no log). It is the floor a Node proxy
// starts from, so the engine's cost is read against it rather than against nginx alone.
// Usage: node bench/bare-proxy.mjs <upstream-port> → prints {"port":N}.
import http from 'node:http';

const upstreamPort = Number(process.argv[2]);
if (!Number.isInteger(upstreamPort) || upstreamPort < 1 || upstreamPort > 65535) {
  process.stderr.write(`bare-proxy: expected the upstream's port, got "${process.argv[2]}"\n`);
  process.exit(2);
}
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });

const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const headers = { ...req.headers };
  delete headers.connection;
  delete headers.host;
  const up = http.request(
    { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    },
  );
  up.setNoDelay(true);
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  res.once('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  req.pipe(up);
});
server.on('connection', (socket) => socket.setNoDelay(true));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
