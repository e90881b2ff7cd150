// Table 1 in the app: the server's $cohort-characteristics-table as HTML (drawn as it will be pasted into a
// manuscript) and as CSV, for the whole cohort or a Group, grouped by a stratification variable.

/** The operation's path and query for a grouping and an optional Group id. */
export function tableOnePath(by, group, format) {
  const query = new URLSearchParams();
  if (by) query.set('by', by);
  query.set('format', format);
  const base = group ? `Group/${encodeURIComponent(group)}/$cohort-characteristics-table` : '$cohort-characteristics-table';
  return `${base}?${query}`;
}

/** The table element of the server's HTML document, adopted into this page. */
export function tableFromHtml(html, doc = document) {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const table = parsed.querySelector('table');
  if (!table) throw new Error('The server answered Table 1 without a table');
  const adopted = doc.importNode(table, true);
  adopted.id = 'table-one-table';
  adopted.classList.add('data');
  return adopted;
}
