import type { ErrorBody } from "../protocol/error-codes";

export interface StatusPanelProps {
  error: ErrorBody;
  installCommand: string;
  onRetry(): void;
  onCopyCommand(command: string): void;
}

/** The popup's words for each way it can fail, with the exact fix. */
export function StatusPanel({ error, installCommand, onRetry, onCopyCommand }: StatusPanelProps) {
  if (error.code === "HOST_MISSING") {
    return (
      <section className="panel" aria-labelledby="panel-title" data-state="host-missing">
        <h2 id="panel-title">Connect Twofold to this computer</h2>
        <p>
          Your codes are made by a small program on your computer, which keeps the secrets in your keychain. It is not
          installed for this browser yet. In a terminal, run:
        </p>
        <div className="command">
          <code data-testid="install-command">{installCommand}</code>
          <button type="button" className="text-button" onClick={() => onCopyCommand(installCommand)}>
            Copy
          </button>
        </div>
        <p className="muted">
          <code>twofold</code> is the program from Twofold's release; in a copy of its source, run{" "}
          <code>npx twofold</code> there instead. Then restart the browser, or press Retry.
        </p>
        <button type="button" className="primary-button" onClick={onRetry}>
          Retry
        </button>
      </section>
    );
  }
  const title =
    error.code === "STORE_LOCKED"
      ? "Your accounts are locked"
      : error.code === "HOST_DISCONNECTED" || error.code === "TIMEOUT"
        ? "The Twofold host stopped"
        : error.code === "ACCESS_DENIED"
          ? "Access to your keychain was denied"
          : "Twofold could not read your accounts";
  return (
    <section
      className="panel"
      aria-labelledby="panel-title"
      data-state={error.code === "STORE_LOCKED" ? "locked" : "error"}
    >
      <h2 id="panel-title">{title}</h2>
      <p data-testid="error-message">{error.message}</p>
      <button type="button" className="primary-button" onClick={onRetry}>
        Retry
      </button>
    </section>
  );
}

/** No accounts yet: say how to add the first. */
export function EmptyPanel({ onOpenOptions }: { onOpenOptions(): void }) {
  return (
    <section className="panel" aria-labelledby="panel-title" data-state="empty">
      <h2 id="panel-title">No accounts yet</h2>
      <p>Bring your accounts over from another authenticator, or add one from its setup link.</p>
      <button type="button" className="primary-button" onClick={onOpenOptions}>
        Import or add accounts
      </button>
      <p className="muted">
        Or in a terminal: <code>twofold import FILE</code>
      </p>
    </section>
  );
}
