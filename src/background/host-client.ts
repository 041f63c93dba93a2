import type { MethodName, MethodParams, MethodResult } from "../protocol/methods";

/**
 * How the extension reaches the host: a persistent native port in Chromium
 * and Firefox, request/reply `sendNativeMessage` in Safari. Both parse
 * replies with the shared schemas and reject with a `TwofoldError`.
 */
export interface HostClient {
  request<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  /** Forget any backoff and connect again on the next request (the user pressed Retry). */
  reset(): void;
}
