
/**
 * A walk over a list endpoint that follows `lastKey` until the service stops sending one.
 * Iterate it with `for await` for items, use `pages()` for whole pages, or `toArray()`.
 * A paginator walks once; to continue later, pass its `lastKey` to a new one.
 */
export interface Paginator<Item, Page = unknown, Key = unknown> extends AsyncIterable<Item> {
  /** Whole page responses, one request each. */
  pages(): AsyncIterable<Page>;
  /** All items in one array (at most `maxItems`). */
  toArray(): Promise<Item[]>;
  /** The cursor after the last page fetched; `null` once exhausted; the starting key (or `undefined`) before the first page. */
  readonly lastKey: Key | null | undefined;
}
