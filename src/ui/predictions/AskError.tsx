/** What went wrong with a request to the worker (predictions, confusion counts), announced at once; nothing when it went well. */
export function AskError({ asked }: { asked: { status: string; message?: string } }) {
  return asked.status === 'error' ? (
    <p className="error-text" role="alert">
      {asked.message}
    </p>
  ) : null;
}
