import { z } from 'zod';
import { CatalogueIndexSchema, ServerFileSchema } from './catalogue.ts';

/** /catalogue.json on the site: the whole catalogue in one document, the index plus every server file. */
export const CatalogueDownloadSchema = z.object({
  /** The format version of this file. */
  schemaVersion: z.literal(1),
  /** data/index.json as the site was built from it. */
  index: CatalogueIndexSchema,
  /** Every data/servers/<slug>.json, in index order. */
  servers: z.array(ServerFileSchema),
});
export type CatalogueDownload = z.infer<typeof CatalogueDownloadSchema>;
