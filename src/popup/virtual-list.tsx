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
  const [viewport, setViewport] = useState(480);
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
      setViewport(element.clientHeight || 480);
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
  // Before paint, so the row moved to is drawn in view rather than a frame later.
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || selectedTop === null) return;
    const bottom = selectedTop + selectedHeight;
    if (selectedTop < element.scrollTop) element.scrollTop = selectedTop;
    else if (bottom > element.scrollTop + element.clientHeight) element.scrollTop = bottom - element.clientHeight;
  }, [selectedTop, selectedHeight]);

  const margin = 400;
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
