import type { GetStaticPathsOptions } from 'astro';
import { isFirstShard, siteModel } from './site-data.ts';
import type { SiteModel } from './model.ts';

/** One paginated listing: its items, and the route parameters and props its pages carry (one per category, risk or view). */
export interface ListingSource<T, P extends Record<string, unknown>> {
  items: T[];
  params?: Record<string, string>;
  props?: P;
}

/**
 * The static paths of a paginated listing page: rendered once (by the first shard), from the shared
 * site model, `pageSize` items a page. Every listing page's getStaticPaths is this call.
 */
export async function listingPaths<T, P extends Record<string, unknown> = Record<string, never>>(
  paginate: GetStaticPathsOptions['paginate'],
  select: (model: SiteModel) => ListingSource<T, P>[],
  pageSize = 100,
) {
  if (!isFirstShard()) return [];
  const model = await siteModel();
  return select(model).flatMap((source) => paginate(source.items, { ...(source.params && { params: source.params }), ...(source.props && { props: source.props }), pageSize }));
}
