// What the message checks cost per message, in-process: a 2 KB tool result and a call whose arguments carry the
// same text, built from the real tool descriptions in the frame corpus. Prints figures; not a test.
//   npm run bench:inspect
import { readFileSync } from 'node:fs';
import { inspectServerMessage } from '../classifier/content/inspect-message.ts';

const corpus = readFileSync(new URL('../test/fixtures/content/frames.jsonl', import.meta.url), 'utf8');
const descriptions = corpus.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; message: { result?: { tools?: { description?: string }[] } } })
  .filter((frame) => frame.kind === 'definition')
  .flatMap((frame) => frame.message.result?.tools?.map((tool) => tool.description ?? '') ?? []);
const ascii = descriptions.join('\n').replace(/[^\x20-\x7e\n]/g, '').slice(0, 2048);
const unicode = descriptions.join('\n').slice(0, 2048);

function perMessage(message: Record<string, unknown>, direction: 'server-to-client' | 'client-to-server'): number {
  for (let index = 0; index < 2_000; index++) inspectServerMessage(message, direction);
  const count = 20_000;
  const started = performance.now();
  for (let index = 0; index < count; index++) inspectServerMessage(message, direction);
  return ((performance.now() - started) / count) * 1000;
}

const result = (text: string) => ({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text }] } });
const call = (text: string) => ({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'write_file', arguments: { path: 'notes/a.md', content: text } } });
console.log(`inspect bench: ${ascii.length} characters of real tool descriptions per message`);
console.log(`tool result, ASCII: ${perMessage(result(ascii), 'server-to-client').toFixed(1)} µs; with non-ASCII: ${perMessage(result(unicode), 'server-to-client').toFixed(1)} µs`);
console.log(`call arguments, ASCII: ${perMessage(call(ascii), 'client-to-server').toFixed(1)} µs`);
console.log(`trivial (echo "hello"): result ${perMessage(result('hello'), 'server-to-client').toFixed(1)} µs, arguments ${perMessage({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hello' } } }, 'client-to-server').toFixed(1)} µs`);
