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
