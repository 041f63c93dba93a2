// The floor for host cold start: a bare Node native messaging host that
// answers each frame with the same bytes. Twofold's host is measured against
// this in the same run (docs/architecture.md, "Performance budgets").
let buffer = Buffer.alloc(0);
process.stdin.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  while (buffer.length >= 4) {
    const length = buffer.readUInt32LE(0);
    if (buffer.length < 4 + length) break;
    process.stdout.write(buffer.subarray(0, 4 + length));
    buffer = buffer.subarray(4 + length);
  }
});
