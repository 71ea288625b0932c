// One way to turn anything thrown into the text shown to the user.
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
