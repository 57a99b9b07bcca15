import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver took: its event id, its signature header and its body as received. */
export interface ReceivedDelivery {
  eventId: string;
  signature: string;
  body: string;
}

/**
 * A local webhook endpoint for tests: answers 204 and records each delivery's event id, in order of arrival
 * (`received`), and the whole request (`deliveries`) for tests that check signatures.
 */
export async function startWebhookReceiver(): Promise<{ url: string; received: string[]; deliveries: ReceivedDelivery[]; close: () => void }> {
  const received: string[] = [];
  const deliveries: ReceivedDelivery[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const eventId = req.headers['x-gpos-event-id'] as string;
      received.push(eventId);
      deliveries.push({ eventId, signature: String(req.headers['x-gpos-signature'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, deliveries, close: () => server.close() };
}
