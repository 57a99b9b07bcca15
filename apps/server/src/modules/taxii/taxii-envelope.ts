/**
 * A TAXII envelope (`{"more":…,"next":…,"objects":[…]}`) written member by member into one growing
 * Buffer, the same bytes JSON.stringify would give the whole envelope. A page of 1000 objects is ~0.7 MB
 * of JSON: as one string it would be allocated in V8's old generation (large strings skip the young one)
 * and stay there, with the page's objects, until the next full collection; as a Buffer it lives outside
 * the heap, and each member's object and its small string die young right after being written.
 */
const INITIAL_BYTES = 64 * 1024;
const COMMA = 0x2c;

export class EnvelopeWriter {
  private buffer: Buffer | null = null;
  private length = 0;
  private members = 0;

  /** Appends one member, already serialised. */
  add(json: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit, plus the separating comma.
    const worst = this.length + 1 + json.length * 3;
    if (!this.buffer || worst > this.buffer.length) this.grow(worst);
    const buffer = this.buffer!;
    if (this.members > 0) buffer[this.length++] = COMMA;
    this.length += buffer.write(json, this.length, 'utf8');
    this.members += 1;
  }

  /** `{}` when no member was added (the spec's empty envelope), else the envelope with its members under `key`. */
  finish(key: string, more: boolean, next: string | null): Buffer {
    if (this.members === 0) return Buffer.from('{}');
    const head = JSON.stringify({ more, ...(next ? { next } : {}), [key]: [] }).slice(0, -2);
    return Buffer.concat([Buffer.from(head), this.buffer!.subarray(0, this.length), Buffer.from(']}')]);
  }

  private grow(atLeast: number): void {
    let size = this.buffer ? this.buffer.length * 2 : INITIAL_BYTES;
    while (size < atLeast) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    if (this.buffer) this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
