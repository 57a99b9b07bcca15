import { createServer } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { clientErrorClosing } from './client-errors.js';
import { closeStalledBodies, onStalledSocket, stalledSocketOutcome } from './stalled-bodies.js';

/** A socket as Node's server holds one: `_httpMessage` the response in flight (with its request), if any. */
function serverSocket(inFlight: { complete: boolean } | null, paused = false): Socket {
  const socket = new Socket();
  if (paused) socket.pause();
  Object.assign(socket, { _httpMessage: inFlight ? { req: inFlight } : null });
  return socket;
}

describe('a connection silent for the whole deadline', () => {
  it('is refused when its request body is still due and the server is reading it', () => {
    expect(stalledSocketOutcome(serverSocket({ complete: false }))).toBe('refuse');
  });

  it('is left alone when the wait is the server’s: the body all here, or its reading paused by back-pressure', () => {
    expect(stalledSocketOutcome(serverSocket({ complete: true }))).toBe('leave');
    expect(stalledSocketOutcome(serverSocket({ complete: false }, true))).toBe('leave');
  });

  it('is closed when no request is in flight (kept alive between requests)', () => {
    expect(stalledSocketOutcome(serverSocket(null))).toBe('close');
  });

  it('refusing writes the 408 and closes; closing writes nothing; leaving does neither', () => {
    const log = { info: vi.fn() };
    const refused = serverSocket({ complete: false });
    const writes = vi.spyOn(refused, 'write').mockReturnValue(true);
    Object.defineProperty(refused, 'writable', { value: true });
    onStalledSocket(refused, log);
    expect(String(writes.mock.calls[0]?.[0])).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(refused.destroyed).toBe(true);
    expect(clientErrorClosing(refused)).toMatchObject({ code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    expect(log.info).toHaveBeenCalledOnce();

    const idle = serverSocket(null);
    const idleWrites = vi.spyOn(idle, 'write');
    onStalledSocket(idle, log);
    expect(idleWrites).not.toHaveBeenCalled();
    expect(idle.destroyed).toBe(true);

    const busy = serverSocket({ complete: true });
    onStalledSocket(busy, log);
    expect(busy.destroyed).toBe(false);
    expect(log.info).toHaveBeenCalledOnce();
  });

  it('arms the deadline in seconds, and none at 0', () => {
    const server = createServer();
    closeStalledBodies(server, 0, { info: vi.fn() });
    expect(server.timeout).toBe(0);
    expect(server.listenerCount('timeout')).toBe(0);
    closeStalledBodies(server, 120, { info: vi.fn() });
    expect(server.timeout).toBe(120_000);
    expect(server.listenerCount('timeout')).toBe(1);
  });
});
