/** The one registration of the content script: updated in place as accounts change. */
export const CONTENT_SCRIPT_ID = "twofold-autofill";
/** The content script's file in the built extension (entrypoints/autofill.ts). */
export const CONTENT_SCRIPT_FILE = "/autofill.js";

/** What a registration holds; the shape of `scripting.RegisteredContentScript`. */
export interface ContentScriptRegistration {
  id: string;
  js: string[];
  matches: string[];
  allFrames: boolean;
  runAt: "document_idle";
  persistAcrossSessions: boolean;
}

/** The parts of `browser.scripting` the registry uses, so tests can pass a fake. */
export interface ScriptingLike {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string; matches?: string[] }[]>;
  registerContentScripts(scripts: ContentScriptRegistration[]): Promise<unknown>;
  updateContentScripts(scripts: ContentScriptRegistration[]): Promise<unknown>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<unknown>;
}

export interface ContentScriptRegistryOptions {
  scripting: ScriptingLike;
  /**
   * Runs the script in pages already open that `added` patterns now cover,
   * so a site bound a moment ago fills without a reload.
   */
  injectOpen?: (added: readonly string[]) => Promise<void>;
}

/**
 * Keeps the content script registered exactly where an account could fill
 * (see content-script-matches.ts), under one id, persisted across browser
 * restarts. Changes are applied one at a time, in the order their account
 * lists were read: a list read earlier never overwrites one read later,
 * however the host's replies interleave.
 */
export class ContentScriptRegistry {
  private queue: Promise<void> = Promise.resolve();
  private issued = 0;
  private applied = 0;
  /** The patterns registered now, once known; `null` before the first look. */
  private current: string[] | null = null;

  constructor(private readonly options: ContentScriptRegistryOptions) {}

  /** Take one before reading the accounts whose patterns you will {@link apply}. */
  ticket(): number {
    this.issued += 1;
    return this.issued;
  }

  /** The registered patterns, as far as this registry knows (empty before the first change). */
  patterns(): readonly string[] {
    return this.current ?? [];
  }

  /**
   * Registers the content script for `matches` (sorted), or unregisters it
   * when there are none. Skipped when a later ticket was applied already.
   */
  apply(ticket: number, matches: readonly string[]): Promise<void> {
    const run = async () => {
      if (ticket < this.applied) return;
      this.applied = ticket;
      const before = this.current ?? (await this.registered());
      if (sameList(before, matches)) {
        this.current = [...matches];
        return;
      }
      await this.write(before, matches);
      this.current = [...matches];
      const added = matches.filter((pattern) => !before.includes(pattern));
      // Best effort: a tab that refuses injection (a browser page, a closed tab) still gets the
      // script on its next load, which the registration written above already covers.
      if (added.length > 0) await this.options.injectOpen?.(added).catch(() => undefined);
    };
    const next = this.queue.then(run);
    // One failure must not stop the changes after it; the caller still hears of it.
    this.queue = next.catch(() => {
      this.current = null;
    });
    return next;
  }

  private async registered(): Promise<string[]> {
    const [script] = await this.options.scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
    return script === undefined ? [] : [...(script.matches ?? [])].sort();
  }

  private async write(before: readonly string[], matches: readonly string[]): Promise<void> {
    const { scripting } = this.options;
    if (matches.length === 0) {
      await scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
      return;
    }
    const script: ContentScriptRegistration = {
      id: CONTENT_SCRIPT_ID,
      js: [CONTENT_SCRIPT_FILE],
      matches: [...matches],
      // A bound site's code field may sit in a frame of the bound page; the frame policy decides about it.
      allFrames: true,
      runAt: "document_idle",
      persistAcrossSessions: true,
    };
    if (before.length === 0) await scripting.registerContentScripts([script]);
    else await scripting.updateContentScripts([script]);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
