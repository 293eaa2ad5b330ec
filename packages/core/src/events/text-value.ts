/**
 * A string feature value is a category while it has at most MAX_CATEGORY_LENGTH characters, and
 * a text beyond: a support ticket, a product description, a prompt. Events carry texts of any
 * length (the record limit, `ingest.max_event_bytes`, bounds them) and the warehouse stores them
 * whole; monitoring counts a text by its length instead of by its value, so thousands of distinct
 * texts never become thousands of categories.
 *
 * 256 is the length events were limited to before texts were accepted: every value an existing
 * reference or window counted as a category is still one, and only values that used to be
 * refused are texts. Feature names stay limited to 256 characters (see field-checks.ts).
 *
 * Lengths are in characters as Unicode code points, as Python's `len()` and ClickHouse's
 * `lengthUTF8()` count them (an emoji is one character, not two UTF-16 code units), so a length
 * measured on the reference in pandas, in the warehouse or here is the same number.
 */
export const MAX_CATEGORY_LENGTH = 256;

const HIGH_SURROGATE = /[\uD800-\uDBFF]/;

/**
 * The number of Unicode code points of a string (a lone surrogate counts as one). The search for
 * a first surrogate is native (and immediate for a Latin-1 string); only a text with characters
 * outside the BMP (emoji) is walked from there. About 1 ns per character at worst.
 */
export function textLength(value: string): number {
  const first = value.search(HIGH_SURROGATE);
  if (first < 0) return value.length;
  let n = value.length;
  for (let i = first; i < value.length - 1; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Whether a string feature value is a text (more than MAX_CATEGORY_LENGTH characters), not a category. */
export function isTextValue(value: string): boolean {
  // Code points are at least half and at most all of the UTF-16 length: count only between.
  if (value.length <= MAX_CATEGORY_LENGTH) return false;
  if (value.length > 2 * MAX_CATEGORY_LENGTH) return true;
  return textLength(value) > MAX_CATEGORY_LENGTH;
}
