/**
 * Runs `task` over `items` with at most `limit` in flight. After the first
 * failure no new task starts; the ones in flight finish, then that first
 * error is thrown. Keeps many D-Bus calls pipelined without flooding the bus.
 */
export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const state: { next: number; failure: { error: unknown } | undefined } = { next: 0, failure: undefined };
  const worker = async (): Promise<void> => {
    while (state.failure === undefined && state.next < items.length) {
      const index = state.next;
      state.next += 1;
      try {
        await task(items[index] as T);
      } catch (error) {
        state.failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (state.failure !== undefined) throw state.failure.error;
}
