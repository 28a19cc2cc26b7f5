// A bounded cache for pure functions of one string that run on every request with the same few
// inputs (Host headers, listen hosts, paths, base URLs). Cleared whole when full, so input a client
// controls can never grow it without bound.
export function memoize<T>(fn: (key: string) => T, max = 256): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as T;
    const value = fn(key);
    if (cache.size >= max) cache.clear();
    cache.set(key, value);
    return value;
  };
}
