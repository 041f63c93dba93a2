import { readFile } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));

/** Chromium flags that send every host name to the fixture servers. */
export const FIXTURE_BROWSER_ARGS = [
  "--host-resolver-rules=MAP * 127.0.0.1, EXCLUDE localhost",
  "--ignore-certificate-errors",
];

/** A route: requests for this host and path get this file from test/fixtures/sites. */
export interface Route {
  url: string;
  file: string;
}

/** The https and http fixture servers. */
export interface FixtureServers {
  /** Rewrites a fixture's real URL to one that reaches the server (adds the port when not 443/80). */
  resolve(url: string): string;
  close(): Promise<void>;
}

/**
 * Serves fixture pages under their real host names: Chromium resolves every
 * name to 127.0.0.1 and ignores the self-signed certificate, so
 * `https://github.com/sessions/two-factor` is our page while the extension
 * sees the real name. Ports 443 and 80 when this process may bind them, else
 * free ports written into the URLs (the host name, which is what matters for
 * domain matching, is unchanged).
 */
export async function startFixtureServers(routes: readonly Route[]): Promise<FixtureServers> {
  const table = new Map(routes.map((route) => [routeKey(new URL(route.url)), route.file]));
  const handler = (scheme: string) => async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", `${scheme}://${request.headers.host ?? "localhost"}`);
    const file = table.get(routeKey(url));
    if (file === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end(`no fixture for ${url.host}${url.pathname}`);
      return;
    }
    const body = await readFile(join(FIXTURES, "sites", file));
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(body);
  };
  const tls = {
    key: await readFile(join(FIXTURES, "tls", "key.pem")),
    cert: await readFile(join(FIXTURES, "tls", "cert.pem")),
  };
  const https = await listen(createHttpsServer(tls, handler("https")), 443);
  const http = await listen(createHttpServer(handler("http")), 80);
  return {
    resolve(url) {
      const parsed = new URL(url);
      const port = parsed.protocol === "https:" ? https.port : http.port;
      if (port !== (parsed.protocol === "https:" ? 443 : 80)) parsed.port = String(port);
      return parsed.toString();
    },
    close: async () => {
      await Promise.all([https.server, http.server].map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

function routeKey(url: URL): string {
  return `${url.protocol}//${url.hostname}${url.pathname.replace(/\/$/, "") || "/"}`;
}

async function listen(server: Server, preferred: number): Promise<{ server: Server; port: number }> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  try {
    return { server, port: await tryPort(preferred) };
  } catch {
    return { server, port: await tryPort(0) };
  }
}
