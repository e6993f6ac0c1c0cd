// Wraps handlers so that an exception becomes a logged error (notifications) or an error response
// (requests), never a crash of the server process.
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';

export function guard<P, R>(connection: Connection, name: string, handler: (params: P) => R): (params: P) => R | undefined {
  return (params: P) => {
    try {
      return handler(params);
    } catch (error) {
      connection.console.error(`meshwright: ${name} failed: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    }
  };
}

export function guardRequest<P, R>(connection: Connection, name: string, handler: (params: P) => R): (params: P) => R | ResponseError<void> {
  return (params: P) => {
    try {
      return handler(params);
    } catch (error) {
      connection.console.error(`meshwright: ${name} failed: ${(error as Error).stack ?? String(error)}`);
      return new ResponseError(ErrorCodes.InternalError, `meshwright: ${name} failed: ${(error as Error).message}`);
    }
  };
}
