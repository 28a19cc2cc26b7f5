export function RequestsView() {
  return <section className="view" aria-label="Requests view" />;
}
