import { HelloParams, HelloResult } from "../../src/protocol/hello";
import { answerHello, type HostIdentity } from "./answer-hello";
import type { HostHandlers } from "./host-handlers";
import { outcomeOf, type Respond } from "./outcome";
import { parseParams } from "./parse-params";
import { type HostIo, runHost } from "./run-host";

/** What `twofold host` serves, and how it loads the handlers of every method but `hello`. */
export interface HostService {
  identity: HostIdentity;
  loadHandlers(): Promise<HostHandlers>;
}

/**
 * The host: the native messaging loop, answering `hello` itself and every
 * other method through the handlers, which it loads — and whose store it
 * opens — once hello is answered: a client says hello first, so the reply
 * waits for nothing but node and this loop, and the codes asked for next
 * find the store open. Resolves when the client closes the connection.
 */
export async function serveHost(io: HostIo, service: HostService): Promise<void> {
  let handlers: Promise<HostHandlers> | undefined;
  const load = () => {
    handlers ??= service.loadHandlers();
    return handlers;
  };
  const respond: Respond = async (method, params) => {
    if (method !== "hello") return (await load()).respond(method, params);
    const outcome = await outcomeOf(() =>
      HelloResult.parse(answerHello(parseParams(method, HelloParams, params), service.identity)),
    );
    // Once this reply is written; a failure to load waits for a request to report it.
    if (outcome.ok)
      setImmediate(() =>
        load().then(
          (loaded) => loaded.warmUp(),
          () => undefined,
        ),
      );
    return outcome;
  };
  try {
    await runHost(io, respond);
  } finally {
    await handlers?.then((loaded) => loaded.close()).catch(() => undefined);
  }
}
