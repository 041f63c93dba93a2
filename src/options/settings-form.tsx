import type { Settings } from "../settings/settings";

const TOGGLES: {
  key: "fillOnFocus" | "inlineSuggestion" | "autoSubmit" | "showNextCode";
  label: string;
  hint: string;
}[] = [
  {
    key: "fillOnFocus",
    label: "Fill when I click a code field",
    hint: "Only when exactly one account belongs to the site.",
  },
  {
    key: "inlineSuggestion",
    label: "Offer a list under the field",
    hint: "When several accounts belong to the site, or the page focused the field itself.",
  },
  { key: "autoSubmit", label: "Submit the form after filling", hint: "Off by default, so you see what was filled." },
  {
    key: "showNextCode",
    label: "Show the next code near the end",
    hint: "In the popup, when fewer than 5 seconds remain.",
  },
];

/** The settings section of the options page. */
export function SettingsForm({
  settings,
  onChange,
}: {
  settings: Settings;
  onChange(change: Partial<Settings>): void;
}) {
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {TOGGLES.map((toggle) => (
        <label key={toggle.key} className="toggle">
          <input
            type="checkbox"
            checked={settings[toggle.key]}
            onChange={(event) => onChange({ [toggle.key]: event.target.checked })}
          />
          <span>
            <span className="toggle-label">{toggle.label}</span>
            <span className="hint">{toggle.hint}</span>
          </span>
        </label>
      ))}
      <label className="field">
        <span className="toggle-label">Clear a copied code from the clipboard after</span>
        <span className="inline">
          <input
            type="number"
            min={0}
            max={600}
            value={settings.clipboardClearSeconds}
            onChange={(event) => {
              const seconds = Number.parseInt(event.target.value, 10);
              if (Number.isInteger(seconds) && seconds >= 0 && seconds <= 600)
                onChange({ clipboardClearSeconds: seconds });
            }}
          />
          seconds (0 keeps it)
        </span>
      </label>
    </section>
  );
}
