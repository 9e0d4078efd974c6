/**
 * The TCP side: a node http server that can be closed and reopened on the same port (the
 * "IdP outage" fault) while the state, keys and knobs live on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { BodyTooLargeError, toRequest, writeResponse } from './node-bridge.js';
import { cognitoErrorResponse } from './responses.js';

/** Cognito's own request limit is far smaller in practice; 1 MB keeps a runaway client harmless. */
const MAX_BODY_BYTES = 1024 * 1024;

export class Listener {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private boundPort: number | undefined;

  constructor(
    private readonly host: string,
    private readonly handle: (request: Request) => Promise<Response>,
    private readonly log: (line: string) => void,
  ) {}

  get port(): number {
    if (this.boundPort === undefined) throw new Error('the IdP has not listened yet');
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  /** Port 0 picks an ephemeral port the first time; later calls reuse the bound one. */
  async listen(port: number): Promise<number> {
    if (this.server) return this.port;
    const server = createServer((req, res) => void this.serve(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort ?? port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    return this.boundPort;
  }

  /** Closes the port and drops open keep-alive connections, as a crashed IdP would. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The Host header names the origin the client used (localhost vs 127.0.0.1 matters to
    // browsers and cookies); anything that is not a plain host[:port] falls back to our address.
    const host = req.headers.host;
    const origin = `http://${host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(host) ? host : `${this.host}:${this.boundPort}`}`;
    try {
      const request = await toRequest(req, origin, MAX_BODY_BYTES);
      await writeResponse(res, await this.handle(request));
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        res.setHeader('connection', 'close');
        await writeResponse(res, cognitoErrorResponse('RequestEntityTooLargeException', error.message, 413));
        return;
      }
      this.log(`request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      await writeResponse(
        res,
        cognitoErrorResponse('InternalErrorException', 'The local IdP failed; see its log', 500),
      );
    }
  }
}
