import { serveHost } from "../../host/serve-host";
import { formatStoreSpec } from "../../stores/store-spec";
import type { Command } from "../command";

export const host: Command = {
  name: "host",
  usage: "twofold host [ORIGIN]",
  summary: "the native messaging loop the browser starts (via the launcher)",
  lenient: true,
  async run(args, context) {
    // Chrome passes the caller's origin, Firefox the manifest path and add-on id.
    // They are logged, not trusted: native messaging is not authentication.
    const caller = args.positionals.join(" ") || "(no caller)";
    const log = (line: string) => process.stderr.write(`twofold host: ${line}\n`);
    const { environment, version } = context;
    const spec = context.storeSpec();
    const storeSpec = formatStoreSpec(spec);
    // TWOFOLD_MAX_REQUEST_BYTES lowers the 64 MiB request limit (tests, constrained machines).
    const limit = Number(environment.env.TWOFOLD_MAX_REQUEST_BYTES);
    const maxRequestBytes = Number.isInteger(limit) && limit > 0 ? limit : undefined;
    await serveHost(
      { input: process.stdin, output: process.stdout, log, maxRequestBytes },
      {
        identity: { version, storeSpec },
        // In the host's own bundle this import is the handlers' bundle (scripts/build-host.mjs).
        // Said as the handlers load, just after the first reply: opening stderr
        // would cost that reply a few milliseconds (bench/host-start.mjs).
        loadHandlers: () => {
          log(`started for ${caller}, store ${storeSpec}`);
          return import("../../host/host-handlers").then(({ openHostHandlers }) =>
            openHostHandlers({ environment, spec, version }),
          );
        },
      },
    );
    return 0;
  },
};
