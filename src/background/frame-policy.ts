import { fillableHost, siteOf } from "../domains/page-host";

/** The parts of `runtime.MessageSender` the policy reads. */
export interface FrameSender {
  url?: string | undefined;
  /** The frame's origin as the browser saw it; `"null"` for sandboxed and other opaque origins. */
  origin?: string | undefined;
  frameId?: number | undefined;
  tab?: { id?: number | undefined; url?: string | undefined } | undefined;
}

/** One frame of a tab, as `webNavigation.getAllFrames` describes it. */
export interface TabFrame {
  frameId: number;
  parentFrameId: number;
  url: string;
}

export type FrameVerdict =
  | { allowed: true; url: string; host: string; tabId: number; site: string }
  | { allowed: false; reason: string };

/**
 * Decides whether the frame that sent a message may receive codes, from what
 * the browser says about the sender and the tab's frames — never from the
 * message. The frame must be a secure context with a real (not opaque)
 * origin, and every frame around it, up to the tab's page, must be on the
 * same site: a login frame on the bound site, embedded in a foreign ad frame
 * that is itself embedded in the bound page, gets nothing.
 *
 * `frames` is the tab's frame tree; `null` where the browser cannot list
 * frames, and then only the top page is compared.
 */
export function judgeFrame(sender: FrameSender, frames: readonly TabFrame[] | null = null): FrameVerdict {
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.url === undefined) return { allowed: false, reason: "not a tab's frame" };
  // A sandboxed document (iframe sandbox, CSP sandbox) has an opaque origin
  // whatever its address says: it is not the site's own page.
  if (sender.origin === "null") return { allowed: false, reason: "a sandboxed frame" };
  const host = fillableHost(sender.url);
  if (host === null) return { allowed: false, reason: "not a secure context (https, or http on localhost)" };
  const site = siteOf(host);
  if (sender.frameId === 0 || sender.frameId === undefined)
    return { allowed: true, url: sender.url, host, tabId, site };
  const ancestors = frames === null ? topOnly(sender) : ancestorUrls(sender.frameId, frames);
  if (ancestors === null) return { allowed: false, reason: "the frames around this frame are unknown" };
  for (const url of ancestors) {
    const around = fillableHost(url);
    if (around === null) return { allowed: false, reason: "a frame around this one is not a secure page" };
    if (siteOf(around) !== site) return { allowed: false, reason: "a frame from another site around this one" };
  }
  return { allowed: true, url: sender.url, host, tabId, site };
}

function topOnly(sender: FrameSender): string[] | null {
  return sender.tab?.url === undefined ? null : [sender.tab.url];
}

/** The addresses of every frame above `frameId`, nearest first; null if the chain is broken. */
export function ancestorUrls(frameId: number, frames: readonly TabFrame[]): string[] | null {
  const byId = new Map(frames.map((frame) => [frame.frameId, frame]));
  const urls: string[] = [];
  let current = byId.get(frameId);
  if (current === undefined) return null;
  while (current.parentFrameId !== -1) {
    const parent = byId.get(current.parentFrameId);
    if (parent === undefined || urls.length > frames.length) return null;
    urls.push(parent.url);
    current = parent;
  }
  return urls;
}
