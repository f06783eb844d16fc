/**
 * The character encoding of an export, as an XML parser decides it: a byte
 * order mark first, else the `encoding` of the XML declaration, else UTF-8.
 * WordPress writes its `blog_charset` there, so an old blog's export may be
 * ISO-8859-1, windows-1252 or another single-byte set, and its bytes really
 * are in that set. Pure: bytes in, a decoder name out.
 */

/** What the start of a file says about its encoding. */
export interface SniffedEncoding {
  /** The WHATWG name TextDecoder decodes with (`windows-1252` for ISO-8859-1, as browsers do). */
  readonly encoding: string;
  /** The label the declaration gives, as written (undefined without one). */
  readonly declared: string | undefined;
}

/** An encoding the declaration names that no decoder here knows. */
export class UnknownEncodingError extends Error {
  override name = 'UnknownEncodingError';
}

/** Bytes enough to hold any XML declaration (whitespace before it included). */
export const SNIFF_BYTES = 1024;

/** Byte order marks and the encodings they mean (UTF-8's is dropped by the decoder). */
const BYTE_ORDER_MARKS: readonly (readonly [readonly number[], string])[] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** The name TextDecoder gives a label, or undefined when it knows none. */
function resolveLabel(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/**
 * Reads the encoding from the first bytes of a file (at least `SNIFF_BYTES`,
 * or the whole file when shorter). Throws UnknownEncodingError when the
 * declaration names an encoding no decoder here reads.
 */
export function sniffEncoding(head: Uint8Array): SniffedEncoding {
  for (const [mark, encoding] of BYTE_ORDER_MARKS) {
    if (mark.every((byte, index) => head[index] === byte)) return { encoding, declared: undefined };
  }
  // The declaration is ASCII in every encoding an ASCII-compatible export can have.
  const text = new TextDecoder('latin1').decode(head.subarray(0, SNIFF_BYTES));
  const declaration = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][\w.:-]*)\1/.exec(text);
  const declared = declaration?.[2];
  if (declared === undefined) return { encoding: 'utf-8', declared: undefined };
  const encoding = resolveLabel(declared);
  if (encoding === undefined) {
    throw new UnknownEncodingError(
      `the XML declaration names the encoding "${declared}", which this importer cannot read; convert the file to UTF-8 (iconv -f ${declared} -t UTF-8) and import that`,
    );
  }
  // A UTF-16 file has no ASCII declaration: one read as ASCII is wrong, and the bytes are ASCII-compatible.
  return { encoding: encoding.startsWith('utf-16') ? 'utf-8' : encoding, declared };
}
