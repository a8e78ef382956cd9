// Renders the site's pages with Astro's programmatic API in a plain Node process. The CLI runs
// TypeScript through tsx, whose module hooks make every one of Astro's per-page imports a
// cross-thread round trip; here Vite compiles the TypeScript the pages import instead, and the
// build command writes downloads and the search index in parallel. Input: the inline Astro config
// as JSON in MCP_RISK_ASTRO_CONFIG (see astro-config.ts).
import { build } from 'astro';

const config = JSON.parse(process.env.MCP_RISK_ASTRO_CONFIG ?? 'null');
if (!config) {
  process.stderr.write('render-pages: expected the Astro configuration in MCP_RISK_ASTRO_CONFIG, got nothing\n');
  process.exit(2);
}
/**
 * Markdown the pages include (docs/taxonomy.md on the methodology page) sits under a page's own h1
 * and h2: its headings move one level down, so every page keeps exactly one h1.
 */
function demoteHeadings() {
  const visit = (node) => {
    if (node.type === 'element' && /^h[1-5]$/.test(node.tagName)) node.tagName = `h${Number(node.tagName[1]) + 1}`;
    for (const child of node.children ?? []) visit(child);
  };
  return (tree) => visit(tree);
}
config.markdown = { ...config.markdown, rehypePlugins: [...(config.markdown?.rehypePlugins ?? []), demoteHeadings] };
try {
  await build(config);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
