// How the browser rows wait on a page without disturbing what they time.

/**
 * The value of `expression` — a promise in the page's main world — awaited over the
 * DevTools protocol session `devtools`, or undefined after `timeoutMs`. Not Playwright's
 * waitForFunction or evaluate: the first time, those set up Playwright's own script in the
 * page's main world (15–25 ms of parsing on the page's thread), which then fell inside
 * what the bench times — in the popup rows as the page would render, in the first-fill
 * row between the click and the fill (1.4× of the 2.2× that row once showed).
 */
export async function awaitInPage(devtools, expression, timeoutMs) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  const answer = devtools.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
  const result = await Promise.race([answer, late]).finally(() => clearTimeout(timer));
  return result?.result?.value;
}
