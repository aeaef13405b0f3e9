/** google.rpc.Code values OTLP clients read (a subset: the ones these routes answer with). */
export const RPC_CODE = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** The google.rpc.Status code that goes with each HTTP status these routes answer. */
export function rpcCodeOf(status: number): number {
  switch (status) {
    case 400:
    case 415:
      return RPC_CODE.INVALID_ARGUMENT;
    case 401:
      return RPC_CODE.UNAUTHENTICATED;
    case 403:
      return RPC_CODE.PERMISSION_DENIED;
    case 404:
      return RPC_CODE.NOT_FOUND;
    case 409:
      return RPC_CODE.FAILED_PRECONDITION;
    case 413:
    case 429:
      return RPC_CODE.RESOURCE_EXHAUSTED;
    case 503:
      return RPC_CODE.UNAVAILABLE;
    default:
      return RPC_CODE.INTERNAL;
  }
}

/** A request the OTLP routes refuse; answered as a google.rpc.Status in the request's encoding. */
export class OtlpRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
