import { SEEN_MS } from "../content/visibility-watch";
import type { MenuAccount, MenuRequest, Reply } from "../messaging/content-messages";

export interface InlineMenuOptions {
  doc: Document;
  win: Window;
  /** `browser.runtime.sendMessage`: the background answers with a {@link Reply}. */
  send(message: MenuRequest): Promise<unknown>;
  now?: () => number;
}

/**
 * The inline menu page: lists the accounts of the frame that opened it
 * (the background decides which, from the tab's frame tree — this page is
 * told nothing by the web page around it) and sends a pick on a trusted
 * click. Where the browser has IntersectionObserver v2, a pick counts only
 * when the browser reports the menu visible — not faded, filtered or
 * covered by the page around it — for at least {@link SEEN_MS}; the frame
 * that opened the menu checks the menu's frame element again before it fills.
 */
export function startInlineMenu({ doc, win, send, now = () => win.performance.now() }: InlineMenuOptions): void {
  const list = doc.querySelector<HTMLElement>(".list");
  // The frame that opened this menu put the background's token in the address.
  const token = win.location.hash.slice(1);
  if (list === null) return;
  const shownAt = now();
  let visibleSince: number | null = null;
  const tracked = "isVisible" in (win as Window & typeof globalThis).IntersectionObserverEntry.prototype;
  if (tracked) {
    new (win as Window & typeof globalThis).IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const visible = (entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true;
          if (!visible) visibleSince = null;
          else visibleSince ??= entry.time;
        }
        markArmed();
      },
      { threshold: [0, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    ).observe(list);
  }
  const seen = () => {
    const since = tracked ? visibleSince : shownAt;
    return since !== null && now() - since >= SEEN_MS;
  };
  /** `data-armed` on the list says picks count now (styles and tests read it). */
  function markArmed(): void {
    if (seen()) list?.setAttribute("data-armed", "");
    else {
      list?.removeAttribute("data-armed");
      win.setTimeout(markArmed, SEEN_MS);
    }
  }
  if (!tracked) markArmed();

  doc.addEventListener("keydown", (event) => {
    if (event.key === "Escape") void send({ type: "menu.close", token });
  });
  // The content script moves focus here for keyboard users (ArrowDown in the field).
  win.addEventListener("focus", () => list.querySelector("button")?.focus());

  void request<{ accounts: MenuAccount[] }>(send, { type: "menu.accounts", token }).then((reply) => {
    if (reply === null || reply.accounts.length === 0) {
      const note = doc.createElement("div");
      note.className = "note";
      note.textContent = "No account for this page.";
      list.append(note);
      return;
    }
    for (const account of reply.accounts) list.append(accountButton(doc, account, pick));
  });

  function pick(event: MouseEvent, account: MenuAccount): void {
    // A click the page could fake never reaches this frame; this is belt and braces.
    if (!event.isTrusted || !seen()) return;
    void send({ type: "menu.pick", token, accountId: account.accountId });
  }
}

function accountButton(
  doc: Document,
  account: MenuAccount,
  pick: (event: MouseEvent, account: MenuAccount) => void,
): HTMLButtonElement {
  const button = doc.createElement("button");
  button.setAttribute("role", "option");
  const issuer = doc.createElement("span");
  issuer.className = "issuer";
  issuer.textContent = account.issuer || account.label;
  const label = doc.createElement("span");
  label.className = "label";
  label.textContent = account.issuer ? account.label : "";
  button.append(issuer, label);
  button.addEventListener("click", (event) => pick(event, account));
  return button;
}

async function request<T>(send: InlineMenuOptions["send"], message: MenuRequest): Promise<T | null> {
  try {
    const reply = (await send(message)) as Reply<T> | undefined;
    return reply?.ok ? reply.value : null;
  } catch {
    return null;
  }
}
