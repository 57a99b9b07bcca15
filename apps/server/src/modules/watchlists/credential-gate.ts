/**
 * What an open event stream writes passes this gate: each write waits for a check of the stream's
 * credential that began after the write was queued, so an event that arrives once the user is suspended
 * (or the key revoked) is never written, however recently the last check passed. Checks are not stacked:
 * whatever arrives while one runs waits for the next, so a burst of events costs one check, not one each.
 * A check that fails — or throws: the database is unreachable, and the stream fails closed; its client
 * reconnects with Last-Event-ID and misses nothing — calls `revoked` once, and nothing more passes.
 */
export function credentialGate(check: () => Promise<boolean>, revoked: (error?: unknown) => void) {
  let queue: ((allowed: boolean) => void)[] = [];
  let checking = false;
  let ended = false;

  function refuseAll(): void {
    const refused = queue;
    queue = [];
    for (const then of refused) then(false);
  }

  function end(error?: unknown): void {
    if (ended) return;
    ended = true;
    refuseAll();
    revoked(error);
  }

  function pump(): void {
    if (checking || ended || queue.length === 0) return;
    checking = true;
    const due = queue;
    queue = [];
    const refuse = (error?: unknown) => {
      queue = [...due, ...queue];
      if (ended) refuseAll();
      else end(error);
    };
    check().then(
      (valid) => {
        checking = false;
        if (!valid || ended) return refuse();
        for (const then of due) then(true);
        pump();
      },
      (error: unknown) => {
        checking = false;
        refuse(error);
      },
    );
  }

  return {
    /** Calls `then(true)` once a check begun after now has passed, `then(false)` if the stream ends first. */
    after(then: (allowed: boolean) => void): void {
      if (ended) return then(false);
      queue.push(then);
      pump();
    },
    /** `after` as a promise. */
    passed(): Promise<boolean> {
      return new Promise((resolve) => this.after(resolve));
    },
    /** The stream closed: nothing more passes, and `revoked` is not called. */
    close(): void {
      ended = true;
      refuseAll();
    },
  };
}
