import { useState } from "react";
import type { ImportReport } from "../protocol/methods";

export interface ImportPanelProps {
  /** Sends the file to the host; nothing of it is kept in the extension. */
  onImport(
    file: { data: string; encoding: "text" | "base64" },
    options: { password?: string; dryRun: boolean; partial: boolean },
  ): Promise<ImportReport>;
}

const TEXT_TYPES = /^(?:text\/|application\/json)|\.(?:txt|json|csv|2fas)$/i;

/** Import from another authenticator's export: preview first, then apply. */
export function ImportPanel({ onImport }: ImportPanelProps) {
  const [file, setFile] = useState<{ name: string; data: string; encoding: "text" | "base64" } | null>(null);
  const [password, setPassword] = useState("");
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (dryRun: boolean, partial = false) => {
    if (!file) return;
    setError(null);
    try {
      const report = await onImport(file, { password: password || undefined, dryRun, partial });
      if (dryRun) setPreview(report);
      else {
        setResult(report);
        setPreview(null);
      }
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <section className="card" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <p className="hint">
        Google Authenticator (export QR codes or their links), Aegis (plain or encrypted), 2FAS, Bitwarden, andOTP,
        Apple Passwords CSV, 1Password CSV, otpauth:// lists, QR code images, and Twofold backups. The file goes
        straight to the Twofold host.
      </p>
      <label className="field">
        <span className="toggle-label">Export file</span>
        <input
          type="file"
          onChange={async (event) => {
            const chosen = event.target.files?.[0];
            setPreview(null);
            setResult(null);
            if (!chosen) return setFile(null);
            const text = TEXT_TYPES.test(chosen.type) || TEXT_TYPES.test(chosen.name);
            const data = text ? await chosen.text() : toBase64(new Uint8Array(await chosen.arrayBuffer()));
            setFile({ name: chosen.name, data, encoding: text ? "text" : "base64" });
          }}
        />
      </label>
      <label className="field">
        <span className="toggle-label">Password (encrypted exports only)</span>
        <input
          type="password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete="off"
        />
      </label>
      <button type="button" className="primary-button" disabled={!file} onClick={() => run(true)}>
        Check file
      </button>
      {preview ? <ImportSummary report={preview} /> : null}
      {preview && preview.added.length > 0 ? (
        <div className="inline">
          <button type="button" className="primary-button" onClick={() => run(false, preview.invalid.length > 0)}>
            Import {preview.added.length} account{preview.added.length === 1 ? "" : "s"}
            {preview.invalid.length > 0 ? ` and skip ${preview.invalid.length} invalid` : ""}
          </button>
        </div>
      ) : null}
      {result ? (
        <p className="success" role="status">
          Imported {result.added.length} account{result.added.length === 1 ? "" : "s"}; {result.duplicates.length}{" "}
          already present.
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function ImportSummary({ report }: { report: ImportReport }) {
  return (
    <div className="import-summary" aria-live="polite">
      <p>
        {report.format}: {report.added.length} new, {report.duplicates.length} already present, {report.invalid.length}{" "}
        invalid.
      </p>
      {report.invalid.length > 0 ? (
        <ul className="problems">
          {report.invalid.slice(0, 50).map((problem) => (
            <li key={`${problem.position}:${problem.reason}`}>
              <strong>{problem.position}</strong>: {problem.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let index = 0; index < bytes.length; index += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}
