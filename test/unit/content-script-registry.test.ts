import { describe, expect, it } from "vitest";
import {
  CONTENT_SCRIPT_ID,
  type ContentScriptRegistration,
  ContentScriptRegistry,
  type ScriptingLike,
} from "../../src/background/content-script-registry";

/** `browser.scripting` as far as registrations go, recording each call; `gate` holds a call until released. */
function fakeScripting(initial: string[] | null = null) {
  let registered: ContentScriptRegistration | null =
    initial === null ? null : ({ id: CONTENT_SCRIPT_ID, matches: initial } as ContentScriptRegistration);
  const calls: string[] = [];
  const scripting: ScriptingLike = {
    async getRegisteredContentScripts({ ids }) {
      return registered !== null && ids.includes(registered.id) ? [registered] : [];
    },
    async registerContentScripts([script]) {
      if (registered !== null) throw new Error(`Duplicate script ID '${CONTENT_SCRIPT_ID}'`);
      calls.push(`register ${script?.matches.join(" ")}`);
      registered = script ?? null;
    },
    async updateContentScripts([script]) {
      if (registered === null) throw new Error("no such script");
      calls.push(`update ${script?.matches.join(" ")}`);
      registered = script ?? null;
    },
    async unregisterContentScripts() {
      calls.push("unregister");
      registered = null;
    },
  };
  return { scripting, calls, registered: () => registered };
}

describe("ContentScriptRegistry", () => {
  it.each([
    {
      name: "registers where nothing was",
      initial: null,
      next: ["https://a.com/*"],
      calls: ["register https://a.com/*"],
    },
    {
      name: "updates a registration from a previous session under the same id",
      initial: ["https://a.com/*"],
      next: ["https://a.com/*", "https://b.com/*"],
      calls: ["update https://a.com/* https://b.com/*"],
    },
    {
      name: "unregisters when no account can fill anywhere",
      initial: ["https://a.com/*"],
      next: [],
      calls: ["unregister"],
    },
    { name: "writes nothing when nothing changed", initial: ["https://a.com/*"], next: ["https://a.com/*"], calls: [] },
  ])("$name", async ({ initial, next, calls }) => {
    const fake = fakeScripting(initial);
    const registry = new ContentScriptRegistry({ scripting: fake.scripting });
    await registry.apply(registry.ticket(), next);
    expect(fake.calls).toEqual(calls);
    expect(registry.patterns()).toEqual(next);
  });

  it("registers persistently, in every frame, at document_idle", async () => {
    const fake = fakeScripting();
    const registry = new ContentScriptRegistry({ scripting: fake.scripting });
    await registry.apply(registry.ticket(), ["https://a.com/*"]);
    expect(fake.registered()).toMatchObject({
      id: CONTENT_SCRIPT_ID,
      js: ["/autofill.js"],
      allFrames: true,
      runAt: "document_idle",
      persistAcrossSessions: true,
    });
  });

  it("never lets an account list read earlier overwrite one read later", async () => {
    const fake = fakeScripting();
    const registry = new ContentScriptRegistry({ scripting: fake.scripting });
    const early = registry.ticket();
    const late = registry.ticket();
    // The later read's reply arrives first; then the earlier one's.
    await Promise.all([registry.apply(late, ["https://new.com/*"]), registry.apply(early, ["https://old.com/*"])]);
    expect(fake.registered()?.matches).toEqual(["https://new.com/*"]);
    expect(fake.calls).toEqual(["register https://new.com/*"]);
  });

  it("applies concurrent changes one at a time (no duplicate registration)", async () => {
    const fake = fakeScripting();
    const registry = new ContentScriptRegistry({ scripting: fake.scripting });
    await Promise.all(
      ["https://a.com/*", "https://b.com/*", "https://c.com/*"].map((pattern) =>
        registry.apply(registry.ticket(), [pattern]),
      ),
    );
    expect(fake.calls).toEqual(["register https://a.com/*", "update https://b.com/*", "update https://c.com/*"]);
  });

  it("injects into open pages only for the patterns a change added", async () => {
    const fake = fakeScripting(["https://a.com/*"]);
    const injected: string[][] = [];
    const registry = new ContentScriptRegistry({
      scripting: fake.scripting,
      injectOpen: async (added) => {
        injected.push([...added]);
      },
    });
    await registry.apply(registry.ticket(), ["https://a.com/*", "https://b.com/*"]);
    await registry.apply(registry.ticket(), ["https://b.com/*"]);
    expect(injected).toEqual([["https://b.com/*"]]);
  });

  it("recovers after a failed write: the next change reads the registration again", async () => {
    const fake = fakeScripting();
    let fail = true;
    const registry = new ContentScriptRegistry({
      scripting: {
        ...fake.scripting,
        registerContentScripts: (scripts) =>
          fail ? Promise.reject(new Error("Invalid url pattern")) : fake.scripting.registerContentScripts(scripts),
      },
    });
    await expect(registry.apply(registry.ticket(), ["https://a.com/*"])).rejects.toThrow("Invalid url pattern");
    fail = false;
    await registry.apply(registry.ticket(), ["https://b.com/*"]);
    expect(fake.registered()?.matches).toEqual(["https://b.com/*"]);
  });
});
