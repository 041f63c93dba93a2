const RADIUS = 9;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/** Seconds left of a code, as a shrinking ring with the number inside. */
export function CountdownRing({ remainingMs, periodMs }: { remainingMs: number; periodMs: number }) {
  const fraction = Math.max(0, Math.min(1, remainingMs / periodMs));
  const seconds = Math.ceil(remainingMs / 1000);
  const urgent = seconds <= 5;
  return (
    <span
      className={`ring${urgent ? " ring-urgent" : ""}`}
      data-testid="countdown"
      data-seconds={seconds}
      aria-hidden="true"
    >
      <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
        <circle className="ring-track" cx="12" cy="12" r={RADIUS} />
        <circle
          className="ring-fill"
          cx="12"
          cy="12"
          r={RADIUS}
          strokeDasharray={CIRCUMFERENCE}
          strokeDashoffset={CIRCUMFERENCE * (1 - fraction)}
        />
      </svg>
      <span className="ring-seconds" aria-hidden="true">
        {seconds}
      </span>
    </span>
  );
}
