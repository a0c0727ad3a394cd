/**
 * A mistake of whoever ran a command — a setting, an argument, a port already taken — whose
 * message says what was expected and what came: the command prints the message alone, without a
 * stack trace. API clients never see one: what they get is a `DomainError` with a published code.
 */
export class CommandError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CommandError';
  }
}
