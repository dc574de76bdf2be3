// The LSP lifecycle, enforced for every request whatever handles it (ours, the library's, an
// unknown method): before `initialize` a request gets ServerNotInitialized (-32002) and a
// notification other than `exit` is dropped; `initialize` is accepted once; after `shutdown`
// a request gets InvalidRequest. And a request cancelled while it still waits in the queue is
// answered RequestCancelled at once instead of being computed: 500 cancelled hovers drain in
// the time it takes to read them.
import {
  ErrorCodes,
  LSPErrorCodes,
  Message,
  ResponseError,
  type Connection,
  type ConnectionOptions,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver/node';

/** The internal method a refused request is routed to, so that the library answers it with our error. */
const refusedMethod = '$/dnn/refused';

interface Refusal {
  code: number;
  message: string;
}

export class Lifecycle {
  private state: 'new' | 'running' | 'shutDown' = 'new';

  /** True once `shutdown` was received: leaving after it is a clean exit (code 0). */
  get shutDown(): boolean {
    return this.state === 'shutDown';
  }

  /** The connection options that make the connection follow the lifecycle. */
  readonly options: ConnectionOptions = {
    messageStrategy: {
      handleMessage: (message, next) => {
        if (Message.isRequest(message)) return next(this.screen(message));
        // Before initialize only `exit` is heard (the spec: drop other notifications).
        if (this.state === 'new' && Message.isNotification(message) && message.method !== 'exit') return;
        return next(message);
      },
    },
    connectionStrategy: {
      cancelUndispatched: (message): ResponseMessage | undefined =>
        Message.isRequest(message) ? { jsonrpc: '2.0', id: message.id, error: cancelled().toJson() } : undefined,
    },
  };

  /** Registers the handler that answers refused requests; call once, on the connection made with `options`. */
  attach(connection: Connection): void {
    connection.onRequest(refusedMethod, (refusal: Refusal) => {
      throw new ResponseError(refusal.code, refusal.message);
    });
  }

  /** The request itself, or the same id routed to the refusal its place in the lifecycle calls for. */
  private screen(request: RequestMessage): RequestMessage {
    const refuse = (code: number, message: string): RequestMessage => ({ ...request, method: refusedMethod, params: { code, message } satisfies Refusal });
    if (request.method === refusedMethod) return refuse(ErrorCodes.MethodNotFound, `unhandled method ${refusedMethod}`);
    if (this.state === 'shutDown') return refuse(ErrorCodes.InvalidRequest, `'${request.method}' after shutdown: the server is shutting down`);
    if (request.method === 'initialize') {
      if (this.state !== 'new') return refuse(ErrorCodes.InvalidRequest, 'the server is already initialized: initialize is sent once');
      this.state = 'running';
      return request;
    }
    if (this.state === 'new') return refuse(ErrorCodes.ServerNotInitialized, `'${request.method}' before initialize: send initialize first`);
    if (request.method === 'shutdown') this.state = 'shutDown';
    return request;
  }
}

/** The answer to a cancelled request (the spec's RequestCancelled), the same whatever was asked. */
export function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled by the client');
}
