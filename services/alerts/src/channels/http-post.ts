import { DeliveryError } from './notifier.ts';

/** The fetch the HTTP channels use; tests and proxies may pass their own. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpPostRequest {
  readonly fetch: FetchLike;
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** The attempt's deadline (DeliveryContext.signal). */
  readonly signal: AbortSignal;
  /** How errors name the endpoint: never the full URL, whose path or query may hold a token. */
  readonly target: string;
  /** Strings that must not appear in error messages (routing keys, secrets). */
  readonly secrets: readonly string[];
}

export interface HttpPostResponse {
  readonly status: number;
  /** At most 2 000 characters of the response body, secrets redacted. */
  readonly body: string;
}

const MAX_BODY_IN_MESSAGE = 2_000;

/**
 * POSTs once. Network failures, the own timeout and the attempt's deadline throw a retryable
 * DeliveryError; any HTTP answer is returned for the channel to judge. Redirects are not
 * followed (fetch would turn a 301/302 POST into a GET and send the body to another host); the
 * caller sees the 3xx.
 */
export async function httpPost(request: HttpPostRequest): Promise<HttpPostResponse> {
  if (request.signal.aborted) {
    throw new DeliveryError(`${request.target}: the delivery deadline passed before sending`, { retryable: true });
  }
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  try {
    const response = await request.fetch(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    const text = await response.text();
    return { status: response.status, body: redact(text.slice(0, MAX_BODY_IN_MESSAGE), request.secrets) };
  } catch (error) {
    if (request.signal.aborted) {
      throw new DeliveryError(`${request.target}: the delivery deadline passed while sending`, { retryable: true });
    }
    if (timeout.aborted) {
      throw new DeliveryError(`${request.target}: no answer within ${request.timeoutMs} ms`, { retryable: true });
    }
    const detail = redact(describeNetworkError(error), request.secrets);
    throw new DeliveryError(`${request.target}: request failed (${detail})`, { retryable: true });
  }
}

/**
 * The contract's rule: a 4xx other than 408/429 cannot succeed when sent again; 408, 429, 5xx
 * and anything unexpected (1xx, 3xx are judged by the caller) may.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return !(status >= 400 && status < 500);
}

/** Replaces each secret in `text` by `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Origin only (scheme, host, port): paths and queries of webhook URLs often carry tokens. */
export function safeTarget(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message}: ${code}` : `${error.message}: ${cause.message}`;
  }
  return error.message;
}

/**
 * The error for a non-2xx answer, or undefined for a 2xx. A 3xx is not retried: the endpoint
 * moved and the configuration must name the new URL.
 */
export function statusError(target: string, response: HttpPostResponse): DeliveryError | undefined {
  const { status, body } = response;
  if (status >= 200 && status < 300) return undefined;
  const detail = body.trim() === '' ? '' : `: ${body.trim()}`;
  if (status >= 300 && status < 400) {
    return new DeliveryError(`${target} answered ${status} (a redirect, not followed); configure the final URL${detail}`, {
      retryable: false,
      status,
    });
  }
  const retryable = isRetryableStatus(status);
  const why = retryable ? '' : ' (the request was refused as such; not retried)';
  return new DeliveryError(`${target} answered ${status}${why}${detail}`, { retryable, status });
}
