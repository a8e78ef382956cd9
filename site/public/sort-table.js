// Progressive enhancement: column headings of `table.sortable` become buttons that sort the rows.
// Without JavaScript the table keeps the server's order and the filter links still work.
for (const table of document.querySelectorAll('table.sortable')) {
  const headings = [...table.querySelectorAll('thead th')];
  headings.forEach((heading, column) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = heading.textContent;
    heading.textContent = '';
    heading.append(button);
    heading.setAttribute('aria-sort', 'none');
    button.addEventListener('click', () => {
      const descending = heading.getAttribute('aria-sort') === 'ascending';
      for (const other of headings) other.setAttribute('aria-sort', 'none');
      heading.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
      const numeric = heading.dataset.sort === 'number';
      const key = (row) => {
        const cell = row.children[column];
        return numeric ? Number(cell?.dataset.value ?? 0) : (cell?.textContent ?? '').trim().toLowerCase();
      };
      const body = table.tBodies[0];
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a), y = key(b);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
}
