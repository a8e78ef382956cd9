/** Why the build in ROOT/dist cannot be trusted, or undefined when it can. */
export function describeStaleBuild(root: string): string | undefined;
export const SOURCE_FOLDERS: string[];
export const BUILD_FOLDER: string;
/** The non-TypeScript files in the source folders that the code reads at run time, relative to ROOT. */
export function assetFiles(root: string): string[];
/** True when ROOT is a package installed by npm (inside a node_modules folder): its dist/ is trusted as packed. */
export function isInstalledPackage(root: string): boolean;
