import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** The demo sign-in page of `npm start`: one code field with autocomplete=one-time-code. */
export const DEMO_LOGIN = new URL("../../../scripts/demo/login.html", import.meta.url);

/**
 * Serves one page on http://localhost (a secure context, so Twofold fills
 * there) at any path; `url` ends in `/login`.
 */
export async function servePage(page: string | URL): Promise<{ url: string; close(): Promise<void> }> {
  const html = page instanceof URL ? await readFile(page) : page;
  const server = createServer((_request, response) =>
    response.writeHead(200, { "content-type": "text/html" }).end(html),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/login`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
