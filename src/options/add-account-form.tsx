import { useState } from "react";

/** Add an account by pasting the `otpauth://` link from a site's 2FA setup. */
export function AddAccountForm({ onAdd }: { onAdd(uri: string, domain: string | undefined): Promise<string> }) {
  const [uri, setUri] = useState("");
  const [domain, setDomain] = useState("");
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <section className="card" aria-labelledby="add-title">
      <h2 id="add-title">Add an account</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onAdd(uri.trim(), domain.trim() || undefined).then(
            (name) => {
              setStatus({ ok: true, text: `Added ${name}.` });
              setUri("");
              setDomain("");
            },
            (error: unknown) => setStatus({ ok: false, text: error instanceof Error ? error.message : String(error) }),
          );
        }}
      >
        <label className="field">
          <span className="toggle-label">Setup link</span>
          <span className="hint">
            The otpauth:// link inside the site's QR code (many sites show it as “can't scan?”).
          </span>
          <input
            value={uri}
            onChange={(event) => setUri(event.target.value)}
            placeholder="otpauth://totp/Example:you@example.com?secret=…"
            autoComplete="off"
            spellCheck={false}
            required
          />
        </label>
        <label className="field">
          <span className="toggle-label">Site (optional)</span>
          <span className="hint">Where to fill it. Well-known services are recognised from the link.</span>
          <input value={domain} onChange={(event) => setDomain(event.target.value)} placeholder="example.com" />
        </label>
        <button type="submit" className="primary-button">
          Add account
        </button>
      </form>
      {status ? (
        <p className={status.ok ? "success" : "error"} role={status.ok ? "status" : "alert"}>
          {status.text}
        </p>
      ) : null}
    </section>
  );
}
