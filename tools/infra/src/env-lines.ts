/**
 * Parses `KEY=value` lines as written by `infra.sh env` and `.infra/state.env`: blank lines and
 * `#` comments are skipped, an optional leading `export ` is allowed, values are taken verbatim
 * (the script never quotes them). A line that is none of these is an error, so a change in the
 * script's output fails loudly instead of yielding an empty broker list.
 */
export function parseEnvLines(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`line ${index + 1} is not KEY=value: "${line}"`);
    values[match[1]] = match[2];
  }
  return values;
}
