// Server-sent events read from a fetch() body. EventSource cannot send a
// POST with a body and headers, so the paid request is made with fetch and
// its text/event-stream answer parsed here, following the WHATWG rules:
// lines end in CRLF, LF or CR; "field: value" (one space after the colon
// dropped); a blank line dispatches; lines starting with ":" are comments.
// Unlike EventSource, an event left without its blank line when the stream
// ends is still delivered: the last event is the result, worth keeping.

// Yields {event, data, id} for each event of `stream` (a ReadableStream of
// bytes); `event` is "message" when the server named none.
export async function* readEventStream(stream) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = '';
  let data = [];
  let id = '';
  const take = function* (line) {
    if (line === '') {
      if (data.length > 0) yield { event: event || 'message', data: data.join('\n'), id };
      event = '';
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      // A CR at the very end may be the first half of a CRLF: keep it.
      let end;
      while ((end = buffer.search(/\r\n|\r(?!$)|\n/)) !== -1) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        yield* take(line);
      }
    }
    if (buffer !== '') yield* take(buffer.replace(/\r$/, ''));
    yield* take('');
  } finally {
    reader.releaseLock();
  }
}
