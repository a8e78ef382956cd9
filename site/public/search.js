// Pagefind's static search UI; the index is written to /pagefind/ by `mcp-risk site build`.
// Pagefind ranks by text relevance, so a query that is exactly a package or server name is looked up
// in /search/names/ (written by the build) and those servers are shown first, above the results.
// normalizeName and nameShard repeat site/lib/search-names.ts; a test compares them.
const NAME_SHARDS = 64;
function normalizeName(text) {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}
function nameShard(name) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % NAME_SHARDS).toString(16).padStart(2, '0');
}
const shards = new Map();
async function exactMatches(query) {
  const name = normalizeName(query);
  if (!name) return [];
  const shard = nameShard(name);
  if (!shards.has(shard)) shards.set(shard, fetch(`/search/names/${shard}.json`).then((response) => (response.ok ? response.json() : {})).catch(() => ({})));
  const table = await shards.get(shard);
  return Object.hasOwn(table, name) ? table[name] : [];
}
window.addEventListener('DOMContentLoaded', () => {
  const container = document.querySelector('#search');
  if (!container || typeof PagefindUI !== 'function') return;
  new PagefindUI({ element: '#search', showSubResults: false, showImages: false, resetStyles: false });
  // Pagefind's input has only a title; give it a real accessible name.
  const name = () => container.querySelector('input')?.setAttribute('aria-label', 'Search servers and tools');
  name();
  new MutationObserver(name).observe(container, { childList: true, subtree: true });
  const box = document.createElement('section');
  box.className = 'exact-matches';
  box.setAttribute('aria-live', 'polite');
  box.setAttribute('aria-label', 'Exact name matches');
  box.hidden = true;
  (container.querySelector('form') ?? container).after(box);
  let latest = 0;
  container.addEventListener('input', async (event) => {
    if (!(event.target instanceof HTMLInputElement)) return;
    const request = ++latest;
    const matches = await exactMatches(event.target.value);
    if (request !== latest) return;
    box.replaceChildren();
    box.hidden = matches.length === 0;
    if (!matches.length) return;
    const heading = document.createElement('p');
    heading.className = 'exact-matches-heading';
    heading.textContent = matches.length === 1 ? 'Server with exactly this name' : 'Servers with exactly this name';
    const list = document.createElement('ol');
    for (const match of matches) {
      if (typeof match.url !== 'string' || !match.url.startsWith('/servers/')) continue;
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = match.url;
      link.className = 'exact-match-link';
      link.textContent = String(match.title);
      item.append(link);
      list.append(item);
    }
    box.append(heading, list);
  });
});
