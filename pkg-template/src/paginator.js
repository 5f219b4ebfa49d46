// The public Paginator: the async-iterator protocol over the core's page-at-a-time cursor.
import { LooplyError } from './errors.js';
import { __accept, __next } from 'looply:glue';
import { callSync, drive, generation, hold, live, release } from './instance.js';
import { recordJson, recordKind, recordOutcome, recordStatus } from 'looply:transport';

// What each walk's pages go through: a generator with a name of its own, so that a failure's
// stack reads `at async Paginator.walk` (a private method's name is minified away).
const WALK = Symbol('walk');

// A property's class, so that its name in stack frames survives minifying (a declaration's would not).
export const { Paginator } = {
  Paginator: class {
    #core;
    #pager; // the core's pager: `[number, generation]`, held by the paginator
    #lastKey;
    #client;

    /**
     * @internal Created by the `paginate…` methods of `LooplyClient` (`core`: its core's
     * `[number, generation]`; `pager`: the core's pager's number; `client`: its Observer, see
     * drive; `lastKey`: the caller's, where the walk starts).
     */
    constructor(core, pager, client, lastKey) {
      this.#client = client;
      this.#core = core;
      this.#pager = hold(this, [pager, generation]);
      this.#lastKey = lastKey;
    }

    /** The cursor after the last page fetched (`null` once exhausted): pass it back as `lastKey` to resume. */
    get lastKey() {
      return this.#lastKey;
    }

    /** Whole page responses, one request each. */
    async *pages() {
      for await (const [page] of this[WALK]()) yield page;
    }

    /** Every item of every page, in order (at most `maxItems`). */
    async *[Symbol.asyncIterator]() {
      for await (const [page, take] of this[WALK]()) {
        for (let i = 0; i < take; i++) yield page.items[i];
      }
    }

    /** All items in one array. */
    async toArray() {
      const out = [];
      for await (const [page, take] of this[WALK]()) out.push(...page.items.slice(0, take));
      return out;
    }

    /** Each page with how many of its items belong to the walk: `[page, take]`. */
    async *[WALK]() {
      const pager = this.#pager;
      this.#pager = undefined; // taken once: a paginator walks once
      if (!pager) return;
      try {
        for (;;) {
          if (pager[1] !== generation) {
            throw new LooplyError(
              'looply-sdk: this paginator belonged to a WebAssembly instance that failed; ' +
                'start a new paginator from its lastKey.',
            );
          }
          const request = callSync(() => __next(pager[0]));
          if (request === undefined) return;
          // (`live`: a listener's trap may have replaced the instance since the page's __settle.)
          const done = await drive(this.#core, request, this.#client, (record) =>
            callSync(() =>
              __accept(
                live(pager),
                record,
                recordStatus(record),
                recordOutcome(record),
                recordJson(record),
                recordKind(record),
              ),
            ),
          );
          // The cursor after the page, once the core took it in: the page's own `lastKey`
          // (`null` once the walk is exhausted), which the core checked.
          this.#lastKey = done[0].lastKey ?? null;
          yield done;
        }
      } finally {
        // Finished, failed, or the caller broke out: nothing more is sent; free the core state.
        release(this, pager);
      }
    }
  },
};
