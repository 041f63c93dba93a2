import { respondWith } from "./handle-request";
import { createHostSession, type HostWiring } from "./host-session";
import type { Respond } from "./outcome";

/** Everything the host answers besides `hello`, and the store behind it. */
export interface HostHandlers {
  respond: Respond;
  /** Opens and reads the store now, before a request needs it. */
  warmUp(): void;
  close(): Promise<void>;
}

/**
 * The request handlers and the store they use. The host's own bundle loads
 * this module — a bundle of its own (dist/twofold-handlers.cjs) — only after
 * it has answered `hello`.
 */
export function openHostHandlers(wiring: HostWiring): HostHandlers {
  const session = createHostSession(wiring);
  return { respond: respondWith(session), warmUp: () => session.warmUp(), close: () => session.close() };
}

export { openAccounts } from "../cli/open-accounts";
