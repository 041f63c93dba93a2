import type { HelloParams, HelloResult } from "../../src/protocol/hello";
import { TwofoldError } from "../../src/protocol/twofold-error";
import { PROTOCOL_VERSION } from "../../src/protocol/version";

/** Who this host is, as `hello` tells a client. */
export interface HostIdentity {
  version: string;
  storeSpec: string;
}

/** The reply to `hello`, or `UNSUPPORTED_VERSION` when the client speaks another protocol. */
export function answerHello({ protocol }: HelloParams, host: HostIdentity): HelloResult {
  if (protocol !== PROTOCOL_VERSION) {
    throw new TwofoldError(
      "UNSUPPORTED_VERSION",
      `This Twofold host speaks protocol ${PROTOCOL_VERSION}, the extension ${protocol}. Update both to the same release.`,
    );
  }
  return { protocol: PROTOCOL_VERSION, version: host.version, store: host.storeSpec };
}
