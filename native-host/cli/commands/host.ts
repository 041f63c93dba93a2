import type { HostContext } from "../../host/handle-request";
import { runHost } from "../../host/run-host";
import { formatStoreSpec } from "../../stores/store-spec";
import type { CliContext, Command } from "../command";

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
    log(`started for ${caller}, store ${formatStoreSpec(context.storeSpec())}`);
    // TWOFOLD_MAX_REQUEST_BYTES lowers the 64 MiB request limit (tests, constrained machines).
    const limit = Number(context.environment.env.TWOFOLD_MAX_REQUEST_BYTES);
    const maxRequestBytes = Number.isInteger(limit) && limit > 0 ? limit : undefined;
    await runHost({ input: process.stdin, output: process.stdout, log, maxRequestBytes }, hostContext(context));
    return 0;
  },
};

/** Adapts the CLI's lazily opened store to what the request handlers need. */
export function hostContext(context: CliContext): HostContext {
  return {
    accounts: () => context.accounts(),
    storeSpec: formatStoreSpec(context.storeSpec()),
    version: context.version,
    async importData(params) {
      const { runImport } = await import("../../import/run-import");
      const bytes = Buffer.from(params.data, params.encoding === "base64" ? "base64" : "utf8");
      const text = params.encoding === "base64" ? decodeText(bytes) : params.data;
      const report = await runImport(
        await context.accounts(),
        { bytes, text, password: params.password },
        { format: params.format, dryRun: params.dryRun, partial: params.partial },
      );
      return { report };
    },
    async doctor({ extensionId }) {
      const { runDoctor } = await import("../../doctor/run-doctor");
      const findings = await runDoctor({
        environment: context.environment,
        spec: context.storeSpec(),
        accounts: () => context.accounts(),
        extensionId,
        fromHost: true,
      });
      return { findings };
    },
    async storeStatus() {
      const spec = formatStoreSpec(context.storeSpec());
      try {
        const accounts = await (await context.accounts()).list();
        return { spec, ok: true, message: `${accounts.length} account${accounts.length === 1 ? "" : "s"}` };
      } catch (error) {
        return { spec, ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

/** UTF-8 text of binary input, or `null` when it is not text (an image). */
export function decodeText(bytes: Buffer): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
