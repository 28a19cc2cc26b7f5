export function SettingsView() {
  return <section className="view" aria-label="Settings view" />;
}
