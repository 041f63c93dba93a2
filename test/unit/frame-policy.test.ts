import { describe, expect, it } from "vitest";
import { bestMatches } from "../../src/background/best-matches";
import { judgeFrame } from "../../src/background/frame-policy";
import type { UrlMatch } from "../../src/protocol/methods";

describe("judgeFrame", () => {
  it.each([
    ["a top frame", { url: "https://github.com/x", frameId: 0, tab: { id: 1, url: "https://github.com/x" } }, true],
    [
      "a same-site frame",
      { url: "https://auth.github.com/otp", frameId: 3, tab: { id: 1, url: "https://github.com/x" } },
      true,
    ],
    [
      "a cross-site frame",
      { url: "https://github.com/otp", frameId: 3, tab: { id: 1, url: "https://evil-portal.com/" } },
      false,
    ],
    ["a frame in an unknown page", { url: "https://github.com/otp", frameId: 3, tab: { id: 1 } }, false],
    [
      "a frame in an http page",
      { url: "https://github.com/otp", frameId: 3, tab: { id: 1, url: "http://github.com/" } },
      false,
    ],
    [
      "an http top frame",
      { url: "http://github.com/x", frameId: 0, tab: { id: 1, url: "http://github.com/x" } },
      false,
    ],
    [
      "localhost over http",
      { url: "http://localhost:8080/", frameId: 0, tab: { id: 1, url: "http://localhost:8080/" } },
      true,
    ],
    ["no tab (another extension page)", { url: "https://github.com/", frameId: 0 }, false],
    ["about:srcdoc", { url: "about:srcdoc", frameId: 2, tab: { id: 1, url: "https://github.com/" } }, false],
    [
      "a github.io neighbour",
      { url: "https://bob.github.io/", frameId: 2, tab: { id: 1, url: "https://alice.github.io/" } },
      false,
    ],
  ])("%s → %s", (_name, sender, allowed) => {
    expect(judgeFrame(sender).allowed).toBe(allowed);
  });
});

describe("bestMatches", () => {
  const match = (id: string, specificity: number) => ({ account: { id }, specificity }) as unknown as UrlMatch;
  it("keeps only the most specific bindings", () => {
    expect(bestMatches([match("aws", 4), match("amazon", 2)]).map((m) => m.account.id)).toEqual(["aws"]);
    expect(bestMatches([match("a", 2), match("b", 2)]).map((m) => m.account.id)).toEqual(["a", "b"]);
    expect(bestMatches([])).toEqual([]);
  });
});
