// URL helpers shared by main and renderer.

/** host:port exactly as written in the URL (the port only when the URL has one). */
export function displayHost(baseUrl: string): string {
  try {
    const u = new URL(baseUrl);
    return u.port ? `${u.hostname}:${u.port}` : u.hostname;
  } catch {
    return baseUrl;
  }
}

/** Whether the string is an absolute http(s) URL; returns the reason when it is not. */
export function checkHttpUrl(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `"${value}" is not a valid URL (expected e.g. https://relay.example/v1)`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return `"${value}" must start with http:// or https://`;
  }
  if (u.username || u.password) return 'put credentials in auth, not in the URL';
  if (u.search || u.hash) return 'the base URL must not have a query or fragment';
  return null;
}
