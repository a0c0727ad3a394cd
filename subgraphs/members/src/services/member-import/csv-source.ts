/** The CSV as it arrives — a whole string or chunks of an upload or a file — as byte chunks. */

/** A string source is encoded in slices of this many characters. */
const SOURCE_SLICE = 256 * 1024;

/** The CSV: a whole string, or chunks as they arrive (an upload, a file stream). */
export type CsvSource = AsyncIterable<Buffer | string> | string;

/** The source as UTF-8 byte chunks, in order. */
export async function* byteChunks(source: CsvSource): AsyncGenerator<Buffer> {
  if (typeof source === 'string') {
    for (const slice of slices(source)) yield Buffer.from(slice);
    return;
  }
  for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/**
 * A string source in slices: one big string would be encoded, and held twice, before the first
 * row reaches the database.
 */
function* slices(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + SOURCE_SLICE, text.length);
    // Never between the two halves of a surrogate pair: each slice is encoded to UTF-8 on its own.
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff && end < text.length) end += 1;
    yield text.slice(start, end);
    start = end;
  }
}
