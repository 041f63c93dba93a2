import type {
  ContentRequest,
  ContentResponse,
  Reply,
  TabCommand,
  TabCommandResult,
} from "../messaging/content-messages";

/** Content → background requests, typed. */
export interface ContentPort {
  send<T extends ContentRequest>(request: T): Promise<ContentResponse<T["type"]>>;
}

/** What the background's commands reach: the popup's Fill, the keyboard command, the context menu. */
export type CommandHandler = (command: TabCommand) => Promise<TabCommandResult>;

export interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
  getURL(path: string): string;
  onMessage: {
    addListener(
      listener: (message: unknown, sender: unknown, sendResponse: (response: unknown) => void) => boolean | undefined,
    ): void;
  };
}

/**
 * Messaging over the browser's own `runtime` (`browser` in Firefox and
 * Safari, promise-returning `chrome` in MV3 Chromium), without a polyfill.
 * The runtime is looked up on the first request: touching the extension API
 * costs a page about a millisecond, which a page without a code field
 * should not pay.
 */
export function runtimePort(runtime: () => RuntimeLike | undefined): ContentPort {
  return {
    async send(request) {
      const api = runtime();
      if (!api) throw new Error("The extension API is not available here.");
      const reply = (await api.sendMessage(request)) as Reply<never> | undefined;
      if (!reply) throw new Error("Twofold's background did not answer.");
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value;
    },
  };
}

/** Firefox and Safari: commands arrive as runtime messages (`tabs.sendMessage`). */
export function listenForCommands(runtime: RuntimeLike, handler: CommandHandler): void {
  runtime.onMessage.addListener((message, _sender, sendResponse) => {
    const command = message as Partial<TabCommand> | null;
    if (command?.type !== "fill.account" && command?.type !== "fill.focused" && command?.type !== "menu.close")
      return undefined;
    handler(command as TabCommand).then(sendResponse, () => sendResponse({ filled: false }));
    return true;
  });
}

/**
 * Chromium: the background runs `scripting.executeScript` with a function
 * that calls this hook in the content script's isolated world (never visible
 * to the page), so no message listener is registered on every page load.
 */
export const COMMAND_HOOK = "__twofoldRunCommand";
