export async function runUi() {
  return null;
}
