/** Copies `text` to the clipboard; the message to show either way (plain http, as on a classroom server, has no clipboard API). */
export async function copyText(text: string, what: string): Promise<string> {
  try {
    await navigator.clipboard.writeText(text);
    return `${what} copied.`;
  } catch {
    return `Your browser does not allow copying here: download ${what} instead.`;
  }
}
