/**
 * The gateway's server-sent events, read with fetch so the bearer token travels in a header (not in
 * the URL, where EventSource would have to put it). Reconnects with a growing pause.
 */
export interface LiveMessage {
  type: string;
  data: Record<string, unknown>;
}

export function parseSse(buffer: string): { messages: LiveMessage[]; rest: string } {
  const messages: LiveMessage[] = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (!data.length) continue;
    try {
      messages.push({ type, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
    } catch {
      /* not JSON: not ours */
    }
  }
  return { messages, rest };
}

export function subscribe(
  token: string,
  onMessage: (m: LiveMessage) => void,
  onState: (connected: boolean) => void,
  onUnauthenticated: () => void,
): () => void {
  const abort = new AbortController();
  let pause = 500;
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch('/api/v1/events', {
          headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (res.status === 401) return onUnauthenticated();
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        onState(true);
        pause = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseSse(buffer + value);
          buffer = parsed.rest;
          parsed.messages.forEach(onMessage);
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      onState(false);
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  };
  void run();
  return () => abort.abort();
}
