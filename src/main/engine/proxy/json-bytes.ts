// Reading JSON bodies as bytes, without decoding or parsing them (the request's model, a 2xx
// answer's shape, its usage object): what those readers share.

/** JSON's white space (space, tab, line feed, carriage return) as a byte. */
export function isJsonWs(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
