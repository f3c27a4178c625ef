/**
 * Errors in what the user gave us: a file, a flag, a value. They print as one line
 * (`file:line:col: message`, or `--flag: message`) and make the command exit 2
 * before anything is sent.
 */
export interface Position {
  line: number;
  col: number;
}

export interface InputErrorLocation {
  file?: string;
  position?: Position;
  flag?: string;
}

export class InputError extends Error {
  readonly code = 'E_INPUT';
  override readonly name = 'InputError';

  constructor(
    message: string,
    readonly where: InputErrorLocation = {},
  ) {
    super(message);
  }

  /** The one line a user sees (a message is never allowed to break it). */
  format(): string {
    return this.formatWhere().replace(/\s*\n\s*/g, ' ');
  }

  private formatWhere(): string {
    const { file, position, flag } = this.where;
    if (flag) return `${flag}: ${this.message}`;
    if (file && position) return `${file}:${position.line}:${position.col}: ${this.message}`;
    if (file) return `${file}: ${this.message}`;
    return this.message;
  }
}

/** Several input errors found in one pass (a `validate` lists them all). */
export class InputErrors extends Error {
  readonly code = 'E_INPUT';
  override readonly name = 'InputErrors';

  constructor(readonly errors: readonly InputError[]) {
    super(errors.map((e) => e.format()).join('\n'));
  }
}
