import { main } from "./cli/main";

// The bundle's entry: `twofold …` and the launcher's `twofold host`.
main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`twofold: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
