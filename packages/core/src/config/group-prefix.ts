/**
 * The consumer group prefix of a topic prefix, for a config that sets none: the topic prefix with
 * a trailing "." written as "-" (and a trailing "-" as "."), so the default `modelwatch.` keeps
 * today's `modelwatch-` groups (and their committed offsets). Swapping the last character both
 * ways makes the mapping one-to-one: two topic prefixes never share a consumer group.
 */
export function groupPrefixFor(topicPrefix: string): string {
  const last = topicPrefix.at(-1);
  const swapped = last === '.' ? '-' : last === '-' ? '.' : last;
  return swapped === undefined ? '' : `${topicPrefix.slice(0, -1)}${swapped}`;
}
