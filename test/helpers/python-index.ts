/**
 * A Python package index on loopback for tests (PEP 503 "simple" pages), serving a wheel built here: a small
 * stdio MCP server in plain Python (JSON-RPC over stdin and stdout, no SDK, no dependencies). This machine
 * reaches no real Python index, and a test must not depend on one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

/** The distribution the index serves, its module and its console script. */
export const PYTHON_SERVER = { name: 'mcp-risk-test-server', module: 'mcp_risk_test_server', version: '1.0.0' } as const;

// The server: answers initialize and tools/list; a tool's description says which API key value it saw, so a test
// can check that the configuration's real value never reached it.
const SERVER_SOURCE = String.raw`import json, os, sys

def main():
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if "id" not in message:
            continue
        method = message.get("method")
        if method == "initialize":
            result = {"protocolVersion": message["params"]["protocolVersion"], "capabilities": {"tools": {}}, "serverInfo": {"name": "python-notes", "version": "1.0.0"}}
        elif method == "tools/list":
            key = os.environ.get("NOTES_API_KEY", "(none)")
            result = {"tools": [
                {"name": "read_note", "description": "Read a note. Key seen: " + key, "inputSchema": {"type": "object", "properties": {"title": {"type": "string"}}}},
                {"name": "delete_note", "description": "Delete a note permanently.", "inputSchema": {"type": "object", "properties": {"title": {"type": "string"}}}},
            ]}
        else:
            sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32601, "message": "method not found"}}) + "\n")
            sys.stdout.flush()
            continue
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}) + "\n")
        sys.stdout.flush()
`;

// Writes a wheel with Python's own zipfile: a package, its __main__, dist-info with an entry point and a RECORD.
const WHEEL_BUILDER = String.raw`import base64, hashlib, sys, zipfile
out, name, module, version, source = sys.argv[1:6]
dist = module + "-" + version + ".dist-info"
files = {
    module + "/__init__.py": source,
    module + "/__main__.py": "from " + module + " import main\nmain()\n",
    dist + "/METADATA": "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n",
    dist + "/WHEEL": "Wheel-Version: 1.0\nGenerator: mcp-risk-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    dist + "/entry_points.txt": "[console_scripts]\n" + name + " = " + module + ":main\n",
}
record = []
with zipfile.ZipFile(out, "w") as wheel:
    for path, text in files.items():
        data = text.encode()
        wheel.writestr(path, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(path + ",sha256=" + digest + "," + str(len(data)))
    record.append(dist + "/RECORD,,")
    wheel.writestr(dist + "/RECORD", "\n".join(record) + "\n")
`;

/** Builds the test server's wheel into DIRECTORY with Debian's Python; returns its file name. */
export function buildTestWheel(directory: string): string {
  const file = `${PYTHON_SERVER.module}-${PYTHON_SERVER.version}-py3-none-any.whl`;
  execFileSync('/usr/bin/python3', ['-c', WHEEL_BUILDER, join(directory, file), PYTHON_SERVER.name, PYTHON_SERVER.module, PYTHON_SERVER.version, SERVER_SOURCE]);
  return file;
}

/** Serves `/simple/<name>/` and the wheel on 127.0.0.1; returns the index URL (…/simple) and the server to close. */
export async function servePythonIndex(directory: string, wheel: string): Promise<{ url: string; server: Server; requests: string[] }> {
  const bytes = readFileSync(join(directory, wheel));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(path);
    if (path === `/simple/${PYTHON_SERVER.name}/`) {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!DOCTYPE html><html><body><a href="/files/${wheel}#sha256=${sha256}">${wheel}</a></body></html>\n`);
    } else if (path === `/files/${wheel}`) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(bytes);
    } else {
      response.writeHead(404).end('not found\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/simple`, server, requests };
}
