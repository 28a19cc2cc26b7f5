export async function runUi() {
  return null;
}
export function renderUi() {
  return '';
}
