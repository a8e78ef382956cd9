/** `docker run -i IMAGE ARGS` (or podman's) as configurations write it: the image, its arguments, and the variables it is handed. */
import { basename } from 'node:path';

/** A server that runs as a container image. */
export interface ContainerSpec {
  image: string;
  args: string[];
  /** Names passed with `-e NAME` or `-e NAME=VALUE` (values are never used). */
  variables: string[];
}

/** `docker run` options that take a value (so the value is not mistaken for the image). */
const VALUE_OPTIONS = new Set([
  '-e', '--env', '--env-file', '-v', '--volume', '--name', '-p', '--publish', '--network', '--net', '--mount', '-w', '--workdir', '-u', '--user',
  '--entrypoint', '--platform', '-l', '--label', '-m', '--memory', '--cpus', '--add-host', '--pull', '-h', '--hostname', '--restart', '--device',
  '--cap-add', '--cap-drop', '--security-opt', '--tmpfs', '--ulimit', '--log-driver', '--log-opt', '--gpus', '--shm-size', '--pids-limit', '--dns',
  '--ipc', '--pid', '--runtime', '--stop-signal', '--stop-timeout', '--cidfile', '--group-add', '--memory-swap', '--cpuset-cpus', '--init-path',
]);

/** The container a command line runs; undefined when it is no `docker run` or `podman run`. */
export function containerSpecFor(command: string, args: readonly string[]): ContainerSpec | { error: string } | undefined {
  if (!['docker', 'podman'].includes(basename(command)) || args[0] !== 'run') return undefined;
  const variables: string[] = [];
  for (let index = 1; index < args.length; index++) {
    const argument = args[index]!;
    if (!argument.startsWith('-')) return { image: argument, args: args.slice(index + 1), variables };
    const [option, inline] = argument.includes('=') && argument.startsWith('--') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    const value = inline ?? (VALUE_OPTIONS.has(option) ? args[++index] : undefined);
    if ((option === '-e' || option === '--env') && value) {
      const name = value.split('=')[0]!;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) variables.push(name);
    }
  }
  return { error: 'expected an image after `run` and its options, got none' };
}
