import { z } from 'zod';

/**
 * One tool of `data/labelled/gathered.jsonl`: a real tool definition read from a server's public source,
 * with where it was read (repository, commit, file). No labels: annotators add those separately.
 */
export const GatheredToolSchema = z.object({
  /** Stable row id, `lab-0001` onwards, in file order. */
  id: z.string().regex(/^lab-\d{4,}$/),
  /** The server's name as this set gives it (the repository name, lower-cased). */
  server: z.string().min(1),
  /** The source repository, `owner/name`. */
  repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/),
  /** The commit the definition was read at (40 hex digits). */
  commit: z.string().regex(/^[0-9a-f]{40}$/),
  /** The file in the repository that defines the tool. */
  file: z.string().min(1),
  /** The tool's name, as the server sends it. */
  name: z.string().min(1),
  /** The description as the server sends it; null where the source gives none. */
  description: z.string().nullable(),
  /** The JSON Schema the server sends for the arguments; null where it could not be read. */
  inputSchema: z.record(z.string(), z.unknown()).nullable(),
  /** Declared MCP hints, null where the server declares none. */
  annotations: z.record(z.string(), z.unknown()).nullable(),
});
export type GatheredTool = z.infer<typeof GatheredToolSchema>;
