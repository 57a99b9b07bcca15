/**
 * At most `limit` requests at a time past this gate; the others wait at it, before their bodies are read.
 *
 * Why: a batch lookup's body (up to 1,000 identifiers) is parsed into objects as soon as Fastify reads
 * it. When the batch then waits — for the normalise pool's worker, or for the main thread busy with
 * other batches — those objects live long enough to be promoted to the old generation, and under load
 * the heap grows by tens of MB (measured with the pool on: old space 90 MB against 29 MB). A request
 * waiting here has not been read yet: its bytes wait in the socket (Node stops reading a paused stream at
 * its high-water mark, then TCP pushes back on the client), not in the heap. Admission is FIFO.
 */
export class Admission {
  private active = 0;
  private readonly queue: Ticket[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`admission limit must be a positive integer, not ${String(limit)}`);
  }

  /** Requests past the gate now, and waiting at it (for metrics and tests). */
  get stats(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.queue.length };
  }

  /**
   * A place in line. `admitted` resolves when the request may go on — at once if there is room — or when
   * it is given up before that (`release` while waiting), so that whoever awaits it is never left hanging.
   * `release` is idempotent: call it when the request is over, however it ended.
   */
  enter(): Ticket {
    const ticket = new Ticket(this);
    if (this.active < this.limit) ticket.admit();
    else this.queue.push(ticket);
    return ticket;
  }

  /** @internal called by a ticket that held a place. */
  leave(): void {
    this.active -= 1;
    const next = this.queue.shift();
    next?.admit();
  }

  /** @internal a ticket that takes a place. */
  take(): void {
    this.active += 1;
  }

  /** @internal a waiting ticket given up. */
  drop(ticket: Ticket): void {
    const at = this.queue.indexOf(ticket);
    if (at >= 0) this.queue.splice(at, 1);
  }
}

export class Ticket {
  private state: 'waiting' | 'admitted' | 'released' = 'waiting';
  private resolve!: () => void;
  readonly admitted = new Promise<void>((resolve) => (this.resolve = resolve));

  constructor(private readonly gate: Admission) {}

  admit(): void {
    if (this.state !== 'waiting') return;
    this.state = 'admitted';
    this.gate.take();
    this.resolve();
  }

  release(): void {
    if (this.state === 'released') return;
    const held = this.state === 'admitted';
    this.state = 'released';
    if (held) this.gate.leave();
    else {
      this.gate.drop(this);
      this.resolve();
    }
  }
}
