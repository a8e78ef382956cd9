import { type CategoryEvidence, type CategoryRule, quote } from '../evidence.ts';

// Input typed into a running program is a command to it: "send input to a running process".
const INPUT_TO_PROGRAM = /\b(?:send|sends|write|writes|type|types|pipe|pipes)\s+(?:\w+\s+){0,2}(?:input|keys|keystrokes|text|commands?)\s+(?:to|into)\s+(?:an?\s+|the\s+)?(?:running\s+|interactive\s+|active\s+|existing\s+)?(?:process|terminal|shell|session|repl|console|program)\b/;
// Building an image from a caller's build file runs its steps; running a container from a chosen image runs it.
const BUILDS_IMAGE = /\bbuild(?:s|ing)?\b[^.]{0,40}\b(?:images?|containers?)\b[^.]{0,30}\bfrom\b[^.]{0,20}\b(?:dockerfile|containerfile|build file|build context)\b|\bbuild(?:s|ing)?\b[^.]{0,20}\b(?:dockerfile|containerfile)\b/;
const RUNS_IMAGE = /\b(?:run|runs|start|starts|create|creates|launch|launches)\s+(?:an?\s+|the\s+)?(?:new\s+)?containers?\s+(?:from|using|with)\s+(?:an?\s+|the\s+|any\s+)?(?:\w+\s+)?image\b/;
// Rebuilding a machine from an image replaces everything on it.
const REBUILDS = /\b(?:rebuild|rebuilds|reimage|reimages|re-image|reinstall|reinstalls)\b[^.]{0,40}\b(?:from|using|with)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:image|snapshot|backup)\b/;

// Restoring a dump, backup or snapshot replaces the current data with the older copy.
const RESTORES_OVER = /\b(?:restor(?:e|es|ing)|roll(?:s|ing)?[ -]?back|rollbacks?|revert(?:s|ing)?)\b[^.]{0,40}\b(?:dumps?|backups?|snapshots?|checkpoints?)\b|\b(?:dumps?|backups?|snapshots?)\b[^.]{0,30}\b(?:restored?|load(?:ed)?)\s+(?:into|over|onto)\b/;
// A pipeline, workflow or job run from a definition the caller writes runs whatever steps it holds.
const RUNS_DEFINITION = /\b(?:run|runs|trigger|triggers|start|starts|execute|executes)\b[^.]{0,30}\b(?:pipelines?|workflows?|jobs?|builds?)\b/;
// A property holding such a definition's text: "configContent", "pipeline_yaml", "buildDefinitionYaml".
const DEFINITION_WORDS = new Set(['config', 'configuration', 'definition', 'spec', 'pipeline', 'workflow']);
const TEXT_WORDS = new Set(['content', 'yaml', 'yml', 'text', 'body', 'source']);

const MENTIONS = /input|checkpoint|keys|text|command|image|container|dockerfile|rebuild|reimage|reinstall|restor|dump|backup|snapshot|pipeline|workflow|job|build/;

/** Tools that run programs the caller chooses without calling it code, and tools that rebuild machines or restore old copies over data. */
export const runsProgramRule: CategoryRule = {
  id: 'program',
  title: 'Programs, images and machines the caller chooses',
  evaluate(features) {
    const evidence: CategoryEvidence[] = [];
    const { opening } = features;
    // Every pattern needs one of these words: most tools are dismissed with one cheap test.
    if (!MENTIONS.test(opening)) return evidence;
    const input = INPUT_TO_PROGRAM.exec(opening);
    if (input) evidence.push({ id: 'program.input', label: 'sends input to a running program, which runs it', evidence: quote(input[0]), supports: 'execute', weight: 3 });
    const image = BUILDS_IMAGE.exec(opening) ?? RUNS_IMAGE.exec(opening);
    if (image) evidence.push({ id: 'program.image', label: 'builds or runs a container image the caller chooses', evidence: quote(image[0]), supports: 'execute', weight: 3 });
    const rebuild = REBUILDS.exec(opening);
    if (rebuild) evidence.push({ id: 'program.rebuild', label: 'rebuilds a machine from an image, replacing what is on it', evidence: quote(rebuild[0]), supports: 'destructive', weight: 3 });
    const restore = RESTORES_OVER.exec(opening);
    if (restore) evidence.push({ id: 'program.restore', label: 'restores an older copy over the current data', evidence: quote(restore[0]), supports: 'destructive', weight: 3 });
    const definition = RUNS_DEFINITION.test(opening) ? features.properties.find((property) => property.words.some((word) => DEFINITION_WORDS.has(word.text)) && property.words.some((word) => TEXT_WORDS.has(word.text))) : undefined;
    if (definition) evidence.push({ id: 'program.definition', label: 'runs a pipeline or job from a definition the caller writes', evidence: `property "${definition.name}"`, supports: 'execute', weight: 3 });
    return evidence;
  },
};
