/**
 * A registry URL split into the URL proper and its credentials: fetch refuses URLs that carry
 * user:password, and no error message may show the password.
 */
export interface RegistryEndpoint {
  /** Without credentials and without a trailing slash. */
  readonly url: string;
  readonly auth?: { readonly username: string; readonly password: string };
}

export function registryEndpoint(raw: string): RegistryEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new TypeError('schemaRegistryUrl is not a URL; expected e.g. http://127.0.0.1:8081/apis/ccompat/v7');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`schemaRegistryUrl must be http or https, not ${parsed.protocol}`);
  }
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const url = parsed.toString().replace(/\/+$/, '');
  return username ? { url, auth: { username, password } } : { url };
}
