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
try {
  await build(config);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
