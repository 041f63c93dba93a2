import { invisibility } from "./painted-visibility";

/** How long a field must have been visible before Twofold fills it: time for a person to see it. */
export const SEEN_MS = 500;
/**
 * While waiting out {@link SEEN_MS}, the field is checked again at every
 * frame the page paints, and at least this often where frames stop (a
 * background tab): a field hidden for even one painted frame starts over.
 * (Checking only every 100 ms, a lure that hid the field for a frame and
 * showed it again under the pointer passed every check.)
 */
const RECHECK_MS = 100;

export interface Clock {
  now(): number;
  /** Calls `run` after `ms`; returns a cancel function. */
  after(ms: number, run: () => void): () => void;
  /** Calls `run` before the page paints its next frame, where the clock knows frames; returns a cancel function. */
  nextFrame?(run: () => void): () => void;
}

/** The browser's clock, in the same time base as IntersectionObserver entries; it knows the page's frames. */
export function browserClock(win: Window): Clock {
  return {
    now: () => win.performance.now(),
    after: (ms, run) => {
      const id = win.setTimeout(run, ms);
      return () => win.clearTimeout(id);
    },
    nextFrame: (run) => {
      const id = win.requestAnimationFrame(() => run());
      return () => win.cancelAnimationFrame(id);
    },
  };
}

interface Seen {
  /** Since when the local checks have passed without a break, or null. */
  since: number | null;
  /** IntersectionObserver v2's latest verdict and since when it holds, or null before the first entry. */
  observed: { visible: boolean; since: number } | null;
  waiters: Set<() => void>;
}

/**
 * Knows how long each field has been visible. Every field is judged by the
 * local checks in painted-visibility.ts. In a frame inside another frame those
 * checks cannot see what the parent does to the frame (fade it, cover it), so
 * there the browser's own verdict — IntersectionObserver v2, which accounts
 * for occlusion and effects all the way up the frame tree — must agree too;
 * a sub-frame in a browser without it relies on the local checks alone.
 */
export class VisibilityWatch {
  private readonly seen = new WeakMap<Element, Seen>();
  private readonly observer: IntersectionObserver | null;
  /** Elements visible but not yet for {@link SEEN_MS}: checked at every frame until they are, or are not visible. */
  private readonly timing = new Set<HTMLElement>();
  private cancelTick: (() => void) | null = null;

  constructor(
    private readonly win: Window,
    private readonly clock: Clock,
  ) {
    this.observer = win.top !== win && supportsVisibilityTracking(win) ? this.createObserver() : null;
  }

  /** Starts timing `element` (when the pointer reaches it, or it gets focus). */
  watch(element: HTMLElement): void {
    if (this.seen.has(element)) {
      this.recheck(element);
      return;
    }
    const ok = invisibility(element, this.win) === null;
    this.seen.set(element, { since: ok ? this.clock.now() : null, observed: null, waiters: new Set() });
    if (ok) this.startTiming(element);
    this.observer?.observe(element);
  }

  /** Why `element` is not visible right now, or null. */
  reason(element: HTMLElement): string | null {
    const local = invisibility(element, this.win);
    if (local !== null) return local;
    const observed = this.seen.get(element)?.observed;
    if (this.observer !== null && observed?.visible === false) return "hidden or covered around this frame";
    return null;
  }

  /** Whether `element` is visible now and has been for {@link SEEN_MS}, without waiting. */
  seenNow(element: HTMLElement): boolean {
    const remaining = this.remaining(element);
    return remaining !== null && remaining <= 0;
  }

  /**
   * Resolves true once every element has been visible for {@link SEEN_MS}
   * without a break, or false as soon as one is not (or `signal` aborts).
   */
  seenLongEnough(elements: readonly HTMLElement[], signal: AbortSignal): Promise<boolean> {
    for (const element of elements) this.watch(element);
    return new Promise((resolve) => {
      let cancelTimer = () => {};
      const finish = (result: boolean) => {
        cancelTimer();
        for (const element of elements) this.seen.get(element)?.waiters.delete(check);
        signal.removeEventListener("abort", abort);
        resolve(result);
      };
      const abort = () => finish(false);
      const check = () => {
        cancelTimer();
        const remaining = elements.map((element) => this.remaining(element));
        if (remaining.some((ms) => ms === null)) return finish(false);
        const wait = Math.max(...(remaining as number[]));
        // Waiting for the observer's first verdict counts as not yet seen.
        if (wait <= 0) return finish(true);
        // Whichever comes first: the next painted frame, or the timer where frames stop.
        const cancels = [this.clock.after(Math.min(wait, RECHECK_MS), check)];
        if (this.clock.nextFrame) cancels.push(this.clock.nextFrame(check));
        cancelTimer = () => {
          for (const cancel of cancels) cancel();
        };
      };
      if (signal.aborted) return resolve(false);
      signal.addEventListener("abort", abort);
      for (const element of elements) this.seen.get(element)?.waiters.add(check);
      check();
    });
  }

  /** Milliseconds until `element` has been seen long enough; null if it is not visible now. */
  private remaining(element: HTMLElement): number | null {
    this.recheck(element);
    const entry = this.seen.get(element);
    if (!entry || entry.since === null) return null;
    let since = entry.since;
    if (this.observer !== null) {
      if (entry.observed === null) return RECHECK_MS;
      if (!entry.observed.visible) return null;
      since = Math.max(since, entry.observed.since);
    }
    return since + SEEN_MS - this.clock.now();
  }

  private recheck(element: HTMLElement): void {
    const entry = this.seen.get(element);
    if (!entry) return;
    const ok = invisibility(element, this.win) === null;
    if (!ok) entry.since = null;
    else if (entry.since === null) {
      entry.since = this.clock.now();
      this.startTiming(element);
    }
  }

  /**
   * Checks `element` at every painted frame (at least every
   * {@link RECHECK_MS}) until it has been visible for {@link SEEN_MS}, so a
   * field hidden between the pointer's arrival and the click — even for one
   * frame, then shown again under the pointer — starts its time over.
   */
  private startTiming(element: HTMLElement): void {
    this.timing.add(element);
    if (this.cancelTick === null) this.scheduleTick();
  }

  private scheduleTick(): void {
    const cancels = [this.clock.after(RECHECK_MS, this.tick)];
    if (this.clock.nextFrame) cancels.push(this.clock.nextFrame(this.tick));
    this.cancelTick = () => {
      for (const cancel of cancels) cancel();
    };
  }

  private readonly tick = (): void => {
    this.cancelTick?.();
    this.cancelTick = null;
    for (const element of [...this.timing]) {
      this.recheck(element);
      const since = this.seen.get(element)?.since ?? null;
      if (since === null || !element.isConnected || this.clock.now() - since >= SEEN_MS) this.timing.delete(element);
    }
    if (this.timing.size > 0) this.scheduleTick();
  };

  private createObserver(): IntersectionObserver {
    return new (this.win as Window & typeof globalThis).IntersectionObserver(
      (entries) => {
        for (const change of entries) {
          const entry = this.seen.get(change.target);
          if (!entry) continue;
          const visible = (change as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true;
          if (entry.observed?.visible !== visible) entry.observed = { visible, since: change.time };
          for (const waiter of [...entry.waiters]) waiter();
        }
      },
      // trackVisibility needs a delay of at least 100 ms between notifications.
      { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
    );
  }
}

function supportsVisibilityTracking(win: Window): boolean {
  return "isVisible" in (win as Window & typeof globalThis).IntersectionObserverEntry.prototype;
}
