import { fillableHost, siteOf } from "../domains/page-host";

/** The parts of `runtime.MessageSender` the policy reads. */
export interface FrameSender {
  url?: string | undefined;
  frameId?: number | undefined;
  tab?: { id?: number | undefined; url?: string | undefined } | undefined;
}

export type FrameVerdict =
  | { allowed: true; url: string; host: string; tabId: number; site: string }
  | { allowed: false; reason: string };

/**
 * Decides whether the frame that sent a message may receive codes, from what
 * the browser says about the sender — never from the message (DESIGN.md
 * invariant 2). The frame must be a secure context, and a sub-frame must be
 * on the same site as the page around it: a matching login frame embedded in
 * a foreign page gets nothing.
 */
export function judgeFrame(sender: FrameSender): FrameVerdict {
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.url === undefined) return { allowed: false, reason: "not a tab's frame" };
  const host = fillableHost(sender.url);
  if (host === null) return { allowed: false, reason: "not a secure context (https, or http on localhost)" };
  const site = siteOf(host);
  if (sender.frameId !== 0) {
    const topHost = sender.tab?.url === undefined ? null : fillableHost(sender.tab.url);
    if (topHost === null) return { allowed: false, reason: "the page around this frame is unknown or not secure" };
    if (siteOf(topHost) !== site) return { allowed: false, reason: "a frame from another site than the page" };
  }
  return { allowed: true, url: sender.url, host, tabId, site };
}
