/** Raw HTTP and WebSocket probes for the security tests: paths, Host and Origin sent exactly as given. */
import http from 'node:http';
import WebSocket from 'ws';

/** One answer: status, headers and body (an event stream is cut after its first bytes). */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends one request to the server at `baseUrl` with the path and headers exactly as given. */
export function raw(baseUrl: string, method: string, rawPath: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: rawPath, headers, setHost: !('host' in headers) }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data });
      res.on('data', (c: string) => {
        data += c;
        if (res.headers['content-type']?.includes('text/event-stream')) req.destroy();
      });
      res.on('end', done);
      res.on('close', done);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** Opens a graphql-ws socket with the given headers and reports how it went: the ack, or the refusal's status. */
export function wsProbe(baseUrl: string, headers: Record<string, string>, params: Record<string, unknown> = {}): Promise<{ acked: boolean; status?: number; closeCode?: number }> {
  return new Promise((resolve) => {
    const sock = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws', { headers });
    sock.on('open', () => sock.send(JSON.stringify({ type: 'connection_init', payload: params })));
    sock.on('message', (m) => {
      if (JSON.parse(String(m)).type === 'connection_ack') {
        sock.close();
        resolve({ acked: true });
      }
    });
    sock.on('unexpected-response', (_req, res) => {
      resolve({ acked: false, status: res.statusCode });
      sock.terminate();
    });
    sock.on('close', (code) => resolve({ acked: false, closeCode: code }));
    sock.on('error', () => resolve({ acked: false }));
  });
}
