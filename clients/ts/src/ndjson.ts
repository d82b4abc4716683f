/**
 * Incremental line splitter: feed decoded text in arbitrary chunks,
 * get back every complete, non-blank line (without `\n` / `\r\n`).
 */
export class LineSplitter {
  private buf = '';

  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    let nl = text.indexOf('\n');
    // Only the new text is scanned, so long lines spread over many chunks stay linear.
    while (nl >= 0) {
      const piece = text.slice(start, nl);
      const line = this.buf ? this.buf + piece : piece;
      this.buf = '';
      emit(lines, line);
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) this.buf += text.slice(start);
    return lines;
  }

  /** The trailing line that had no `\n`, if any. */
  end(): string[] {
    const lines: string[] = [];
    emit(lines, this.buf);
    this.buf = '';
    return lines;
  }
}

function emit(lines: string[], line: string): void {
  if (line.endsWith('\r')) line = line.slice(0, -1);
  if (line.trim() !== '') lines.push(line);
}

/** Yields lines of a byte stream as they complete (UTF-8, split-safe). */
export async function* readLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const splitter = new LineSplitter();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const line of splitter.push(decoder.decode(value, { stream: true }))) yield line;
    }
    finished = true;
    for (const line of splitter.push(decoder.decode())) yield line;
    for (const line of splitter.end()) yield line;
  } finally {
    // Consumer stopped early or read failed: release the connection.
    if (!finished) reader.cancel().catch(() => {});
    else reader.releaseLock();
  }
}
