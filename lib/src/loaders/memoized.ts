/**
 * One loader per distinct argument set (`childrenByParentId(filter)` style), made on first use and
 * kept for the request: a field asked with the same arguments on many nodes shares one batch.
 */
export function memoized<K, V>(make: (key: K) => V): (key: K) => V {
  const cache = new Map<string, V>();
  return (key) => {
    const id = JSON.stringify(key);
    let value = cache.get(id);
    if (value === undefined) {
      value = make(key);
      cache.set(id, value);
    }
    return value;
  };
}
