/**
 * Holds the state in memory and persists it after every mutation.
 *
 * `mutate` applies a synchronous change (so check-and-set logic such as "is this refresh token
 * still unused?" cannot interleave with another request) and resolves only once a write that
 * started after the change has reached the disk. Writes are serialised and coalesced: while one
 * is in flight, later mutations wait and share the next write, so durability never costs more
 * than one fsync in flight per burst.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file.js';
import { emptyState, serializeState, stateSchema, type IdpState, type StateView } from './state.js';

interface Waiter {
  generation: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class StateStore {
  private generation = 0;
  private written = 0;
  private waiters: Waiter[] = [];
  private draining = false;

  private constructor(
    private current: IdpState,
    private readonly file: string | undefined,
  ) {}

  /** Loads `file` if it exists (`isNew` false), else starts empty; no file → memory only. */
  static async open(file: string | undefined): Promise<{ store: StateStore; isNew: boolean }> {
    if (!file) return { store: new StateStore(emptyState(), undefined), isNew: true };
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { store: new StateStore(emptyState(), file), isNew: true };
      }
      throw error;
    }
    const parsed = stateSchema.safeParse(JSON.parse(text));
    if (!parsed.success) {
      throw new Error(`IdP data file ${file} is not valid state: ${z.prettifyError(parsed.error)}`);
    }
    return { store: new StateStore(parsed.data, file), isNew: false };
  }

  /** Read-only view; change it only through `mutate`. */
  get state(): StateView {
    return this.current;
  }

  async mutate<T>(change: (state: IdpState) => T): Promise<T> {
    const result = change(this.current);
    if (!this.file) return result;
    const generation = ++this.generation;
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ generation, resolve, reject });
      void this.drain();
    });
    return result;
  }

  /** Resolves once every mutation so far is on disk. */
  async flush(): Promise<void> {
    if (!this.file || this.written === this.generation) return;
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ generation: this.generation, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining || !this.file) return;
    this.draining = true;
    try {
      // A failed write leaves `written` behind, so the next mutate/flush writes again; `attempted`
      // only stops this loop from retrying a failing disk in a hot loop.
      let attempted = this.written;
      while (this.written < this.generation && attempted < this.generation) {
        const target = this.generation;
        attempted = target;
        const snapshot = serializeState(this.current);
        try {
          await writeFileAtomic(this.file, snapshot);
          this.written = target;
          this.settle(
            (w) => w.generation <= target,
            (w) => w.resolve(),
          );
        } catch (error) {
          this.settle(
            (w) => w.generation <= target,
            (w) => w.reject(error),
          );
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private settle(match: (w: Waiter) => boolean, run: (w: Waiter) => void): void {
    const done = this.waiters.filter(match);
    this.waiters = this.waiters.filter((w) => !match(w));
    done.forEach(run);
  }
}
