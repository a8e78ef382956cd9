// Pagefind's static search UI; the index is written to /pagefind/ by `mcp-risk site build`.
// Pagefind ranks by text relevance, which puts a server behind its own tools (its name is in each of
// them). So servers come first, in a box above the results: a query that is exactly a package or
// server name is looked up in /search/names/ (written by the build), then the servers Pagefind finds
// with the `type: server` filter. `/search/?q=…` runs its query on load, and the address follows the
// query, so a search can be linked.
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
const SERVERS_SHOWN = 8;
let pagefindModule;
async function matchingServers(query) {
  const term = query.trim();
  if (!term) return [];
  try {
    pagefindModule ??= import('/pagefind/pagefind.js');
    const pagefind = await pagefindModule;
    const search = await pagefind.search(term, { filters: { type: 'server' } });
    const data = await Promise.all(search.results.slice(0, SERVERS_SHOWN).map((result) => result.data()));
    return data.map((item) => ({ url: item.url, title: String(item.meta?.title ?? item.url).replace(/ \(server\)$/, '') }));
  } catch {
    return [];
  }
}
function serverList(heading, matches, seen) {
  const list = document.createElement('ol');
  for (const match of matches) {
    if (typeof match.url !== 'string' || !match.url.startsWith('/servers/') || seen.has(match.url)) continue;
    seen.add(match.url);
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = match.url;
    link.className = 'exact-match-link';
    link.textContent = String(match.title);
    item.append(link);
    list.append(item);
  }
  if (!list.children.length) return [];
  const title = document.createElement('p');
  title.className = 'exact-matches-heading';
  title.textContent = heading(list.children.length);
  return [title, list];
}
function queryFromAddress() {
  return new URLSearchParams(window.location.search).get('q') ?? '';
}
function showQueryInAddress(query) {
  if (!document.querySelector('main #search') || window.location.pathname !== '/search/') return;
  const address = new URL(window.location.href);
  if (query.trim()) address.searchParams.set('q', query);
  else address.searchParams.delete('q');
  window.history.replaceState(null, '', address);
}
window.addEventListener('DOMContentLoaded', () => {
  const container = document.querySelector('#search');
  if (!container || typeof PagefindUI !== 'function') return;
  const ui = new PagefindUI({ element: '#search', showSubResults: false, showImages: false, resetStyles: false });
  // Pagefind's input has only a title; give it a real accessible name.
  const box = document.createElement('section');
  box.className = 'exact-matches';
  box.setAttribute('aria-live', 'polite');
  box.setAttribute('aria-label', 'Servers');
  box.hidden = true;
  container.prepend(box);
  // Pagefind renders its form after this runs: the servers box goes right below the search box, above the results (its drawer), once they are there.
  const arrange = () => {
    container.querySelector('input')?.setAttribute('aria-label', 'Search servers and tools');
    const drawer = container.querySelector('.pagefind-ui__drawer');
    if (drawer) {
      if (drawer.previousElementSibling !== box) drawer.before(box);
    } else {
      const form = container.querySelector('form');
      if (form && box.parentElement !== form) form.append(box);
    }
  };
  arrange();
  new MutationObserver(arrange).observe(container, { childList: true, subtree: true });
  let latest = 0;
  async function showServers(query) {
    const request = ++latest;
    const [exact, found] = await Promise.all([exactMatches(query), matchingServers(query)]);
    if (request !== latest) return;
    const seen = new Set();
    const parts = [
      ...serverList((count) => (count === 1 ? 'Server with exactly this name' : 'Servers with exactly this name'), exact, seen),
      ...serverList((count) => (count === 1 ? 'Server' : 'Servers'), found, seen),
    ];
    box.replaceChildren(...parts);
    box.hidden = parts.length === 0;
  }
  container.addEventListener('input', (event) => {
    if (!(event.target instanceof HTMLInputElement)) return;
    showQueryInAddress(event.target.value);
    showServers(event.target.value);
  });
  const initial = queryFromAddress();
  if (initial.trim()) {
    ui.triggerSearch(initial);
    showServers(initial);
  }
});
