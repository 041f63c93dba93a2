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
    const size = JSON.stringify(rendered).length + 1;
    if (page.length > 0 && bytes + size > budget) break;
    page.push(rendered);
    bytes += size;
  }
  return index < items.length ? { page, cursor: String(index) } : { page };
}
