import http from 'node:http';
import type { PlatformEvent } from '@gpos/contracts';

/**
 * Opens `GET /api/v1/events` on a listening test server: its status, body and `retry-after`, and for a 200
 * a way to close it, once the stream has said it is connected (a refusal is read to its end).
 */
export async function openEventStream(port: number, headers: Record<string, string>): Promise<{ status: number; body: string; retryAfter?: string; close: () => Promise<void> }> {
  const request = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', headers });
  const response = await new Promise<http.IncomingMessage>((resolve) => request.on('response', resolve));
  let body = '';
  const connected = new Promise<void>((resolve) =>
    response.on('data', (chunk: Buffer) => {
      body += chunk.toString();
      if (response.statusCode === 200 && body.includes(': connected')) resolve();
    }),
  );
  if (response.statusCode === 200) await connected;
  else await new Promise((resolve) => response.on('end', resolve));
  const closed = new Promise((resolve) => request.on('close', resolve));
  return {
    status: response.statusCode!,
    body,
    retryAfter: response.headers['retry-after'] as string | undefined,
    close: async () => {
      request.destroy();
      await closed;
    },
  };
}

/** The events a stream resuming after `lastEventId` replays before it says it is connected (the stream is then closed). */
export async function replayedEvents(port: number, headers: Record<string, string>, lastEventId: string): Promise<PlatformEvent[]> {
  const stream = await openEventStream(port, { ...headers, 'last-event-id': lastEventId });
  await stream.close();
  if (stream.status !== 200) throw new Error(`the resuming stream answered ${stream.status}: ${stream.body}`);
  return [...stream.body.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]!) as PlatformEvent);
}
