// Expands VS Code snippet bodies the way the editor does when the user accepts every default: tab stops
// ($1, ${1}), placeholders (${1:default}, nested), choices (${1|a,b|} → first), mirrors (a later $1 repeats
// the first placeholder's value), variables ($NAME, ${NAME:default} → default), and escapes (\$ \} \\, and
// \, \| inside choices). Also reports the tab stops found, so tests can check their numbering.

export interface ExpandedSnippet {
  readonly text: string;
  /** Tab-stop numbers in order of first appearance (0 = final cursor). */
  readonly tabStops: number[];
}

type Node =
  | { readonly type: 'text'; readonly value: string }
  | { readonly type: 'tabstop'; readonly index: number; readonly children: readonly Node[] | undefined }
  | { readonly type: 'choice'; readonly index: number; readonly options: readonly string[] }
  | { readonly type: 'variable'; readonly name: string; readonly children: readonly Node[] };

class Parser {
  private position = 0;
  private readonly source: string;
  constructor(source: string) {
    this.source = source;
  }

  parse(): Node[] {
    const nodes = this.sequence(false);
    if (this.position < this.source.length) throw new Error(`unexpected "${this.source[this.position]}" at ${this.position}`);
    return nodes;
  }

  /** Reads nodes until the end, or until an unescaped `}` when inside a placeholder. */
  private sequence(insidePlaceholder: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ type: 'text', value: text });
      text = '';
    };
    while (this.position < this.source.length) {
      const char = this.source[this.position]!;
      if (char === '\\') {
        const next = this.source[this.position + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.position += 2;
          continue;
        }
        text += char;
        this.position++;
        continue;
      }
      if (insidePlaceholder && char === '}') break;
      if (char === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
      }
      text += char;
      this.position++;
    }
    flush();
    return nodes;
  }

  private dollar(): Node | undefined {
    const rest = this.source.slice(this.position);
    let match = /^\$(\d+)/.exec(rest);
    if (match) {
      this.position += match[0].length;
      return { type: 'tabstop', index: Number(match[1]), children: undefined };
    }
    match = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (match) {
      this.position += match[0].length;
      return { type: 'variable', name: match[1]!, children: [] };
    }
    match = /^\$\{(\d+)/.exec(rest);
    if (match) {
      this.position += match[0].length;
      const index = Number(match[1]);
      const next = this.source[this.position];
      if (next === '}') {
        this.position++;
        return { type: 'tabstop', index, children: undefined };
      }
      if (next === ':') {
        this.position++;
        const children = this.sequence(true);
        this.expect('}');
        return { type: 'tabstop', index, children };
      }
      if (next === '|') {
        this.position++;
        const options = this.choiceOptions();
        return { type: 'choice', index, options };
      }
      throw new Error(`bad tab stop at ${this.position}`);
    }
    match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (match) {
      this.position += match[0].length;
      const name = match[1]!;
      if (this.source[this.position] === '}') {
        this.position++;
        return { type: 'variable', name, children: [] };
      }
      if (this.source[this.position] === ':') {
        this.position++;
        const children = this.sequence(true);
        this.expect('}');
        return { type: 'variable', name, children };
      }
      throw new Error(`unsupported variable form at ${this.position} (transforms are not used in our snippets)`);
    }
    return undefined; // a lone "$" is literal text
  }

  private choiceOptions(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.position < this.source.length) {
      const char = this.source[this.position]!;
      if (char === '\\' && [',', '|', '\\'].includes(this.source[this.position + 1] ?? '')) {
        current += this.source[this.position + 1];
        this.position += 2;
        continue;
      }
      if (char === ',') {
        options.push(current);
        current = '';
        this.position++;
        continue;
      }
      if (char === '|' && this.source[this.position + 1] === '}') {
        options.push(current);
        this.position += 2;
        return options;
      }
      current += char;
      this.position++;
    }
    throw new Error('unterminated choice');
  }

  private expect(char: string): void {
    if (this.source[this.position] !== char) throw new Error(`expected "${char}" at ${this.position}`);
    this.position++;
  }
}

/** Expands a snippet body (array of lines, as in snippet JSON, or one string) with every default accepted. */
export function expandSnippet(body: string | readonly string[]): ExpandedSnippet {
  const source = typeof body === 'string' ? body : body.join('\n');
  const nodes = new Parser(source).parse();
  const tabStops: number[] = [];
  const defaults = new Map<number, readonly Node[] | string>();

  // First pass: the first placeholder or choice of each number defines the value all its mirrors show.
  const collect = (list: readonly Node[]) => {
    for (const node of list) {
      if (node.type === 'tabstop' || node.type === 'choice') {
        if (!tabStops.includes(node.index)) tabStops.push(node.index);
        if (!defaults.has(node.index)) {
          if (node.type === 'choice') defaults.set(node.index, node.options[0] ?? '');
          else if (node.children) defaults.set(node.index, node.children);
        }
      }
      if (node.type === 'tabstop' && node.children) collect(node.children);
      if (node.type === 'variable') collect(node.children);
    }
  };
  collect(nodes);

  const render = (list: readonly Node[], seen: ReadonlySet<number>): string =>
    list
      .map((node) => {
        switch (node.type) {
          case 'text':
            return node.value;
          case 'variable':
            return render(node.children, seen);
          case 'choice':
          case 'tabstop': {
            if (seen.has(node.index)) throw new Error(`tab stop $${node.index} refers to itself`);
            const value = defaults.get(node.index);
            if (value === undefined) return '';
            return typeof value === 'string' ? value : render(value, new Set([...seen, node.index]));
          }
        }
      })
      .join('');

  return { text: render(nodes, new Set()), tabStops };
}
