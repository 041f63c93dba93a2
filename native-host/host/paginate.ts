import { PAGE_BYTES } from "../../src/protocol/version";

/**
 * One page of `items` starting at `cursor`, holding as many items as fit in
 * `budget` bytes of JSON (at least one), so that every reply stays under the
 * browser's 1 MiB limit however many accounts there are.
 */
export function paginate<T, U = T>(
  items: readonly T[],
  cursor: string | undefined,
  render: (item: T) => U = (item) => item as unknown as U,
  budget: number = PAGE_BYTES,
): { page: U[]; cursor?: string } {
  const start = cursor === undefined ? 0 : Number.parseInt(cursor, 10);
  const page: U[] = [];
  let bytes = 0;
  let index = Number.isInteger(start) && start >= 0 ? start : 0;
  for (; index < items.length; index++) {
    const rendered = render(items[index] as T);
    const size = jsonSize(rendered);
    if (page.length > 0 && bytes + size > budget) break;
    page.push(rendered);
    bytes += size;
  }
  return index < items.length ? { page, cursor: String(index) } : { page };
}

// Summaries and codes are reused while nothing changes, so their sizes are remembered.
const sizes = new WeakMap<object, number>();

/** The length of `value` as JSON plus its separator, measured once per object. */
function jsonSize(value: unknown): number {
  if (typeof value !== "object" || value === null) return JSON.stringify(value).length + 1;
  let size = sizes.get(value);
  if (size === undefined) {
    size = JSON.stringify(value).length + 1;
    sizes.set(value, size);
  }
  return size;
}

/** How many items {@link paginateBatches} renders at once. */
const BATCH = 512;

/**
 * {@link paginate} for items rendered in batches by an async `render`, such
 * as codes that Safari's Twofold app makes: the same pages, with about one
 * call per {@link BATCH} items instead of one per item.
 */
export async function paginateBatches<T, U>(
  items: readonly T[],
  cursor: string | undefined,
  render: (batch: readonly T[]) => Promise<U[]>,
  budget: number = PAGE_BYTES,
): Promise<{ page: U[]; cursor?: string }> {
  const start = cursor === undefined ? 0 : Number.parseInt(cursor, 10);
  let index = Number.isInteger(start) && start >= 0 ? start : 0;
  const page: U[] = [];
  let bytes = 0;
  while (index < items.length) {
    const rendered = await render(items.slice(index, index + BATCH));
    for (const item of rendered) {
      const size = jsonSize(item);
      if (page.length > 0 && bytes + size > budget) return { page, cursor: String(index) };
      page.push(item);
      bytes += size;
      index += 1;
    }
  }
  return { page };
}
