import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local webhook endpoint for tests: answers 204 and records each delivery's event id, in order of arrival. */
export async function startWebhookReceiver(): Promise<{ url: string; received: string[]; close: () => void }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(req.headers['x-gpos-event-id'] as string);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, close: () => server.close() };
}
