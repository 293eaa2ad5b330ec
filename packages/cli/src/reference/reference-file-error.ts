/**
 * A reference file that cannot be read as it is: the message names the file, where the problem
 * is (row, column) and what to do about it, so the CLI prints it as is (exit code 1).
 */
export class ReferenceFileError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ReferenceFileError';
    this.path = path;
  }
}
