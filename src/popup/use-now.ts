import { useEffect, useState } from "react";

/** The current time, re-rendered every `intervalMs` (countdowns). */
export function useNow(clock: () => number, intervalMs = 250): number {
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), intervalMs);
    return () => clearInterval(timer);
  }, [clock, intervalMs]);
  return now;
}
