/** Why the build in ROOT/dist cannot be trusted, or undefined when it can. */
export function describeStaleBuild(root: string): string | undefined;
export const SOURCE_FOLDERS: string[];
export const BUILD_FOLDER: string;
