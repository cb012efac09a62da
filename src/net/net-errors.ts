/** Named errors of the outbound HTTP client; compare `err.name`, not instanceof. */

/** A request was refused because the host is (or resolves to) a non-public address. */
export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly retryable = false;
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      host === address
        ? `${host} is a private, loopback or link-local address; requests there are not allowed`
        : `${host} resolves to ${address}, a private, loopback or link-local address; requests there are not allowed`,
    );
  }
}

/** Why an outbound request failed. */
export type RequestErrorCode = 'BAD_URL' | 'CONNECT_TIMEOUT' | 'TIMEOUT' | 'NETWORK' | 'TOO_MANY_REDIRECTS';

/** An outbound request failed before or while its response arrived. */
export class RequestError extends Error {
  override name = 'RequestError';
  constructor(
    message: string,
    readonly code: RequestErrorCode,
    /** Whether trying again later may help (timeouts and network errors do; a bad URL does not). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}
