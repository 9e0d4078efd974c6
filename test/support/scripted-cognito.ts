/**
 * A real HTTP server on 127.0.0.1:0 whose answers each test scripts, so the client is exercised
 * through an actual socket (timeouts, refused connections, raw bodies) rather than a fake fetch.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedRequest {
  operation: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export type ScriptedAnswer =
  { status?: number; json?: unknown; text?: string; headers?: Record<string, string> } | 'hang';

export interface ScriptedCognito {
  url: string;
  requests: ScriptedRequest[];
  close(): Promise<void>;
}

export async function startScriptedCognito(
  answer: (request: ScriptedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>,
): Promise<ScriptedCognito> {
  const requests: ScriptedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const raw = Buffer.concat(chunks).toString('utf8');
        const request: ScriptedRequest = {
          operation: target.slice(target.indexOf('.') + 1),
          headers: req.headers,
          body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        };
        requests.push(request);
        const reply = await answer(request);
        if (reply === 'hang') {
          hanging.add(res);
          return;
        }
        const headers = { 'content-type': 'application/x-amz-json-1.1', ...reply.headers };
        res.writeHead(reply.status ?? 200, headers);
        res.end(reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json)));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function cognitoError(type: string, message: string, status = 400): ScriptedAnswer {
  return { status, json: { __type: type, message }, headers: { 'x-amzn-errortype': type } };
}

export const TOKENS = {
  AccessToken: 'access.jwt.value',
  IdToken: 'id.jwt.value',
  ExpiresIn: 3600,
  TokenType: 'Bearer',
} as const;
