import type { FrameLocator, Page } from "@playwright/test";
import { generateCode } from "../../src/otp/generate-code";
import { parseOtpUri } from "../../src/otp/parse-otpauth-uri";
import { contentScriptReady, INLINE_MENU, readAccountsAgain } from "./support/content-script-ready";
import { expect, test } from "./support/extension-test";
import { type FixtureCase, fixtureRoutes, loadFixtureCases } from "./support/fixture-manifest";
import { FIXTURE_BROWSER_ARGS, type FixtureServers, startFixtureServers } from "./support/fixture-server";

const cases = loadFixtureCases();
/**
 * How long a fill may take to show: the first fill of a test starts the host (a
 * cold Node start, slow on a busy machine), and a field must have been visible
 * for half a second before its code is asked for. A state wait: it ends as soon
 * as the field holds the code.
 */
const FILL_WAIT_MS = 30_000;
let servers: FixtureServers;

test.beforeAll(async () => {
  servers = await startFixtureServers(fixtureRoutes(cases));
});
test.afterAll(async () => {
  await servers?.close();
});

/** Every input's value in the page and all its frames, shadow roots included. */
async function inputValues(page: Page): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const [index, frame] of page.frames().entries()) {
    const frameValues = await frame
      .evaluate(() => {
        const out: Record<string, string> = {};
        const walk = (root: Document | ShadowRoot, prefix: string) => {
          root.querySelectorAll("*").forEach((element, position) => {
            if (element instanceof HTMLInputElement)
              out[`${prefix}${element.id || element.name || position}`] = element.value;
            if (element.shadowRoot) walk(element.shadowRoot, `${prefix}${element.tagName}>`);
          });
        };
        walk(document, "");
        return out;
      })
      .catch(() => ({}));
    for (const [key, value] of Object.entries(frameValues)) values[`frame${index}:${key}`] = value;
  }
  return values;
}

type FieldEvents = { input: number; focusin: number };

/** Init script: counts each input's `input` and `focusin` events, as the page sees them. */
function countFieldEvents(): void {
  const counts = new WeakMap<HTMLInputElement, FieldEvents>();
  (window as unknown as { __fieldEvents: typeof counts }).__fieldEvents = counts;
  for (const type of ["input", "focusin"] as const) {
    window.addEventListener(
      type,
      (event) => {
        const field = event.composedPath()[0];
        if (!(field instanceof HTMLInputElement)) return;
        const seen = counts.get(field) ?? { input: 0, focusin: 0 };
        seen[type] += 1;
        counts.set(field, seen);
      },
      true,
    );
  }
}

/** Each input's event counts in the top frame (open shadow roots included), keyed by its position. */
async function fieldEventCounts(page: Page): Promise<Record<string, FieldEvents>> {
  return page.evaluate(() => {
    const counts = (window as unknown as { __fieldEvents?: WeakMap<HTMLInputElement, FieldEvents> }).__fieldEvents;
    const out: Record<string, FieldEvents> = {};
    let index = 0;
    const walk = (root: Document | ShadowRoot) => {
      for (const element of Array.from(root.querySelectorAll("*"))) {
        if (element instanceof HTMLInputElement) {
          const seen = counts?.get(element);
          if (seen) out[`${index}:${element.id || element.name || element.type}`] = seen;
          index += 1;
        }
        if (element.shadowRoot) walk(element.shadowRoot);
      }
    };
    walk(document);
    return out;
  });
}

/** Codes of an account around now: the one on screen may be from the window that just ended. */
function codesNow(uri: string): string[] {
  const params = parseOtpUri(uri).params;
  const now = Date.now();
  return [generateCode(params, now).code, generateCode(params, now - 3000).code];
}

/** Picks the i-th account in Twofold's inline menu (an extension frame), once it accepts picks. */
async function clickSuggestion(page: Page, index: number): Promise<void> {
  const menu = page.frameLocator(INLINE_MENU);
  await expect(menu.locator(".list[data-armed]")).toBeAttached();
  await menu.locator("button").nth(index).click();
}

for (const fixture of cases) {
  test.describe(`${fixture.kind}: ${fixture.name}`, () => {
    test.use({ browserArgs: FIXTURE_BROWSER_ARGS });
    test(`${fixture.kind === "positive" ? "fills" : "leaves alone"} ${fixture.url}`, async ({
      world,
      context,
      serviceWorker,
    }) => {
      for (const account of fixture.accounts) {
        world.cli([
          "add",
          account.uri,
          ...(account.domains ?? []).flatMap((domain) => ["--domain", domain]),
          ...(account.pinned ? ["--pin"] : []),
        ]);
      }
      // The CLI wrote behind the browser's back: have the background register for these accounts first.
      await readAccountsAgain(context, serviceWorker);
      const page = await context.newPage();
      await page.addInitScript(countFieldEvents);
      await page.goto(servers.resolve(fixture.url));
      await page.waitForLoadState("load");
      await contentScriptReady(page, serviceWorker, { sync: false });
      for (const selector of fixture.expect.present ?? []) await expect(page.locator(selector)).toBeAttached();
      const before = await inputValues(page);
      await runActions(page, fixture);
      const uriOf = (key: string) => {
        const account = fixture.accounts.find((candidate) => candidate.key === key);
        if (!account) throw new Error(`fixture names unknown account ${key}`);
        return account.uri;
      };
      const changed = new Set<string>();
      const holdsCode = async (where: Page | FrameLocator, selector: string, key: string) =>
        expect
          .poll(async () => codesNow(uriOf(key)).includes(await where.locator(selector).inputValue()), {
            message: selector,
            timeout: FILL_WAIT_MS,
          })
          .toBe(true);
      for (const [selector, key] of Object.entries(fixture.expect.filled ?? {})) await holdsCode(page, selector, key);
      for (const [frame, fields] of Object.entries(fixture.expect.inFrame ?? {})) {
        for (const [selector, key] of Object.entries(fields)) await holdsCode(page.frameLocator(frame), selector, key);
      }
      if (fixture.expect.splitFilled) {
        const { selectors, account } = fixture.expect.splitFilled;
        await expect
          .poll(
            async () =>
              codesNow(uriOf(account)).includes(
                (await Promise.all(selectors.map((selector) => page.locator(selector).inputValue()))).join(""),
              ),
            { timeout: FILL_WAIT_MS },
          )
          .toBe(true);
      }
      for (const [selector, key] of Object.entries(fixture.expect.state ?? {})) {
        await expect
          .poll(async () => codesNow(uriOf(key)).includes((await page.locator(selector).textContent()) ?? ""), {
            timeout: FILL_WAIT_MS,
          })
          .toBe(true);
      }
      for (const [selector, classes] of Object.entries(fixture.expect.hasClass ?? {})) {
        for (const name of classes) await expect(page.locator(selector)).toHaveClass(new RegExp(`\\b${name}\\b`));
      }
      // Nothing may happen after the fill either: give a storm of repeated fills (or a late fill) time to show.
      await page.waitForTimeout(1200);
      if (fixture.kind === "positive") {
        // One click, one fill: every filled field saw exactly one input event, and at most the click's
        // focus and the fill's own (a split field's boxes are focused in turn, once each).
        const counts = await fieldEventCounts(page);
        for (const [field, seen] of Object.entries(counts)) {
          if (seen.input === 0) continue;
          expect(seen.input, `input events on ${field}`).toBe(1);
          expect(seen.focusin, `focus events on ${field}`).toBeLessThanOrEqual(2);
        }
        // The inline menu is gone once the code is in.
        await expect(page.locator(INLINE_MENU)).toHaveCount(0);
      }
      const after = await inputValues(page);
      for (const [key, value] of Object.entries(after)) if (before[key] !== value) changed.add(key);
      const expectedChanges =
        Object.keys(fixture.expect.filled ?? {}).length +
        Object.values(fixture.expect.inFrame ?? {}).reduce((sum, fields) => sum + Object.keys(fields).length, 0) +
        (fixture.expect.splitFilled?.selectors.length ?? 0);
      // Nothing else on the page changed: exactly the expected fields hold new values.
      expect(changed.size, `changed inputs: ${[...changed].join(", ")}`).toBe(
        fixture.kind === "negative" ? 0 : expectedChanges,
      );
    });
  });
}

async function runActions(page: Page, fixture: FixtureCase): Promise<void> {
  for (const action of fixture.actions) {
    if ("wait" in action) await page.waitForTimeout(action.wait);
    else if ("clickSuggestion" in action) await clickSuggestion(page, action.clickSuggestion);
    else if ("press" in action) await page.keyboard.press(action.press);
    else if (action.frame) {
      const [outer, ...inner] = typeof action.frame === "string" ? [action.frame] : action.frame;
      let frame = page.frameLocator(outer as string);
      for (const selector of inner) frame = frame.frameLocator(selector);
      await frame.locator(action.click).click({ force: action.force });
    } else await page.click(action.click, { force: action.force });
  }
}
