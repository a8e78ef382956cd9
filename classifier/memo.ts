/**
 * Remembers a pure function's results. Catalogues repeat words, sentences and property names across tools, so
 * the classifier's hot paths compute each once. The cache is emptied when it reaches `limit` entries, so memory
 * stays bounded on any input; results are shared, so nothing may mutate them.
 */
export function memo<Key, Value>(compute: (key: Key) => Value, limit = 50_000): (key: Key) => Value {
  const cache = new Map<Key, Value>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value as Value;
  };
}
