// The public Paginator: the async-iterator protocol over the core's page-at-a-time cursor.
import { LooplyError } from './errors.js';
import { callSync, currentGeneration, drive, track } from './instance.js';

export class Paginator {
  #core;
  #pager;
  #lastKey;
  #generation = currentGeneration();
  #observer;

  /** @internal Created by the `paginate…` methods of `LooplyClient`. */
  constructor(core, pager, observer) {
    this.#observer = observer;
    this.#core = core;
    this.#pager = pager;
    this.#lastKey = pager.lastKey;
  }

  /** The cursor after the last page fetched (`null` once exhausted): pass it back as `lastKey` to resume. */
  get lastKey() {
    return this.#lastKey;
  }

  /** Whole page responses, one request each. */
  async *pages() {
    for await (const [page] of this.#walk()) yield page;
  }

  /** Every item of every page, in order (at most `maxItems`). */
  async *[Symbol.asyncIterator]() {
    for await (const [page, take] of this.#walk()) {
      for (let i = 0; i < take; i++) yield page.items[i];
    }
  }

  /** All items in one array. */
  async toArray() {
    const out = [];
    // Page by page: the same items as `for await (const item of this)`, without a trip
    // through the async iterator for each item.
    for await (const [page, take] of this.#walk()) {
      for (let i = 0; i < take; i++) out.push(page.items[i]);
    }
    return out;
  }

  /** Each page with how many of its items belong to the walk. */
  async *#walk() {
    const pager = this.#pager;
    if (!pager) return;
    this.#pager = undefined; // a paginator walks once
    const core = this.#core;
    const alive = () => this.#generation === currentGeneration();
    try {
      for (;;) {
        if (!alive()) {
          throw new LooplyError(
            'looply-sdk: this paginator belonged to a WebAssembly instance that failed; ' +
              'start a new paginator from its lastKey.',
          );
        }
        const id = callSync(() => pager.nextCall());
        if (id < 0) return;
        const [page, take] = await track(() => drive(core, id, (done) => pager.accept(done), this.#observer));
        this.#lastKey = pager.lastKey;
        yield [page, take];
      }
    } finally {
      // Finished, failed, or the caller broke out: nothing more is sent; free the core state.
      if (alive()) pager.free();
    }
  }
}
