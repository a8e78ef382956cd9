import { type CategoryEvidence, type CategoryRule, quote } from '../evidence.ts';

// Input typed into a running program is a command to it: "send input to a running process".
const INPUT_TO_PROGRAM = /\b(?:send|sends|write|writes|type|types|pipe|pipes)\s+(?:\w+\s+){0,2}(?:input|keys|keystrokes|text|commands?)\s+(?:to|into)\s+(?:an?\s+|the\s+)?(?:running\s+|interactive\s+|active\s+|existing\s+)?(?:process|terminal|shell|session|repl|console|program)\b/;
// Building an image from a caller's build file runs its steps; running a container from a chosen image runs it.
const BUILDS_IMAGE = /\bbuild(?:s|ing)?\b[^.]{0,40}\b(?:images?|containers?)\b[^.]{0,30}\bfrom\b[^.]{0,20}\b(?:dockerfile|containerfile|build file|build context)\b|\bbuild(?:s|ing)?\b[^.]{0,20}\b(?:dockerfile|containerfile)\b/;
const RUNS_IMAGE = /\b(?:run|runs|start|starts|create|creates|launch|launches)\s+(?:an?\s+|the\s+)?(?:new\s+)?containers?\s+(?:from|using|with)\s+(?:an?\s+|the\s+|any\s+)?(?:\w+\s+)?image\b/;
// Rebuilding a machine from an image replaces everything on it.
const REBUILDS = /\b(?:rebuild|rebuilds|reimage|reimages|re-image|reinstall|reinstalls)\b[^.]{0,40}\b(?:from|using|with)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:image|snapshot|backup)\b/;

const MENTIONS = /input|keys|text|command|image|container|dockerfile|rebuild|reimage|reinstall/;

/** Tools that run programs the caller chooses without calling it code, and tools that rebuild machines. */
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
    return evidence;
  },
};
