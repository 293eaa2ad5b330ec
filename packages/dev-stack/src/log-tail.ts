import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last `lines` lines of a text file (reads at most its last 64 KiB); '' when it does not exist. */
export function tailFile(file: string, lines = 40): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8').replace(/\n$/, '');
    return text.split('\n').slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}

/** `tailFile` framed for an error message. */
export function logExcerpt(file: string, lines = 40): string {
  const tail = tailFile(file, lines);
  return tail === '' ? `(${file} is empty or missing)` : `last lines of ${file}:\n${tail}`;
}
