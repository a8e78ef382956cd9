// Pagefind's static search UI; the index is written to /pagefind/ by `mcp-risk site build`.
window.addEventListener('DOMContentLoaded', () => {
  if (typeof PagefindUI === 'function') new PagefindUI({ element: '#search', showSubResults: false, showImages: false, resetStyles: false });
});
