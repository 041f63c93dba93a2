import { type ReactNode, useEffect, useLayoutEffect, useRef, useState } from "react";

export interface VirtualItem {
  key: string;
  height: number;
}

/**
 * Renders only the rows in view (plus a margin), so the popup stays smooth
 * with thousands of accounts. Rows have fixed heights.
 */
export function VirtualList<T extends VirtualItem>(props: {
  items: readonly T[];
  render: (item: T) => ReactNode;
  /** Index of an item to keep in view (keyboard selection). */
  scrollToIndex: number | null;
  className?: string;
  label: string;
  /** Told the height the list has to show rows in, whenever it changes. */
  onViewportHeight?: (height: number) => void;
}) {
  const ref = useRef<HTMLElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // Measured after the first paint; until then a guess, and no margin of rows out of view.
  const [measured, setMeasured] = useState<number | null>(null);
  const viewport = measured ?? 480;
  // What the list last drew with, for the scroll effect to read without asking the element.
  const drawn = useRef({ scrollTop, viewport });
  drawn.current = { scrollTop, viewport };
  const offsets: number[] = [];
  let total = 0;
  for (const item of props.items) {
    offsets.push(total);
    total += item.height;
  }

  // Measured, not assumed: the popup's height differs between browsers, and
  // what sits above the list (the account count) takes some of it.
  const { onViewportHeight } = props;
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      setMeasured(element.clientHeight || 480);
      onViewportHeight?.(element.clientHeight);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [onViewportHeight]);

  // Bring the selected row into view when the selection moves — only then: the
  // countdown re-renders four times a second and must not undo the user's scrolling.
  const selectedTop = props.scrollToIndex === null ? null : (offsets[props.scrollToIndex] ?? 0);
  const selectedHeight = props.scrollToIndex === null ? 0 : (props.items[props.scrollToIndex]?.height ?? 0);
  // Before paint, so the row moved to is drawn in view rather than a frame later. It
  // compares with what the list drew, not the element's scrollTop and clientHeight:
  // reading those lays the page out there and then, which on the popup's first render
  // (the first row selected) was a whole extra layout before its first paint.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || selectedTop === null) return;
    const { scrollTop: top, viewport: height } = drawn.current;
    const bottom = selectedTop + selectedHeight;
    if (selectedTop < top) element.scrollTop = selectedTop;
    else if (bottom > top + height) element.scrollTop = bottom - height;
  }, [selectedTop, selectedHeight]);

  // The first render draws only the rows in view: they are what the first paint shows.
  const margin = measured === null ? 0 : 400;
  const visible: ReactNode[] = [];
  props.items.forEach((item, index) => {
    const top = offsets[index] ?? 0;
    if (top + item.height < scrollTop - margin || top > scrollTop + viewport + margin) return;
    visible.push(
      <div key={item.key} className="virtual-row" style={{ top, height: item.height }}>
        {props.render(item)}
      </div>,
    );
  });

  return (
    <section
      ref={ref}
      className={props.className}
      aria-label={props.label}
      tabIndex={-1}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      <div style={{ height: total, position: "relative" }}>{visible}</div>
    </section>
  );
}
