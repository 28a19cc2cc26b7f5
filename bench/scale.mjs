export async function runScale() {
  return null;
}
