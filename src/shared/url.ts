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

/** A forwarding proxy's URL: http(s), host and port, nothing else (a user and password may be in it). */
export function checkProxyUrl(value: string): string | null {
  if (value.length > 2048) return `is ${value.length} characters long; at most 2048 are allowed`;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'is not a valid URL (expected e.g. http://proxy.example:8080)';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return 'must start with http:// or https://';
  }
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
    return 'a proxy URL has only a host and a port (no path, query or fragment)';
  }
  return null;
}
