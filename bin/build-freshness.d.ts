/** Why the build in ROOT/dist cannot be trusted, or undefined when it can. */
export function describeStaleBuild(root: string): string | undefined;
export const SOURCE_FOLDERS: string[];
export const BUILD_FOLDER: string;
/** The non-TypeScript files in the source folders that the code reads at run time, relative to ROOT. */
export function assetFiles(root: string): string[];
