// The public Paginator: the async-iterator protocol over the core's page-at-a-time cursor.
import { toLooplyError } from './errors.js';

export class Paginator {
  #pager;
  #lastKey;

  /** @internal Created by the `paginate…` methods of `LooplyClient`. */
  constructor(pager) {
    this.#pager = pager;
    this.#lastKey = pager.lastKey;
  }

  /** The cursor after the last page fetched (`null` once exhausted): pass it back as `lastKey` to resume. */
  get lastKey() {
    return this.#lastKey;
  }

  /** Whole page responses, one request each. */
  async *pages() {
    const pager = this.#pager;
    if (!pager) return;
    try {
      for (;;) {
        let page;
        try {
          page = await pager.nextPage();
        } catch (e) {
          throw toLooplyError(e);
        }
        if (page === undefined) return;
        this.#lastKey = pager.lastKey;
        yield page;
      }
    } finally {
      // Finished, failed, or the caller broke out: nothing more is sent; free the core state.
      this.#pager = undefined;
      pager.free();
    }
  }

  /** Every item of every page, in order (at most `maxItems`). */
  async *[Symbol.asyncIterator]() {
    const pager = this.#pager;
    for await (const page of this.pages()) {
      const take = pager.take;
      for (let i = 0; i < take; i++) yield page.items[i];
    }
  }

  /** All items in one array. */
  async toArray() {
    const out = [];
    for await (const item of this) out.push(item);
    return out;
  }
}
