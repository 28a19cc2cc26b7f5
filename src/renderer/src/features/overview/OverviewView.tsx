export function OverviewView() {
  return <section className="view" aria-label="Overview view" />;
}
