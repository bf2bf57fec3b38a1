/**
 * A POSIX ustar archive of text files, so a plan can be downloaded as one file and unpacked with
 * `tar -xf`. Files only, names under 100 bytes.
 */
export function tarArchive(files: { path: string; content: string }[], mtime = 0): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const blocks: Uint8Array[] = [];
  for (const f of files) {
    const name = enc.encode(f.path);
    if (name.length > 99) throw new Error(`path too long for tar: ${f.path}`);
    const data = enc.encode(f.content);
    const header = new Uint8Array(512);
    const put = (s: string, off: number) => header.set(enc.encode(s), off);
    header.set(name, 0);
    put('0000644\0', 100);
    put('0000000\0', 108);
    put('0000000\0', 116);
    put(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    put(
      `${Math.floor(mtime / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
    );
    put('        ', 148);
    put('0', 156);
    put('ustar\0', 257);
    put('00', 263);
    let sum = 0;
    for (const b of header) sum += b;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let off = 0;
  for (const b of blocks) {
    out.set(b, off);
    off += b.length;
  }
  return out;
}
