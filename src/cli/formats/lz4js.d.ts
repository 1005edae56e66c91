// lz4js ships no declarations: the one function the Arrow reader uses (LZ4 frame format in, bytes out).
declare module 'lz4js' {
  export function decompress(data: Uint8Array, maxSize?: number): ArrayLike<number>;
}
