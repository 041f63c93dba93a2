import type {
  ContentRequest,
  ContentResponse,
  Reply,
  TabCommand,
  TabCommandResult,
} from "../messaging/content-messages";

/** The two directions of content ↔ background messaging, typed. */
export interface ContentPort {
  send<T extends ContentRequest>(request: T): Promise<ContentResponse<T["type"]>>;
  onCommand(handler: (command: TabCommand) => Promise<TabCommandResult>): void;
}

interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(
      listener: (message: unknown, sender: unknown, sendResponse: (response: unknown) => void) => boolean | undefined,
    ): void;
  };
}

/**
 * Messaging over the browser's own `runtime` (`browser` in Firefox and
 * Safari, promise-returning `chrome` in MV3 Chromium), without a polyfill:
 * the content script runs on every page and must stay small.
 */
export function runtimePort(runtime: RuntimeLike): ContentPort {
  return {
    async send(request) {
      const reply = (await runtime.sendMessage(request)) as Reply<never> | undefined;
      if (!reply) throw new Error("Twofold's background did not answer.");
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value;
    },
    onCommand(handler) {
      runtime.onMessage.addListener((message, _sender, sendResponse) => {
        const command = message as Partial<TabCommand> | null;
        if (command?.type !== "fill.account" && command?.type !== "fill.focused") return undefined;
        handler(command as TabCommand).then(sendResponse, () => sendResponse({ filled: false }));
        return true;
      });
    },
  };
}
